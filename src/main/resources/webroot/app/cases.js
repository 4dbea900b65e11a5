// Cases: search the list (paged by cursor) and open a case, by hand or from an incident — in
// which case the incident's footage joins it, 200 per request, following nextCursor.
import { startPage, say, getJson, sendJson, el, fields, fillRows, Pager, addIncidentToCase } from '/app/admin-kit.js';

const $ = (id) => document.getElementById(id);

function caseLink(number) {
  return el('a', number, { href: `/app/case.html?number=${encodeURIComponent(number)}` });
}

async function main() {
  const me = await startPage(['reviewer', 'admin', 'oversight']);
  if (!me) {
    return;
  }
  // Oversight reads cases; only reviewers and admins open them (the API says the same).
  $('open-section').hidden = !me.roles.some((r) => r === 'reviewer' || r === 'admin');

  let q = '';
  const pager = new Pager({
    load: (cursor) => getJson(`/api/v1/cases?limit=50&q=${encodeURIComponent(q)}&cursor=${encodeURIComponent(cursor)}`),
    render: (items) => fillRows($('cases'), items.map((c) => [caseLink(c.caseNumber), c.title, c.incident || '—',
      `${c.createdAt} by ${c.createdBy}`]), 'No cases match.', 4),
    prev: $('prev'), next: $('next'), status: 'list-status',
  });
  $('search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    q = fields(e.target).q || '';
    pager.reset();
  });
  pager.reset();

  $('open-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = fields(e.target);
    if (!f.caseNumber || !f.title) {
      say('open-status', 'A case needs a number and a title.', true);
      return;
    }
    say('open-status', 'Opening…');
    const { json, problem } = await sendJson('POST', '/api/v1/cases', f);
    if (problem) {
      say('open-status', `Refused: ${problem}`, true);
      return;
    }
    try {
      // The creation added the incident's first 200; the rest follow a page per request.
      let added = json.added ? json.added.done : 0;
      if (json.added && json.added.nextCursor) {
        const rest = await addIncidentToCase(f.caseNumber, f.incident, f.reason || `opened case ${f.caseNumber}`,
          json.added.nextCursor, (done) => say('open-status', `Case ${f.caseNumber} opened; ${added + done} footage added so far…`));
        added += rest.done;
      }
      window.location.assign(`/app/case.html?number=${encodeURIComponent(f.caseNumber)}&added=${added}`);
    } catch (err) {
      say('open-status', err.message, true);
    }
  });
}

main().catch((err) => say('page-status', `The page could not load: ${err.message}`, true));
