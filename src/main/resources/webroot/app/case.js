// One case: its facts, its footage (paged by cursor), adding footage by id or from an incident
// (200 per request, following nextCursor), removing footage with a reason, the case bundle.
import {
  startPage, api, say, problemOf, getJson, sendJson, el, footageLink, fields, fillRows, Pager, addIncidentToCase, download,
} from '/app/admin-kit.js';

const $ = (id) => document.getElementById(id);
const number = new URLSearchParams(window.location.search).get('number') || '';
const casePath = `/api/v1/cases/${encodeURIComponent(number)}`;

function state(f) {
  if (f.disposedAt) {
    return `disposed ${f.disposedAt}`;
  }
  const parts = [];
  if (f.onHold) {
    parts.push('on hold');
  }
  if (f.retainUntil) {
    parts.push(`kept until ${f.retainUntil}`);
  }
  return parts.join(', ') || '—';
}

function showFacts(c) {
  document.title = `Case ${c.caseNumber} — custody-ledger`;
  document.querySelector('h1').textContent = `Case ${c.caseNumber}`;
  const facts = $('facts');
  facts.replaceChildren();
  for (const [k, v] of [['Title', c.title], ['From incident', c.incident || '—'], ['Opened', `${c.createdAt} by ${c.createdBy}`]]) {
    facts.append(el('dt', k), el('dd', v));
  }
}

async function downloadBundle(purpose) {
  const res = await api(`${casePath}/bundle?purpose=${encodeURIComponent(purpose)}`, { headers: { Accept: 'application/json' } });
  if (!res.ok) {
    say('bundle-status', `Refused: ${await problemOf(res)}`, true);
    return;
  }
  const size = await download(res, `case-${number}.bundle.json`);
  say('bundle-status', `Downloaded case-${number}.bundle.json (${size} bytes); each footage's export is recorded.`);
}

async function main() {
  const me = await startPage(['reviewer', 'admin', 'oversight']);
  if (!me) {
    return;
  }
  $('manage').hidden = !me.roles.some((r) => r === 'reviewer' || r === 'admin');
  const added = new URLSearchParams(window.location.search).get('added');
  if (added !== null) {
    say('page-status', `Case opened; ${added} footage added from the incident.`);
  }
  const pager = new Pager({
    load: async (cursor) => {
      const c = await getJson(`${casePath}?limit=50&cursor=${encodeURIComponent(cursor)}`);
      showFacts(c);
      return c.footage;
    },
    render: (items) => fillRows($('footage'), items.map((f) => [footageLink(f.id), f.filename || '—', f.incident || '—',
      f.recordedAt || '—', state(f)]), 'No footage in this case.', 5),
    prev: $('prev'), next: $('next'), status: 'footage-status',
  });
  await pager.reset();

  $('add-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = fields(e.target);
    if (!f.value || !f.reason) {
      say('manage-status', 'Name the footage or incident, and a reason.', true);
      return;
    }
    try {
      if (f.kind === 'incident') {
        const r = await addIncidentToCase(number, f.value, f.reason, null,
          (done) => say('manage-status', `${done} added so far…`));
        say('manage-status', `Incident ${f.value}: ${r.done} added, ${r.refused} refused (already in the case or not addable).`);
      } else {
        const { json, problem } = await sendJson('POST', `${casePath}/footage`, { footageId: f.value, reason: f.reason });
        if (problem) {
          throw new Error(`refused: ${problem}`);
        }
        say('manage-status', `${f.value} added (ledger index ${json.event.index}).`);
      }
      await pager.reset();
    } catch (err) {
      say('manage-status', err.message, true);
    }
  });

  $('remove-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = fields(e.target);
    if (!f.id || !f.reason) {
      say('manage-status', 'Name the footage and a reason.', true);
      return;
    }
    const res = await api(`${casePath}/footage/${encodeURIComponent(f.id)}?reason=${encodeURIComponent(f.reason)}`,
      { method: 'DELETE' });
    if (!res.ok) {
      say('manage-status', `Refused: ${await problemOf(res)}`, true);
      return;
    }
    const json = await res.json();
    say('manage-status', `${f.id} removed (ledger index ${json.event.index}).`);
    await pager.reset();
  });

  $('bundle-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const purpose = fields(e.target).purpose;
    if (!purpose) {
      say('bundle-status', 'Say why you export the bundle.', true);
      return;
    }
    downloadBundle(purpose).catch((err) => say('bundle-status', err.message, true));
  });
}

main().catch((err) => say('page-status', `The page could not load: ${err.message}`, true));
