// The footage page (?id=f-…): the record, its custody timeline, and the custody actions a
// reviewer takes on it — play (purpose first), verify, export, share, transfer, annotate.
// Officers see their own footage here too, with what their role allows.
import { currentSession, api, hasRole } from '/app/session.js';
import { el, say, json, pagedList, time, bytes, chrome } from '/app/ui.js';
import { eventLabel } from '/app/custody-labels.js';
import { setUpPlayer } from '/app/footage-player.js';
import { setUpVerify, setUpExport, setUpEvents } from '/app/footage-actions.js';
import { setUpShare } from '/app/footage-share.js';

const id = new URLSearchParams(window.location.search).get('id') || '';
const base = `/api/v1/footage/${encodeURIComponent(id)}`;
const $ = (x) => document.getElementById(x);

function fact(list, term, value) {
  if (value === undefined || value === null || value === '') return;
  list.append(el('dt', {}, term), el('dd', {}, value));
}

function showRecord(f) {
  $('title').textContent = f.filename ? `Footage: ${f.filename}` : `Footage ${f.id}`;
  document.title = `${f.filename || f.id} — custody-ledger`;
  const list = $('meta');
  list.replaceChildren();
  fact(list, 'Footage id', f.id);
  fact(list, 'SHA-256', el('span', { className: 'hash' }, f.sha256));
  fact(list, 'Size', bytes(f.size));
  fact(list, 'Media type', f.mediaType);
  fact(list, 'Incident', f.incident);
  fact(list, 'Device', f.device);
  fact(list, 'Recorded', time(f.recordedAt));
  fact(list, 'Registered by', f.uploadedBy);
  fact(list, 'Registered', time(f.uploadedAt));
  fact(list, 'Registration ledger index', f.registration ? String(f.registration.index) : undefined);
  fact(list, 'Bytes held by the service', f.held ? 'yes' : 'no — registered by hash; kept in agency storage');
  fact(list, 'Storage location', f.storageLocation);
  fact(list, 'Derived from', f.derivedFrom ? el('a', { href: `/app/footage.html?id=${encodeURIComponent(f.derivedFrom)}` }, f.derivedFrom) : undefined);
  fact(list, 'Legal hold', f.onHold ? 'on hold' : undefined);
  fact(list, 'Retain until', time(f.retainUntil));
  fact(list, 'Disposed', time(f.disposedAt));
  fact(list, 'Notes', f.notes);
  if (!f.held || f.disposedAt) {
    $('play-section').hidden = true;
  }
}

function details(d) {
  if (!d) return '';
  const list = el('dl', { className: 'details' });
  for (const [k, v] of Object.entries(d)) list.append(el('dt', {}, k), el('dd', {}, v));
  return list;
}

function timelineRow(e) {
  return el('tr', { dataset: { type: e.type, index: String(e.index) } },
    el('td', {}, String(e.index)),
    el('td', {}, el('strong', {}, eventLabel(e.type)), el('br'), el('code', {}, e.type)),
    el('td', {}, e.actorId),
    el('td', {}, e.actorRole),
    el('td', {}, time(e.time)),
    el('td', {}, e.location || ''),
    el('td', {}, e.purpose || ''),
    el('td', {}, details(e.details)));
}

const timeline = pagedList({
  body: $('timeline-body'),
  more: $('timeline-more'),
  status: $('timeline-status'),
  empty: 'No events.',
  fetchPage: (cursor) => json(api(`${base}/history?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)),
  row: timelineRow,
});

async function main() {
  const me = await chrome(currentSession);
  if (!hasRole(me, 'reviewer')) {
    $('back-link').href = '/app/footage/mine.html';
    $('back-link').textContent = 'My footage';
  }
  for (const node of document.querySelectorAll('[data-needs="reviewer"]')) node.hidden = !hasRole(me, 'reviewer');
  $('event-section').hidden = !(hasRole(me, 'reviewer') || hasRole(me, 'officer'));
  const refresh = () => timeline.load();
  setUpPlayer(base, refresh);
  setUpVerify(base, refresh);
  setUpExport(base, id, refresh);
  setUpShare(id, refresh);
  setUpEvents(base, refresh);
  try {
    showRecord(await json(api(base)));
  } catch (err) {
    say($('page-status'), err.message, 'error');
  }
  timeline.load();
}

main().catch((err) => say($('page-status'), `The page could not load: ${err.message}`, 'error'));
