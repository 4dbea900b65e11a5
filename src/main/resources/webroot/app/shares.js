// Shares (GET /api/v1/shares, paged) and revocation (POST /api/v1/shares/{id}/revoke with a reason).
import { currentSession, api, hasRole } from '/app/session.js';
import { el, say, json, pagedList, time, chrome } from '/app/ui.js';

const $ = (x) => document.getElementById(x);
let mayRevoke = false;

function revokeForm(share, stateCell) {
  const reasonId = `reason-${share.id}`;
  const form = el('form', { className: 'revoke', dataset: { share: share.id } },
    el('label', { for: reasonId }, 'Reason to revoke'),
    el('input', { type: 'text', id: reasonId, name: 'reason', required: true, maxLength: 500 }),
    el('button', { type: 'submit' }, 'Revoke'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const r = await json(api(`/api/v1/shares/${encodeURIComponent(share.id)}/revoke`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ reason: form.elements.reason.value.trim() }),
      }));
      stateCell.replaceChildren(`Revoked ${new Date(r.share.revokedAt).toLocaleString()} by ${r.share.revokedBy}: ${r.share.revokeReason}`);
      stateCell.dataset.state = 'revoked';
      say($('shares-error'), `Share ${share.id} revoked; its link now answers “revoked”.`, 'ok');
    } catch (err) {
      say($('shares-error'), err.message, 'error');
    }
  });
  return form;
}

function row(s) {
  const state = el('td', { dataset: { state: s.revokedAt ? 'revoked' : 'active' } });
  if (s.revokedAt) {
    state.append(`Revoked ${new Date(s.revokedAt).toLocaleString()} by ${s.revokedBy}: ${s.revokeReason || ''}`);
  } else if (new Date(s.expiresAt) < new Date()) {
    state.append('Expired');
    state.dataset.state = 'expired';
  } else {
    state.append('Active');
    if (mayRevoke) state.append(revokeForm(s, state));
  }
  const footage = el('ul', { className: 'plain' });
  for (const id of s.footageIds) {
    footage.append(el('li', {}, el('a', { href: `/app/footage.html?id=${encodeURIComponent(id)}` }, id)));
  }
  return el('tr', { dataset: { share: s.id } },
    el('td', {}, s.id, el('br'), `by ${s.createdBy}`),
    el('td', {}, s.recipient.name, el('br'), s.recipient.organisation, s.recipient.email ? el('br') : null, s.recipient.email || ''),
    el('td', {}, s.purpose),
    el('td', {}, s.case ? `Case ${s.case}` : '', footage),
    el('td', {}, time(s.createdAt)),
    el('td', {}, time(s.expiresAt)),
    state);
}

const list = pagedList({
  body: $('shares-body'),
  more: $('shares-more'),
  status: $('shares-status'),
  empty: 'No shares yet.',
  fetchPage: (cursor) => json(api(`/api/v1/shares?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)),
  row,
});

chrome(currentSession).then((me) => {
  mayRevoke = hasRole(me, 'reviewer') || hasRole(me, 'admin');
  return list.load();
}).catch((err) => say($('shares-error'), `The page could not load: ${err.message}`, 'error'));
