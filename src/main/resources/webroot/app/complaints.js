// Oversight: the complaints, filtered as GET /api/v1/complaints allows, one cursor page in view.
// The filters stay in the page address (they are not personal data: a status, a category, a
// footage id; the free-text `q` is left out of it, since a word typed there may be).
import { startPage, say, getJson, fields, fillRows, el, Pager } from '/app/admin-kit.js';
import { statusText, overdueText, footageText } from '/app/complaint-labels.js';

const $ = (id) => document.getElementById(id);
const PAGE = 50;
const IN_ADDRESS = ['status', 'category', 'overdue', 'footageId'];

function complaintLink(id) {
  return el('a', id, { href: `/app/complaint.html?id=${encodeURIComponent(id)}` });
}

async function main() {
  if (!(await startPage(['oversight', 'admin']))) {
    return;
  }
  let filter = {};
  const pager = new Pager({
    load: (cursor) => {
      const params = new URLSearchParams({ ...filter, limit: String(PAGE) });
      if (cursor) {
        params.set('cursor', cursor);
      }
      return getJson(`/api/v1/complaints?${params}`);
    },
    render: (items) => fillRows($('complaints'), items.map((c) => [complaintLink(c.id), c.category, c.receivedAt,
      c.dueBy || '', statusText(c.status), overdueText(c), footageText(c)]), 'No complaints match.', 7),
    prev: $('prev'), next: $('next'), status: 'list-status',
  });
  const form = $('filter-form');
  const query = new URLSearchParams(window.location.search);
  for (const name of IN_ADDRESS) {
    if (query.get(name)) {
      form.elements[name].value = query.get(name);
    }
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    filter = fields(form);
    const shown = new URLSearchParams();
    for (const name of IN_ADDRESS) {
      if (filter[name]) {
        shown.set(name, filter[name]);
      }
    }
    window.history.replaceState(null, '', shown.toString() ? `?${shown}` : window.location.pathname);
    pager.reset();
  });
  filter = fields(form);
  pager.reset();
}

main().catch((err) => say('page-status', `The page could not load: ${err.message}`, true));
