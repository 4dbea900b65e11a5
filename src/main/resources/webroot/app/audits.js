// Oversight: full-ledger audit jobs — start one, follow its progress by polling, read the result.
import { startPage, say, getJson, sendJson, el, fillRows } from '/app/admin-kit.js';

const $ = (id) => document.getElementById(id);
const POLL_MS = 1000;

function result(job) {
  if (job.status === 'running') {
    return 'running';
  }
  if (job.status === 'failed') {
    return `failed: ${job.error || 'no reason given'}`;
  }
  return job.clean ? 'clean' : `${job.summary.divergenceCount} divergence(s)`;
}

function showJob(job) {
  $('job').hidden = false;
  $('job-id').textContent = job.id;
  const p = job.progress;
  const bar = $('job-progress');
  bar.max = Math.max(p.entriesTotal, 1);
  bar.value = p.entriesChecked;
  bar.textContent = `${p.entriesChecked} of ${p.entriesTotal}`;
  if (job.status === 'running') {
    say('job-status', `Running: ${p.entriesChecked} of ${p.entriesTotal} entries checked${p.blobsChecked ? `, ${p.blobsChecked} files re-hashed` : ''}.`);
    return;
  }
  if (job.status === 'failed') {
    say('job-status', `The audit could not finish: ${job.error}`, true);
    return;
  }
  const s = job.summary;
  say('job-status', job.clean
    ? `Finished ${job.finishedAt}: clean — no divergence in ${s.entries} entries.`
    : `Finished ${job.finishedAt}: ${s.divergenceCount} divergence(s) found. The first: ${s.firstDivergence.detail}`, !job.clean);
  const dl = $('job-summary');
  dl.replaceChildren();
  for (const [k, v] of [['Entries', s.entries], ['Signatures verified', s.signaturesVerified],
    ['Tree nodes compared', s.nodesCompared], ['Checkpoints verified', s.checkpointsVerified],
    ['Footage chains', s.footageChains], ['Files re-hashed', s.blobsRehashed], ['Divergences', s.divergenceCount]]) {
    dl.append(el('dt', k), el('dd', v));
  }
  $('divergences').hidden = s.divergences.length === 0;
  fillRows($('divergence-rows'), s.divergences.map((d) => [d.table, d.index, d.check, d.detail]), '', 4);
}

/** Polls the job at `location` until it ends (setTimeout: never a busy loop). */
function follow(location) {
  const poll = async () => {
    try {
      const job = await getJson(location);
      showJob(job);
      if (job.status === 'running') {
        setTimeout(poll, POLL_MS);
      } else {
        loadRecent();
      }
    } catch (err) {
      say('job-status', err.message, true);
    }
  };
  poll();
}

async function loadRecent() {
  try {
    const list = await getJson('/api/v1/ledger/audits');
    fillRows($('recent'), list.items.map((j) => {
      const open = el('button', 'Show', { type: 'button', 'aria-label': `Show audit ${j.id}` });
      open.addEventListener('click', () => follow(`/api/v1/ledger/audits/${encodeURIComponent(j.id)}`));
      const cell = el('span');
      cell.append(`${j.id} `, open);
      return [cell, `${j.startedAt} by ${j.startedBy}`, j.status, result(j)];
    }), 'No audits yet.', 4);
  } catch (err) {
    say('recent-status', err.message, true);
  }
}

async function main() {
  if (!(await startPage(['oversight', 'admin']))) {
    return;
  }
  $('start-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const { res, json, problem } = await sendJson('POST', '/api/v1/ledger/audits',
      { signatures: $('signatures').checked, rehashBlobs: $('rehash').checked });
    if (problem) {
      say('page-status', `Refused: ${problem}`, true);
      return;
    }
    showJob(json);
    follow(res.headers.get('Location') || `/api/v1/ledger/audits/${json.id}`);
  });
  loadRecent();
}

main().catch((err) => say('page-status', `The page could not load: ${err.message}`, true));
