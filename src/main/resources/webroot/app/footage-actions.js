// The footage page's custody actions besides playing: Verify (each named check, in words),
// Export (the evidence bundle), and Transfer / Annotation events. Each refreshes the timeline.
import { api } from '/app/session.js';
import { el, say, json, bytes, fields } from '/app/ui.js';
import { eventLabel, checkLabel } from '/app/custody-labels.js';

const $ = (x) => document.getElementById(x);

export function setUpVerify(base, refresh) {
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
      refresh();
    } catch (err) {
      say($('verify-status'), err.message, 'error');
    } finally {
      button.disabled = false;
    }
  });
}

/** Export: fetched (so a refusal's detail can be shown), then saved from memory under the server's file name. */
export function setUpExport(base, id, refresh) {
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
      refresh();
    } catch (err) {
      say($('export-status'), err.message, 'error');
    }
  });
}

export function setUpEvents(base, refresh) {
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
      refresh();
    } catch (err) {
      say($('event-status'), err.message, 'error');
    }
  });
}

