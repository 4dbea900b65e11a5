// The workspace home: who is signed in, and the navigation their roles allow.
import { currentSession } from '/app/session.js';

// Each role's pages; `planned` marks pages still being built (the link is shown, labelled as such).
const NAV = [
  { role: 'officer', label: 'My footage', href: '/app/footage/mine.html' },
  { role: 'officer', label: 'Upload', href: '/app/upload.html' },
  { role: 'reviewer', label: 'Search', href: '/app/search.html' },
  { role: 'reviewer', label: 'Cases', href: '/app/cases.html' },
  { role: 'reviewer', label: 'Shares', href: '/app/shares.html' },
  { role: 'admin', label: 'Holds & retention', href: '/app/holds.html' },
  { role: 'admin', label: 'Cases', href: '/app/cases.html' },
  { role: 'oversight', label: 'Histories', href: '/app/histories.html' },
  { role: 'oversight', label: 'Access audit', href: '/app/access-audit.html' },
  { role: 'oversight', label: 'Audits', href: '/app/audits.html' },
  { role: 'oversight', label: 'Cases', href: '/app/cases.html' },
  { role: 'oversight', label: 'Complaints', href: '/app/complaints.html' },
  { role: 'admin', label: 'Complaints', href: '/app/complaints.html' },
];

function text(id, value) {
  document.getElementById(id).textContent = value;
}

async function show() {
  const me = await currentSession();
  const who = me.name || me.subject;
  text('who-name', me.unit ? `${who} · ${me.unit}` : who);
  document.getElementById('sign-out-csrf').value = me.csrfToken;
  text('greeting', `Signed in as ${who} (${me.subject}).`);
  text('roles-line', me.roles.length
    ? 'Your roles: ' + me.roles.join(', ') + '.'
    : 'You hold no role in this service: ask your administrator to grant officer, reviewer, oversight or admin.');
  const list = document.getElementById('nav-list');
  // A page several of the person's roles open is listed once.
  const mine = NAV.filter((i) => me.roles.includes(i.role))
    .filter((i, n, all) => all.findIndex((j) => j.href === i.href) === n);
  for (const item of mine) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = item.href;
    a.textContent = item.label;
    a.dataset.role = item.role;
    li.append(a);
    if (item.planned) {
      const badge = document.createElement('span');
      badge.className = 'planned';
      badge.textContent = 'coming soon';
      li.append(' ', badge);
    }
    list.append(li);
  }
}

show().catch((err) => text('greeting', 'The workspace could not load: ' + err.message));
