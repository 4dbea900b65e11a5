// Helpers every staff and recipient page shares: building elements without innerHTML (nothing a
// server or a person typed is ever parsed as HTML), showing a problem+json answer, and paging a
// list through the API's cursors, one page at a time (a list may hold a million entries).

/** el('td', {className: 'hash'}, 'text', childNode) — attributes as properties, data-* via dataset. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null) continue;
    if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('aria-') || key === 'role' || key === 'for') node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children) {
    if (child !== undefined && child !== null && child !== false) node.append(child);
  }
  return node;
}

/** The person-readable reason of a failed answer: problem+json `detail`, else the status line. */
export async function problemText(res) {
  let detail = '';
  try {
    const type = res.headers.get('Content-Type') || '';
    if (type.includes('json')) {
      const body = await res.json();
      detail = body.detail || body.title || '';
    }
  } catch (e) {
    // An unreadable body: the status says enough.
  }
  return `${detail || res.statusText || 'the request failed'} (HTTP ${res.status})`;
}

/**
 * Shows a message in a live region (role=alert or status, in the page from the start and never
 * hidden: a screen reader announces changes only to a region it already knows), styled by kind.
 */
export function say(node, message, kind = 'info') {
  node.textContent = message;
  node.dataset.kind = message ? kind : '';
}

/** Reads an API answer as JSON, or throws an Error whose message is the problem's detail. */
export async function json(resPromise) {
  const res = await resPromise;
  if (!res.ok) {
    const err = new Error(await problemText(res));
    err.status = res.status;
    throw err;
  }
  return res.json();
}

/**
 * A list paged by cursor: load() fetches the first page, the "more" button the next. Pages are
 * only ever appended, never all fetched, so a list of any length costs one page per click.
 *   fetchPage(cursor) → Promise<{items, nextCursor}>; row(item) → a <tr> (or <li>).
 */
export function pagedList({ body, more, status, fetchPage, row, empty = 'Nothing to show.' }) {
  let cursor = null;
  let shown = 0;
  let generation = 0;
  async function next(first) {
    // A newer load (a new search) makes the answers of older ones stale: they are dropped, not shown.
    if (first) generation += 1;
    const mine = generation;
    more.disabled = true;
    say(status, 'Loading…');
    try {
      const page = await fetchPage(first ? null : cursor);
      if (mine !== generation) return;
      if (first) {
        body.replaceChildren();
        shown = 0;
      }
      for (const item of page.items) body.append(row(item));
      shown += page.items.length;
      cursor = page.nextCursor;
      more.hidden = !cursor;
      say(status, shown === 0 ? empty : `${shown} shown${cursor ? ', more available' : ''}.`);
    } catch (err) {
      say(status, err.message, 'error');
    } finally {
      more.disabled = false;
    }
  }
  more.addEventListener('click', () => next(false));
  return { load: () => next(true) };
}

/** The time as the reader's locale shows it, with the exact UTC value for a hover or a screen reader. */
export function time(iso) {
  if (!iso) return '';
  const node = el('time', { dateTime: iso, title: iso }, new Date(iso).toLocaleString());
  return node;
}

export function bytes(n) {
  if (n === undefined || n === null) return '';
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u += 1;
  }
  return u === 0 ? `${n} bytes` : `${v.toFixed(1)} ${units[u]}`;
}

/** A cell holding a long hash that wraps rather than widening the page at 360 px. */
export function hashCell(tag, hex) {
  return el(tag, { className: 'hash' }, hex || '');
}

/**
 * The workspace header on every page (the page holds only <header id="bar"> with the brand):
 * who is signed in, and the sign-out form carrying the session's CSRF token.
 */
export async function chrome(currentSession) {
  const me = await currentSession();
  const who = me.name || me.subject;
  document.getElementById('bar').append(el('div', { className: 'who' },
    el('span', { id: 'who-name' }, me.unit ? `${who} · ${me.unit}` : who),
    el('form', { method: 'post', action: '/app/logout', id: 'sign-out' },
      el('input', { type: 'hidden', name: 'csrf', value: me.csrfToken }),
      el('button', { type: 'submit' }, 'Sign out'))));
  return me;
}

/** A form's fields as an object of trimmed strings, leaving out the empty ones. */
export function fields(form) {
  const out = {};
  for (const [key, value] of new FormData(form).entries()) {
    if (typeof value === 'string' && value.trim() !== '') out[key] = value.trim();
  }
  return out;
}

/** A local date-time input's value (no zone) as RFC 3339 UTC, or undefined. */
export function utc(localValue) {
  if (!localValue) return undefined;
  const d = new Date(localValue);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
