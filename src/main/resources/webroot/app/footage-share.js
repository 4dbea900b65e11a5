// The footage page's share form: a named recipient, an expiry and a purpose; the answer's link
// (the recipient's page, the capability in its fragment) is shown this once, with a copy button.
import { api } from '/app/session.js';
import { say, json, fields, utc } from '/app/ui.js';

const $ = (x) => document.getElementById(x);

/** A month from now, as a datetime-local input shows it (local time, no zone). */
function defaultExpiry() {
  const inAMonth = new Date(Date.now() + 30 * 86400000);
  $('share-expires').value = new Date(inAMonth.getTime() - inAMonth.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

export function setUpShare(id, refresh) {
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
      refresh();
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

