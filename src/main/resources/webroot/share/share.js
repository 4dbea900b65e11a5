// The recipient's page: /share/#<capability>. The capability stays in the fragment (never sent
// to a server, kept in no log, passed on in no Referer); this script alone sends it, to
// /api/v1/shared/…, with no cookies. Revoked or expired links (410) and unknown ones (404) say so.
import { el, say, time, bytes } from '/app/ui.js';

const $ = (x) => document.getElementById(x);
const capability = window.location.hash.slice(1);
const base = `/api/v1/shared/${encodeURIComponent(capability)}`;

function fetchShared(path, headers = {}) {
  return fetch(path, { credentials: 'omit', referrerPolicy: 'no-referrer', headers: { Accept: 'application/json', ...headers } });
}

async function explain(res) {
  const body = await res.json().catch(() => ({}));
  if (res.status === 410) {
    return { kind: 'gone', text: `This share link is no longer valid: it has been revoked or has expired. ${body.detail || ''} Ask the agency that sent it for a new one.` };
  }
  if (res.status === 404) {
    return { kind: 'unknown', text: 'This share link is not known. Check that you copied the whole link, including the part after “#”.' };
  }
  return { kind: 'error', text: `The shared evidence could not be opened: ${body.detail || res.statusText} (HTTP ${res.status}).` };
}

function fact(list, term, value) {
  if (value) list.append(el('dt', {}, term), el('dd', {}, value));
}

function card(f) {
  const item = el('li', { className: 'card', dataset: { footageId: f.id } },
    el('h3', {}, f.filename || f.id));
  const facts = el('dl', { className: 'facts' });
  fact(facts, 'SHA-256', el('span', { className: 'hash' }, f.sha256));
  fact(facts, 'Size', bytes(f.size));
  fact(facts, 'Media type', f.mediaType);
  fact(facts, 'Incident', f.incident);
  fact(facts, 'Recorded', time(f.recordedAt));
  fact(facts, 'Disposed', time(f.disposedAt));
  item.append(facts);
  if (f.content) {
    const play = el('button', { type: 'button', className: 'play' }, `Play ${f.filename || ''}`.trim());
    play.addEventListener('click', () => playFootage(f));
    const download = el('a', { href: `${f.content}?download=true`, download: f.filename || f.id, className: 'button', referrerPolicy: 'no-referrer' },
      `Download ${f.filename || ''}`.trim());
    item.append(el('p', {}, play, ' ', download));
  } else {
    item.append(el('p', {}, 'This footage has been disposed of under the agency\'s retention rules; it can no longer be viewed.'));
  }
  return item;
}

async function playFootage(f) {
  const video = $('player');
  video.hidden = false;
  say($('play-status'), `Opening ${f.filename || f.id}…`);
  video.onloadedmetadata = () => say($('play-status'), `Playing ${f.filename || f.id}.`, 'ok');
  video.onerror = async () => {
    // The element hides the answer: ask again for the first byte to read the problem's detail.
    const res = await fetchShared(f.content, { Range: 'bytes=0-0' });
    if (res.ok) {
      say($('play-status'), 'This browser cannot play this file type: download it instead.', 'error');
    } else {
      const why = await explain(res);
      say($('play-status'), why.text, 'error');
      $('share-state').dataset.state = why.kind;
    }
  };
  video.src = f.content;
  video.play().catch(() => { /* autoplay may be refused; the controls remain */ });
  video.focus();
}

async function main() {
  const state = $('share-state');
  if (!capability) {
    say(state, 'This page opens a share link: open the full link you were sent (it ends with “#” and a long code).', 'error');
    state.dataset.state = 'missing';
    return;
  }
  const res = await fetchShared(base);
  if (!res.ok) {
    const why = await explain(res);
    say(state, why.text, 'error');
    state.dataset.state = why.kind;
    return;
  }
  const s = await res.json();
  state.dataset.state = 'open';
  const facts = $('share-facts');
  fact(facts, 'For', `${s.recipient.name}, ${s.recipient.organisation}`);
  fact(facts, 'Purpose', s.purpose);
  fact(facts, 'Case', s.case);
  fact(facts, 'Available until', time(s.expiresAt));
  fact(facts, 'Share reference', s.share);
  $('share-info').hidden = false;
  $('footage-list').replaceChildren(...s.footage.map(card));
  $('footage-section').hidden = false;
}

main().catch((err) => say($('share-state'), `The shared evidence could not be opened: ${err.message}`, 'error'));
window.addEventListener('hashchange', () => window.location.reload());
