// Admin: legal holds, retention and disposal — for all footage of an incident or a case, a
// bounded page (200) per request following nextCursor, with each item's outcome; or one footage.
import { startPage, api, say, problemOf, getJson, sendJson, el, footageLink, fields, fillRows } from '/app/admin-kit.js';

const BULK_PATHS = { hold: '/api/v1/holds/bulk', retention: '/api/v1/retention/bulk', dispose: '/api/v1/disposals/bulk' };
const $ = (id) => document.getElementById(id);

/** A date input's value as the start of that day in UTC (the API takes RFC 3339). */
function utcDay(date) {
  return date ? `${date}T00:00:00Z` : undefined;
}

// ---- bulk ----

let bulk = null; // the running selection: {path, body, done, refused, pages}

function showBulkFields() {
  const action = $('bulk-action').value;
  $('bulk-hold-fields').hidden = action !== 'hold';
  $('bulk-retention-fields').hidden = action !== 'retention';
  $('bulk-purpose-fields').hidden = action === 'hold';
  $('bulk-confirm-fields').hidden = action !== 'dispose';
}

/** The bulk request's body from the form, or an error message. */
function bulkRequest() {
  const f = fields($('bulk-form'));
  if (!f.target) {
    return { error: 'Name the incident or case.' };
  }
  const body = { [f.scope]: f.target };
  if (f.action === 'hold') {
    Object.assign(body, { reason: f.reason, matter: f.matter });
  } else if (f.action === 'retention') {
    Object.assign(body, { retainUntil: utcDay(f.retainUntil), purpose: f.purpose });
  } else {
    if (!$('bulk-confirm').checked) {
      return { error: 'Tick the confirmation to dispose.' };
    }
    body.purpose = f.purpose;
  }
  return { path: BULK_PATHS[f.action], body };
}

async function runBulkPage(cursor) {
  const body = cursor ? { ...bulk.body, cursor } : bulk.body;
  say('bulk-status', 'Working…');
  $('bulk-next').hidden = true;
  const { json, problem } = await sendJson('POST', bulk.path, body);
  if (problem) {
    say('bulk-status', `Refused: ${problem}`, true);
    return;
  }
  bulk.pages += 1;
  bulk.done += json.done;
  bulk.refused += json.refused;
  $('bulk-table').hidden = false;
  fillRows($('bulk-outcomes'), json.items.map((item) => {
    const outcome = el('span', item.outcome, { class: `outcome-${item.outcome}` });
    const why = item.outcome === 'done'
      ? `${item.event.type} at ledger index ${item.event.index}`
      : `${item.detail} (HTTP ${item.status})`;
    return [footageLink(item.footageId), outcome, why];
  }), 'No footage on this page.', 3);
  say('bulk-totals', `So far, over ${bulk.pages} page(s): ${bulk.done} done, ${bulk.refused} refused.`);
  if (json.nextCursor) {
    bulk.cursor = json.nextCursor;
    $('bulk-next').hidden = false;
    say('bulk-status', `Page ${bulk.pages} applied: ${json.done} done, ${json.refused} refused. More footage follows.`);
  } else {
    say('bulk-status', `Finished: page ${bulk.pages} applied (${json.done} done, ${json.refused} refused); no more footage.`);
  }
}

// ---- one footage ----

let current = null; // the footage id shown

async function showOne(id) {
  current = id;
  try {
    const [footage, holds] = await Promise.all([
      getJson(`/api/v1/footage/${encodeURIComponent(id)}`),
      getJson(`/api/v1/footage/${encodeURIComponent(id)}/holds`),
    ]);
    const facts = $('one-facts');
    facts.replaceChildren();
    const rec = footage.footage || footage;
    const rows = [['Footage', footageLink(rec.id)], ['File', rec.filename], ['Incident', rec.incident],
      ['On hold', rec.onHold ? 'yes' : 'no'], ['Retained until', rec.retainUntil || '—'],
      ['Disposed', rec.disposedAt || 'no']];
    for (const [k, v] of rows) {
      const dd = el('dd');
      dd.append(v instanceof Node ? v : document.createTextNode(v ?? '—'));
      facts.append(el('dt', k), dd);
    }
    fillRows($('one-holds'), holds.items.map((h) => [h.matter || '—', h.reason, `${h.placedAt} by ${h.placedBy}`,
      h.open ? 'open' : `released ${h.releasedAt} by ${h.releasedBy}: ${h.releaseReason || ''}`]), 'No holds.', 4);
    const select = $('release-hold');
    select.replaceChildren(...holds.items.filter((h) => h.open)
      .map((h) => el('option', `${h.matter || 'no matter'} — ${h.reason}`, { value: h.id })));
    $('release-form').hidden = select.options.length === 0;
    $('one-detail').hidden = false;
    return true;
  } catch (err) {
    $('one-detail').hidden = true;
    say('one-status', err.message, true);
    return false;
  }
}

/** Runs one action on the footage shown, then shows its new state and what happened. */
async function act(label, request) {
  const res = await request();
  if (!res.ok) {
    say('one-status', `${label} refused: ${await problemOf(res)}`, true);
    return;
  }
  const answer = await res.json();
  const index = answer.event ? ` (ledger index ${answer.event.index})` : '';
  if (await showOne(current)) {
    say('one-status', `${label}: done${index}.`);
  }
}

function jsonRequest(method, path, body) {
  return () => api(path, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

async function main() {
  if (!(await startPage(['admin']))) {
    return;
  }
  $('bulk-action').addEventListener('change', showBulkFields);
  showBulkFields();
  $('bulk-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const req = bulkRequest();
    if (req.error) {
      say('bulk-status', req.error, true);
      return;
    }
    bulk = { ...req, done: 0, refused: 0, pages: 0 };
    await runBulkPage(null);
  });
  $('bulk-next').addEventListener('click', () => runBulkPage(bulk.cursor));

  $('one-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const id = fields(e.target).id;
    if (!id) {
      say('one-status', 'Enter a footage id.', true);
      return;
    }
    if (await showOne(id)) {
      say('one-status', `Showing ${id}.`);
    }
  });
  const one = () => `/api/v1/footage/${encodeURIComponent(current)}`;
  $('hold-form').addEventListener('submit', (e) => {
    e.preventDefault();
    act('Hold', jsonRequest('POST', `${one()}/holds`, fields(e.target)));
  });
  $('release-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = fields(e.target);
    act('Release', jsonRequest('POST', `${one()}/holds/${encodeURIComponent(f.holdId || '')}/release`, { reason: f.reason }));
  });
  $('retention-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = fields(e.target);
    act('Retention', jsonRequest('PUT', `${one()}/retention`, { retainUntil: utcDay(f.retainUntil), purpose: f.purpose }));
  });
  $('dispose-form').addEventListener('submit', (e) => {
    e.preventDefault();
    if (!$('dispose-confirm').checked) {
      say('one-status', 'Tick the confirmation to dispose.', true);
      return;
    }
    const purpose = fields(e.target).purpose || '';
    act('Disposal', () => api(`${one()}?purpose=${encodeURIComponent(purpose)}`, { method: 'DELETE' }));
  });
}

main().catch((err) => say('page-status', `The page could not load: ${err.message}`, true));
