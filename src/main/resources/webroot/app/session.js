// The signed-in person and the API as a page sees them. Every workspace page imports this:
//   import { currentSession, api } from '/app/session.js';
//   const me = await currentSession();          // {subject, name, unit, roles, csrfToken}
//   const res = await api('/api/v1/footage/f-…/events', { method: 'POST', body: JSON.stringify({...}) });
// api() sends the session cookie and, on every request, the X-CSRF-Token header
// the service demands; a 401 (the session ended) sends the browser to sign in again.
// A GET that records a custody event (content, verify, bundles) used as a <video src> or a
// download link cannot send a header: build its URL with withCsrf() so that browsers which send
// no Sec-Fetch-Site are still let through:
//   video.src = await withCsrf('/api/v1/footage/' + id + '/content?purpose=' + encodeURIComponent(why));

let cached;

export async function currentSession() {
  if (!cached) {
    cached = fetch('/app/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(async (res) => {
        if (res.status === 401) {
          signInAgain();
          throw new Error('not signed in');
        }
        if (!res.ok) {
          throw new Error('the session could not be read: HTTP ' + res.status);
        }
        return res.json();
      });
  }
  return cached;
}

export async function api(path, options = {}) {
  const method = (options.method || 'GET').toUpperCase();
  const headers = new Headers(options.headers || {});
  if (!headers.has('Accept')) {
    headers.set('Accept', 'application/json');
  }
  // Every call carries the token: state changes need it, and so do the GETs that record custody
  // events (content, verify, bundles) in browsers that send no Sec-Fetch-Site header.
  headers.set('X-CSRF-Token', (await currentSession()).csrfToken);
  const res = await fetch(path, { ...options, method, headers, credentials: 'same-origin' });
  if (res.status === 401) {
    signInAgain();
  }
  return res;
}

// The path with the session's CSRF token added as the 'csrf' query parameter.
export async function withCsrf(path) {
  const token = (await currentSession()).csrfToken;
  return path + (path.includes('?') ? '&' : '?') + 'csrf=' + encodeURIComponent(token);
}

export function hasRole(session, role) {
  return session.roles.includes(role);
}

function signInAgain() {
  window.location.assign('/app/login?return=' + encodeURIComponent(window.location.pathname));
}
