// A footage record as one row of a results table (search, my footage), linking to its footage page.
import { el, time, bytes } from '/app/ui.js';

export function footageRow(f) {
  const name = f.filename || f.id;
  return el('tr', { dataset: { footageId: f.id } },
    el('td', {}, el('a', { href: `/app/footage.html?id=${encodeURIComponent(f.id)}` }, name),
      f.disposedAt ? el('span', { className: 'tag' }, ' disposed') : null,
      f.onHold ? el('span', { className: 'tag' }, ' on hold') : null),
    el('td', {}, f.incident || ''),
    el('td', {}, time(f.recordedAt)),
    el('td', {}, f.device || ''),
    el('td', {}, f.uploadedBy || ''),
    el('td', {}, bytes(f.size)),
    el('td', { className: 'hash', title: f.sha256 }, `${f.sha256.slice(0, 12)}…`));
}

/** `/api/v1/footage?…&limit=…&cursor=…` for the given filters (empty ones left out). */
export function footageQuery(filters, cursor, limit = 50) {
  const q = new URLSearchParams(filters);
  q.set('limit', String(limit));
  if (cursor) q.set('cursor', cursor);
  return `/api/v1/footage?${q}`;
}
