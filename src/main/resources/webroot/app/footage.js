// The footage page (?id=f-…): the record, its custody timeline, and the custody actions a
// reviewer takes on it — play (purpose first), verify, export, share, transfer, annotate.
// Officers see their own footage here too, with what their role allows.
import { currentSession, api, hasRole } from '/app/session.js';
import { el, say, json, pagedList, time, bytes, chrome, fields, utc } from '/app/ui.js';
import { eventLabel, checkLabel } from '/app/custody-labels.js';

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

/** Play: the purpose first; the player's first request records VIEWED before any byte, then the timeline shows it. */
function setUpPlayer() {
  const video = $('player');
  let refreshed = false;
  video.addEventListener('loadedmetadata', () => {
    say($('play-status'), 'Playing. Your viewing is recorded in the custody timeline below.');
    if (!refreshed) {
      refreshed = true;
      timeline.load();
    }
  });
  video.addEventListener('error', async () => {
    // The element hides the answer's body: ask the API once more (HEAD-like, one byte) for the problem's detail.
    const res = await api(`${video.src.replace(window.location.origin, '')}`, { headers: { Range: 'bytes=0-0' } });
    say($('play-status'), res.ok ? 'This browser cannot play this file type; download it through an export instead.'
      : `Cannot play: ${(await res.json().catch(() => ({}))).detail || res.status}`, 'error');
    timeline.load();
  });
  $('play-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const purpose = $('play-purpose').value.trim();
    if (!purpose) {
      say($('play-status'), 'Say why you are viewing this footage first.', 'error');
      $('play-purpose').focus();
      return;
    }
    refreshed = false;
    say($('play-status'), 'Recording the VIEWED event…');
    video.hidden = false;
    video.src = `${base}/content?purpose=${encodeURIComponent(purpose)}`;
    video.play().catch(() => { /* autoplay may be refused; the controls remain */ });
  });
}

function setUpVerify() {
  $('verify').addEventListener('click', async () => {
    const button = $('verify');
    button.disabled = true;
    say($('verify-status'), 'Verifying… (the stored file is re-hashed)');
    $('checks').replaceChildren();
    $('verify-recorded').textContent = '';
    try {
      const r = await json(api(`${base}/verify`));
      say($('verify-status'), r.verified
        ? `VERIFIED against checkpoint of size ${r.checkpoint.size} (root ${r.checkpoint.root}) at ${r.checkedAt}.`
        : `NOT VERIFIED: one or more checks failed (checked ${r.checkedAt}).`, r.verified ? 'ok' : 'error');
      $('verify-recorded').textContent = r.recordedAs
        ? `This verification is recorded as a VERIFIED event at ledger index ${r.recordedAs.event.index}.`
        : `This verification was not recorded: ${r.notRecorded || 'no reason given'}.`;
      for (const c of r.checks) {
        const item = el('li', { className: c.ok ? 'pass' : 'fail', dataset: { check: c.name, ok: String(c.ok) } },
          el('span', { className: 'verdict' }, c.ok ? '✓ passed' : '✗ failed'), ' ',
          el('strong', {}, checkLabel(c.name)), ' ', el('code', {}, c.name), ': ', c.detail || '');
        if (!c.ok && (c.expected || c.actual)) {
          item.append(el('br'), `expected ${c.expected || '—'}, found ${c.actual || '—'}`);
        }
        $('checks').append(item);
      }
      timeline.load();
    } catch (err) {
      say($('verify-status'), err.message, 'error');
    } finally {
      button.disabled = false;
    }
  });
}

/** Export: fetched (so a refusal's detail can be shown), then saved from memory under the server's file name. */
function setUpExport() {
  $('export-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const purpose = $('export-purpose').value.trim();
    say($('export-status'), 'Exporting…');
    try {
      const res = await api(`${base}/bundle?purpose=${encodeURIComponent(purpose)}`);
      if (!res.ok) {
        const err = await res.json().catch(() => ({}));
        throw new Error(`${err.detail || res.statusText} (HTTP ${res.status})`);
      }
      const blob = await res.blob();
      const name = (/filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') || '') || [])[1] || `${id}.bundle.json`;
      const link = el('a', { href: URL.createObjectURL(blob), download: name });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 60000);
      say($('export-status'), `Bundle downloaded: ${name} (${bytes(blob.size)}). Check it offline with: custody-ledger verify-bundle ${name}`, 'ok');
      timeline.load();
    } catch (err) {
      say($('export-status'), err.message, 'error');
    }
  });
}

/** A month from now, as a datetime-local input shows it (local time, no zone). */
function defaultExpiry() {
  const inAMonth = new Date(Date.now() + 30 * 86400000);
  $('share-expires').value = new Date(inAMonth.getTime() - inAMonth.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

function setUpShare() {
  defaultExpiry();
  $('share-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = fields(ev.target);
    const body = {
      footageIds: [id],
      recipient: { name: f.name, organisation: f.organisation, email: f.email },
      purpose: f.purpose,
      expiresAt: utc(f.expiresAt),
    };
    say($('share-status'), 'Creating the share…');
    try {
      const r = await json(api('/api/v1/shares', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      }));
      $('share-link').value = window.location.origin + r.page;
      $('share-link-box').hidden = false;
      say($('share-status'), `Share ${r.share.id} created for ${r.share.recipient.name} (${r.share.recipient.organisation}), until ${r.share.expiresAt}. Manage or revoke it under Shares.`, 'ok');
      ev.target.reset();
      defaultExpiry();
      $('share-link').focus();
      $('share-link').select();
      timeline.load();
    } catch (err) {
      say($('share-status'), err.message, 'error');
    }
  });
  $('share-copy').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText($('share-link').value);
      $('share-copied').textContent = 'Copied.';
    } catch (e) {
      $('share-link').select();
      $('share-copied').textContent = 'Copy refused by the browser: the link is selected, press Ctrl+C.';
    }
  });
}

function setUpEvents() {
  $('event-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = fields(ev.target);
    const type = new FormData(ev.target).get('type');
    const body = { type, purpose: f.purpose, location: f.location };
    body.details = type === 'TRANSFERRED' ? { to: f.to || '' } : { note: f.note || '' };
    if (f.note && type === 'TRANSFERRED') body.details.note = f.note;
    say($('event-status'), 'Recording…');
    try {
      const r = await json(api(`${base}/events`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      }));
      say($('event-status'), `${eventLabel(r.event.type)} recorded at ledger index ${r.event.index}.`, 'ok');
      ev.target.reset();
      timeline.load();
    } catch (err) {
      say($('event-status'), err.message, 'error');
    }
  });
}

async function main() {
  const me = await chrome(currentSession);
  if (!hasRole(me, 'reviewer')) {
    $('back-link').href = '/app/footage/mine.html';
    $('back-link').textContent = 'My footage';
  }
  for (const node of document.querySelectorAll('[data-needs="reviewer"]')) node.hidden = !hasRole(me, 'reviewer');
  $('event-section').hidden = !(hasRole(me, 'reviewer') || hasRole(me, 'officer'));
  setUpPlayer();
  setUpVerify();
  setUpExport();
  setUpShare();
  setUpEvents();
  try {
    showRecord(await json(api(base)));
  } catch (err) {
    say($('page-status'), err.message, 'error');
  }
  timeline.load();
}

main().catch((err) => say($('page-status'), `The page could not load: ${err.message}`, 'error'));
