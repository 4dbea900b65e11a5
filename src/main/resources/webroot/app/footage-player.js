// The footage page's player: the purpose first; the first request (the service signs VIEWED
// before any byte leaves) starts playback, and then the timeline is refreshed to show the event.
import { api, withCsrf } from '/app/session.js';
import { say } from '/app/ui.js';

const $ = (x) => document.getElementById(x);

/** Play: the purpose first; the player's first request records VIEWED before any byte, then the timeline shows it. */
export function setUpPlayer(base, refresh) {
  const video = $('player');
  let refreshed = false;
  video.addEventListener('loadedmetadata', () => {
    say($('play-status'), 'Playing. Your viewing is recorded in the custody timeline below.');
    if (!refreshed) {
      refreshed = true;
      refresh();
    }
  });
  video.addEventListener('error', async () => {
    // The element hides the answer's body: ask the API once more (HEAD-like, one byte) for the problem's detail.
    const res = await api(`${video.src.replace(window.location.origin, '')}`, { headers: { Range: 'bytes=0-0' } });
    say($('play-status'), res.ok ? 'This browser cannot play this file type; the viewing is recorded, but the file cannot be shown here.'
      : `Cannot play: ${(await res.json().catch(() => ({}))).detail || res.status}`, 'error');
    refresh();
  });
  $('play-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const purpose = $('play-purpose').value.trim();
    if (!purpose) {
      say($('play-status'), 'Say why you are viewing this footage first.', 'error');
      $('play-purpose').focus();
      return;
    }
    refreshed = false;
    say($('play-status'), 'Recording the VIEWED event…');
    video.hidden = false;
    // A media element sends no custom header: the token rides in the query (older browsers need it).
    video.src = await withCsrf(`${base}/content?purpose=${encodeURIComponent(purpose)}`);
    video.play().catch(() => { /* autoplay may be refused; the controls remain */ });
  });
}

