// Small helpers the cases, admin and oversight pages share: the page shell (who is signed in,
// sign-out, a role check), problem+json details, and cursor paging. Kept apart from the
// other pages' helpers on purpose; the lead may fold duplicates together later.
import { currentSession, api } from '/app/session.js';

export { api };

/** Fills the header and checks the person holds one of `roles`; answers the session, or null (refusal shown). */
export async function startPage(roles) {
  const me = await currentSession();
  const who = me.name || me.subject;
  document.getElementById('who-name').textContent = me.unit ? `${who} · ${me.unit}` : who;
  document.getElementById('sign-out-csrf').value = me.csrfToken;
  if (!roles.some((r) => me.roles.includes(r))) {
    // The API refuses these requests anyway (403); the page says so instead of showing dead forms.
    for (const section of document.querySelectorAll('main > section')) {
      section.hidden = true;
    }
    say('page-status', `This page is for ${roles.join(' or ')}: your roles (${me.roles.join(', ') || 'none'}) do not open it.`, true);
    return null;
  }
  return me;
}

/** Shows `message` in the live region `id` (an error in the error style). */
export function say(id, message, error = false) {
  const box = document.getElementById(id);
  box.textContent = message;
  box.classList.toggle('error', error);
}

/** The reason a refused answer gives: its problem+json `detail`, or the status line. */
export async function problemOf(res) {
  try {
    const body = await res.json();
    if (body && body.detail) {
      return `${body.detail} (HTTP ${res.status})`;
    }
  } catch (e) {
    // not JSON: fall back to the status
  }
  return `HTTP ${res.status} ${res.statusText}`;
}

/** GET `path` as JSON; throws an Error carrying the problem detail when the answer is not 2xx. */
export async function getJson(path) {
  const res = await api(path);
  if (!res.ok) {
    throw new Error(await problemOf(res));
  }
  return res.json();
}

/** Sends `body` as JSON with `method`; answers {res, json} — json is null for a refusal, whose detail is in `problem`. */
export async function sendJson(method, path, body) {
  const res = await api(path, {
    method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  if (!res.ok) {
    return { res, json: null, problem: await problemOf(res) };
  }
  return { res, json: await res.json(), problem: null };
}

/** A new element with text and attributes: el('td', 'x', {class: 'n'}). */
export function el(tag, text, attrs = {}) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) {
    e.textContent = String(text);
  }
  for (const [k, v] of Object.entries(attrs)) {
    e.setAttribute(k, v);
  }
  return e;
}

/** Saves an answer's body as the file `name` (the browser's download); answers its size in bytes. */
export async function download(res, name) {
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = el('a', '', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return blob.size;
}

/** A link to the footage page (built by the reviewer pages' engineer). */
export function footageLink(id) {
  return el('a', id, { href: `/app/footage.html?id=${encodeURIComponent(id)}` });
}

/** A form's named fields, trimmed; empty ones left out. */
export function fields(form) {
  const out = {};
  for (const [k, v] of new FormData(form).entries()) {
    const t = String(v).trim();
    if (t !== '') {
      out[k] = t;
    }
  }
  return out;
}

/**
 * Cursor paging over a list endpoint, one page in view: `load(cursor)` answers {items, nextCursor}
 * and `render(items)` draws them. Back goes through the cursors already seen, so a million-entry
 * list costs one bounded request per page, never a count or an offset.
 */
export class Pager {
  constructor({ load, render, prev, next, status }) {
    Object.assign(this, { load, render, prevButton: prev, nextButton: next, statusId: status });
    this.cursors = [];
    this.nextCursor = null;
    prev.addEventListener('click', () => this.go(this.cursors.length - 2));
    next.addEventListener('click', () => this.go(this.cursors.length));
  }

  /** Starts again from the first page (e.g. new filters). */
  reset() {
    this.cursors = [];
    return this.go(0);
  }

  async go(pageIndex) {
    const cursor = pageIndex === 0 ? '' : pageIndex < this.cursors.length ? this.cursors[pageIndex] : this.nextCursor;
    try {
      const page = await this.load(cursor);
      this.cursors = this.cursors.slice(0, pageIndex);
      this.cursors.push(cursor);
      this.nextCursor = page.nextCursor;
      this.render(page.items);
      this.prevButton.disabled = this.cursors.length < 2;
      this.nextButton.disabled = !page.nextCursor;
      say(this.statusId, `Page ${this.cursors.length}: ${page.items.length} shown${page.nextCursor ? ', more follow' : ', end of the list'}.`);
    } catch (err) {
      say(this.statusId, err.message, true);
    }
  }
}

/** Writes `rows` (arrays of cells: text or nodes) into the tbody `tbody`. */
export function fillRows(tbody, rows, emptyText, columns) {
  tbody.replaceChildren();
  if (rows.length === 0) {
    const tr = el('tr');
    tr.append(el('td', emptyText, { colspan: String(columns) }));
    tbody.append(tr);
    return;
  }
  for (const cells of rows) {
    const tr = el('tr');
    for (const c of cells) {
      const td = el('td');
      td.append(c instanceof Node ? c : document.createTextNode(c ?? ''));
      tr.append(td);
    }
    tbody.append(tr);
  }
}

/**
 * Adds an incident's footage to case `number`, 200 per request, from `cursor` (null: the start)
 * until nextCursor ends; `progress(done)` after each page. Answers {done, refused}; throws with
 * the API's reason if a page is refused.
 */
export async function addIncidentToCase(number, incident, reason, cursor, progress = () => {}) {
  let next = cursor;
  let done = 0;
  let refused = 0;
  do {
    const body = next ? { incident, reason, cursor: next } : { incident, reason };
    const { json, problem } = await sendJson('POST', `/api/v1/cases/${encodeURIComponent(number)}/footage`, body);
    if (problem) {
      throw new Error(`${done} added, then refused: ${problem}`);
    }
    done += json.done;
    refused += json.refused;
    next = json.nextCursor;
    progress(done);
  } while (next);
  return { done, refused };
}
