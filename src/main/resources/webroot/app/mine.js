// An officer's own registrations: GET /api/v1/footage answers an officer with only what they registered.
import { currentSession, api } from '/app/session.js';
import { say, json, pagedList, chrome, fields } from '/app/ui.js';
import { footageRow, footageQuery } from '/app/footage-rows.js';

const $ = (x) => document.getElementById(x);
let filters = {};

const list = pagedList({
  body: $('results-body'),
  more: $('results-more'),
  status: $('results-status'),
  empty: 'You have registered no footage yet.',
  fetchPage: (cursor) => json(api(footageQuery(filters, cursor))),
  row: footageRow,
});

$('filter-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  filters = fields(ev.target);
  list.load();
});

chrome(currentSession).then(() => list.load())
  .catch((err) => say($('results-status'), `The page could not load: ${err.message}`, 'error'));
