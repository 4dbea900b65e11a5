// Oversight: one footage's custody history, decoded from its signed events, paged by cursor.
// (?id=… opens a footage directly, so other pages can link here.)
import { startPage, say, getJson, fields, fillRows, footageLink, Pager } from '/app/admin-kit.js';

const $ = (id) => document.getElementById(id);
const PAGE = 100;

function details(d) {
  return d ? Object.entries(d).map(([k, v]) => `${k}: ${v}`).join('; ') : '';
}

async function main() {
  if (!(await startPage(['oversight', 'reviewer', 'admin']))) {
    return;
  }
  let id = '';
  const pager = new Pager({
    load: (cursor) => getJson(`/api/v1/footage/${encodeURIComponent(id)}/history?limit=${PAGE}&cursor=${encodeURIComponent(cursor)}`),
    render: (items) => fillRows($('events'), items.map((e) => [String(e.index), e.time, e.type,
      `${e.actorId} (${e.actorRole})`, e.purpose || '', e.location || '', details(e.details)]), 'No events.', 7),
    prev: $('prev'), next: $('next'), status: 'history-status',
  });
  const show = (footageId) => {
    id = footageId;
    $('footage-id').value = id;
    const p = $('footage-link');
    p.replaceChildren('Footage page: ', footageLink(id));
    pager.reset();
  };
  $('find-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = fields(e.target);
    if (!f.id) {
      say('history-status', 'Enter a footage id.', true);
      return;
    }
    show(f.id);
  });
  const requested = new URLSearchParams(window.location.search).get('id');
  if (requested) {
    show(requested);
  }
}

main().catch((err) => say('page-status', `The page could not load: ${err.message}`, true));
