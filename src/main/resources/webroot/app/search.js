// Reviewer search over GET /api/v1/footage: the filters the API offers (incident, case, officer,
// recorded range, device, file name prefix, hash), results paged by cursor.
// The filters live in the page's query string, so a search can be bookmarked and Back returns to it.
import { currentSession, api } from '/app/session.js';
import { say, json, pagedList, chrome, fields, utc } from '/app/ui.js';
import { footageRow, footageQuery } from '/app/footage-rows.js';

const $ = (x) => document.getElementById(x);
const form = $('search-form');
let filters = {};

const results = pagedList({
  body: $('results-body'),
  more: $('results-more'),
  status: $('results-status'),
  empty: 'No footage matches.',
  fetchPage: (cursor) => json(api(footageQuery(forApi(filters), cursor))),
  row: footageRow,
});

// The page address keeps the local times as typed; the API is sent them in UTC.
function forApi(f) {
  const out = { ...f };
  for (const name of ['recordedFrom', 'recordedTo']) {
    if (out[name]) out[name] = utc(out[name]);
  }
  return out;
}

function fromUrl() {
  const q = new URLSearchParams(window.location.search);
  for (const input of form.querySelectorAll('input[name]')) input.value = q.get(input.name) || '';
}

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  say($('search-error'), '');
  if (!form.checkValidity()) {
    say($('search-error'), 'The SHA-256 must be 64 hexadecimal digits.', 'error');
    $('q-sha256').focus();
    return;
  }
  filters = fields(form);
  if (filters.sha256) filters.sha256 = filters.sha256.toLowerCase();
  window.history.replaceState(null, '', `?${new URLSearchParams(filters)}`);
  results.load();
});

async function main() {
  await chrome(currentSession);
  fromUrl();
  filters = fields(form);
  results.load();
}

main().catch((err) => say($('search-error'), `The page could not load: ${err.message}`, 'error'));
