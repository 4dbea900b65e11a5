// Officer upload: the File streamed as the body of PUT /api/v1/footage (XMLHttpRequest, for its
// upload progress events; fetch has none), or registration by hash; then the receipt.
import { currentSession, api } from '/app/session.js';
import { el, say, json, chrome, fields, utc, bytes, time } from '/app/ui.js';

const $ = (x) => document.getElementById(x);
let current = null;

/** The checkpoint note's size and root (C2SP: origin, size, base64 root, each on its own line). */
function checkpointParts(note) {
  const lines = (note || '').split('\n');
  return { origin: lines[0], size: lines[1], root: lines[2], note };
}

function showReceipt(r, status) {
  const facts = $('receipt-facts');
  facts.replaceChildren();
  const add = (term, value) => {
    if (value !== undefined && value !== null && value !== '') facts.append(el('dt', {}, term), el('dd', {}, value));
  };
  const cp = checkpointParts(r.checkpoint);
  $('receipt-kind').textContent = status === 201
    ? 'Registered: a REGISTERED event was signed and appended to the ledger.'
    : 'These bytes were already registered: your re-submission was recorded as a RESUBMITTED event.';
  add('Footage id', r.id);
  add('File', r.filename);
  add('SHA-256', el('span', { className: 'hash', id: 'receipt-sha256' }, r.sha256));
  add('Size', bytes(r.size));
  add('Incident', r.incident);
  add('Event', r.event && r.event.type);
  add('Ledger index', el('span', { id: 'receipt-index' }, String(r.event.index)));
  add('Signed at', time(r.event.time));
  add('Checkpoint size', el('span', { id: 'receipt-tree-size' }, cp.size));
  add('Checkpoint root', el('span', { className: 'hash', id: 'receipt-root' }, cp.root));
  add('Log', cp.origin);
  add('Signed checkpoint', el('pre', { className: 'note-text' }, cp.note));
  $('receipt-open').href = `/app/footage.html?id=${encodeURIComponent(r.id)}`;
  $('receipt').hidden = false;
  $('receipt').focus();
}

/** `filename`, `incident`, … as the upload's query (empty ones left out; the time in UTC). */
function uploadQuery(form, file) {
  const f = fields(form);
  const q = new URLSearchParams({ filename: file.name });
  for (const key of ['incident', 'device', 'notes']) if (f[key]) q.set(key, f[key]);
  const recorded = utc(f.recordedAt);
  if (recorded) q.set('recordedAt', recorded);
  return q;
}

async function upload(ev) {
  ev.preventDefault();
  const form = ev.target;
  const file = $('up-file').files[0];
  if (!file) {
    say($('upload-status'), 'Choose a file to upload.', 'error');
    $('up-file').focus();
    return;
  }
  const { csrfToken } = await currentSession();
  const xhr = new XMLHttpRequest();
  current = xhr;
  const bar = $('up-progress');
  bar.value = 0;
  $('progress-box').hidden = false;
  $('up-submit').disabled = true;
  $('up-cancel').hidden = false;
  say($('upload-status'), `Uploading ${file.name} (${bytes(file.size)})…`);
  xhr.upload.addEventListener('progress', (e) => {
    if (e.lengthComputable) {
      bar.value = Math.floor((e.loaded / e.total) * 100);
      $('up-progress-text').textContent = `${bar.value}% (${bytes(e.loaded)} of ${bytes(e.total)})`;
    }
  });
  xhr.upload.addEventListener('load', () => {
    bar.value = 100;
    $('up-progress-text').textContent = '100% sent; the service is registering it…';
  });
  const done = () => {
    current = null;
    $('up-submit').disabled = false;
    $('up-cancel').hidden = true;
  };
  xhr.addEventListener('load', () => {
    done();
    let body = {};
    try {
      body = JSON.parse(xhr.responseText);
    } catch (e) {
      // not JSON: the status says enough
    }
    if (xhr.status === 201 || xhr.status === 200) {
      say($('upload-status'), `${file.name} registered.`, 'ok');
      $('up-progress-text').textContent = '100% — registered.';
      form.reset();
      showReceipt(body, xhr.status);
    } else if (xhr.status === 401) {
      window.location.assign(`/app/login?return=${encodeURIComponent(window.location.pathname)}`);
    } else {
      say($('upload-status'), `Upload refused: ${body.detail || xhr.statusText} (HTTP ${xhr.status})`, 'error');
    }
  });
  xhr.addEventListener('error', () => {
    done();
    say($('upload-status'), 'The upload was interrupted (network error). Nothing was kept; start it again.', 'error');
  });
  xhr.addEventListener('abort', () => {
    done();
    say($('upload-status'), 'Upload cancelled. Nothing was kept.', 'error');
  });
  xhr.open('PUT', `/api/v1/footage?${uploadQuery(form, file)}`);
  xhr.setRequestHeader('X-CSRF-Token', csrfToken);
  xhr.setRequestHeader('Accept', 'application/json');
  xhr.setRequestHeader('Content-Type', 'application/octet-stream');
  xhr.send(file);
}

async function registerHash(ev) {
  ev.preventDefault();
  const f = fields(ev.target);
  const body = {
    sha256: (f.sha256 || '').toLowerCase(),
    size: Number(f.size),
    filename: f.filename,
    incident: f.incident,
    mediaType: f.mediaType,
    recordedAt: utc(f.recordedAt),
    storageLocation: f.storageLocation,
  };
  say($('hash-status'), 'Registering…');
  try {
    const res = await api('/api/v1/footage/by-hash', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    const r = await json(Promise.resolve(res));
    say($('hash-status'), `${r.filename || r.id} registered by hash.`, 'ok');
    ev.target.reset();
    showReceipt(r, res.status);
  } catch (err) {
    say($('hash-status'), `Registration refused: ${err.message}`, 'error');
  }
}

async function main() {
  await chrome(currentSession);
  $('upload-form').addEventListener('submit', upload);
  $('up-cancel').addEventListener('click', () => current && current.abort());
  $('hash-form').addEventListener('submit', registerHash);
  $('receipt-print').addEventListener('click', () => window.print());
}

main().catch((err) => say($('upload-status'), `The page could not load: ${err.message}`, 'error'));
