// Oversight: the access-failure audit (refused requests), filtered by status, actor and time, paged by cursor.
import { startPage, say, getJson, fields, fillRows, Pager } from '/app/admin-kit.js';

const $ = (id) => document.getElementById(id);
const PAGE = 50;

/** A datetime-local value (read as UTC, as the label says) in RFC 3339. */
function utc(local) {
  return local ? `${local.length === 16 ? `${local}:00` : local}Z` : undefined;
}

function query(f) {
  const q = new URLSearchParams({ limit: String(PAGE) });
  for (const [k, v] of Object.entries({ status: f.status, actor: f.actor, since: utc(f.since), until: utc(f.until) })) {
    if (v) {
      q.set(k, v);
    }
  }
  return q;
}

async function main() {
  if (!(await startPage(['oversight', 'admin']))) {
    return;
  }
  let filters = {};
  const pager = new Pager({
    load: (cursor) => {
      const q = query(filters);
      q.set('cursor', cursor);
      return getJson(`/api/v1/audit/access-failures?${q}`);
    },
    render: (items) => fillRows($('failures'), items.map((f) => [f.at, String(f.status),
      f.actorId ? `${f.actorId}${f.actorRoles ? ` (${f.actorRoles})` : ''}` : 'anonymous',
      `${f.method} ${f.route}`, f.reason, f.remote || '—']), 'No refused request matches.', 6),
    prev: $('prev'), next: $('next'), status: 'list-status',
  });
  $('filter-form').addEventListener('submit', (e) => {
    e.preventDefault();
    filters = fields(e.target);
    pager.reset();
  });
  pager.reset();
}

main().catch((err) => say('page-status', `The page could not load: ${err.message}`, true));
