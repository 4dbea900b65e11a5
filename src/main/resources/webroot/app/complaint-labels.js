// How the complaint pages name a complaint's status, overdue flag and footage match in words.
export const STATUS = {
  received: 'Received',
  'under-investigation': 'Under investigation',
  closed: 'Closed',
};

export function statusText(code) {
  return STATUS[code] || code || '';
}

export function overdueText(c) {
  return c.overdue ? 'Overdue' : 'No';
}

export function footageText(c) {
  return c.noFootageFound ? 'No footage found' : `${c.footageMatched} matched`;
}
