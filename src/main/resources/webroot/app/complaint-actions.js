// The investigation's actions on the complaint page: assign an investigator, move the status
// forward (closing needs an outcome), download the complaint's evidence bundle for a purpose.
// Each refusal shows the API's problem detail; each success reloads the complaint.
import { say, fields, sendJson, api, problemOf, download } from '/app/admin-kit.js';

const $ = (id) => document.getElementById(id);

function onSubmit(formId, statusId, act) {
  $(formId).addEventListener('submit', (e) => {
    e.preventDefault();
    act(fields(e.target)).catch((err) => say(statusId, err.message, true));
  });
}

export function wireActions(id, path, reload) {
  const outcome = $('outcome-field');
  const showOutcome = () => {
    outcome.hidden = $('to-status').value !== 'closed';
  };
  $('to-status').addEventListener('change', showOutcome);
  showOutcome();

  onSubmit('assign-form', 'assign-status', async (f) => {
    if (!f.investigator) {
      say('assign-status', 'Enter the investigator\'s id.', true);
      return;
    }
    const { problem } = await sendJson('POST', `${path}/assignment`, { investigator: f.investigator });
    if (problem) {
      say('assign-status', `Refused: ${problem}`, true);
      return;
    }
    say('assign-status', `Assigned to ${f.investigator}.`);
    await reload();
  });

  onSubmit('move-form', 'move-status', async (f) => {
    const body = { status: f.status };
    if (f.status === 'closed') {
      if (!f.outcome) {
        say('move-status', 'Choose the outcome to close the complaint.', true);
        return;
      }
      body.outcome = f.outcome;
    }
    const { problem } = await sendJson('POST', `${path}/transitions`, body);
    if (problem) {
      say('move-status', `Refused: ${problem}`, true);
      return;
    }
    say('move-status', f.status === 'closed' ? `Closed: ${f.outcome}.` : 'Now under investigation.');
    await reload();
  });

  onSubmit('bundle-form', 'bundle-status', async (f) => {
    if (!f.purpose) {
      say('bundle-status', 'Say why you export the bundle.', true);
      return;
    }
    const res = await api(`${path}/bundle?purpose=${encodeURIComponent(f.purpose)}`);
    if (!res.ok) {
      say('bundle-status', `Refused: ${await problemOf(res)}`, true);
      return;
    }
    const size = await download(res, `${id}.bundle.json`);
    say('bundle-status', `Downloaded ${id}.bundle.json (${size} bytes); each footage's export is recorded.`);
  });
}
