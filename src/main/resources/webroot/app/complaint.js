// Oversight: one complaint (?id=c-…): its content — personal data, shown here and nowhere else
// (never put in an address or a log) —, the footage it matched, each linking to its footage page,
// and the investigation's actions (complaint-actions.js).
import { startPage, say, el, fillRows, footageLink, api, problemOf } from '/app/admin-kit.js';
import { statusText, footageText } from '/app/complaint-labels.js';
import { wireActions } from '/app/complaint-actions.js';

const $ = (id) => document.getElementById(id);
const MATCHED_WHEN = { intake: 'at intake', registration: 'when registered later' };

function where(c) {
  const parts = [];
  if (c.place) {
    parts.push(c.place);
  }
  if (c.location) {
    parts.push(`within ${c.location.radiusM} m of ${c.location.lat}, ${c.location.lon}`);
  }
  return parts.join('; ') || '—';
}

function showFacts(c) {
  $('title').textContent = `Complaint ${c.id}`;
  const facts = $('facts');
  facts.replaceChildren();
  const rows = [
    ['Status', statusText(c.status) + (c.outcome ? ` — outcome: ${c.outcome}` : '')],
    ['Category', c.category],
    ['Occurred', `${c.occurredFrom} to ${c.occurredTo}`],
    ['Where', where(c)],
    ['Incident', c.incident || '—'],
    ['Officers named', c.officers ? c.officers.join(', ') : '—'],
    ['Contact', c.contact || '—'],
    ['Received', `${c.receivedAt} by ${c.receivedBy} (${c.receivedRole})`],
    ['Due by', c.dueBy ? `${c.dueBy}${c.overdue ? ' — overdue' : ''}` : '—'],
    ['Investigator', c.investigator || 'not assigned'],
    ['Closed', c.closedAt || '—'],
    ['Footage', footageText(c)],
  ];
  for (const [k, v] of rows) {
    facts.append(el('dt', k), el('dd', v, k === 'Status' ? { id: 'complaint-status' } : {}));
  }
  $('description').textContent = c.description || '';
  // A closed complaint moves no more: the form goes, the status line (what was just done) stays.
  $('move-form').hidden = c.status === 'closed';
}

function showMatches(c) {
  const matches = c.matches || [];
  fillRows($('matches'), matches.map((m) => [footageLink(m.footageId), MATCHED_WHEN[m.matchedWhen] || m.matchedWhen,
    m.matchedAt, m.holdId]), 'No footage found for this complaint.', 4);
  say('matches-status', c.noFootageFound ? 'No footage found: the absence is recorded on the complaint.'
    : `${matches.length} footage matched and held.`);
}

async function main() {
  if (!(await startPage(['oversight', 'admin']))) {
    return;
  }
  const id = new URLSearchParams(window.location.search).get('id');
  if (!id) {
    say('page-status', 'No complaint named: open one from the list of complaints.', true);
    return;
  }
  const path = `/api/v1/complaints/${encodeURIComponent(id)}`;
  const load = async () => {
    const res = await api(path);
    if (!res.ok) {
      say('page-status', `The complaint could not be read: ${await problemOf(res)}`, true);
      return;
    }
    const c = await res.json();
    showFacts(c);
    showMatches(c);
  };
  wireActions(id, path, load);
  await load();
}

main().catch((err) => say('page-status', `The page could not load: ${err.message}`, true));
