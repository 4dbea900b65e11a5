// The public dashboard's enhancements. The server renders every table of the chosen period; this adds
// the trends across quarters (uPlot charts, each beside its data table), sorting and filtering of the
// unit table, a CSV download of every table, the live ledger panel and the complaint forms.
// Text goes in with textContent only: nothing from a report or an answer is ever parsed as HTML.
"use strict";

(function () {
  const REPORTS = "/api/v1/transparency/reports";
  const TREND_QUARTERS = 8;
  const COLOURS = ["#0b4f8a", "#a4161a", "#2d6a1f"];
  // Each chart: a title, and its series as [path in the report, name, how a value is shown].
  const TRENDS = [
    { id: "registrations", title: "Footage registered", series: [["agency.footageRegistered.total", "Registered"]] },
    { id: "hours", title: "Hours of footage", series: [["agency.footageMinutes", "Hours", hours]] },
    { id: "access", title: "Views and exports",
      series: [["agency.events.VIEWED.total", "Views"], ["agency.events.EXPORTED.total", "Exports"]] },
    { id: "holds", title: "Holds and disposals",
      series: [["agency.holds.placed", "Holds placed"], ["agency.holds.released", "Holds released"],
        ["agency.disposals", "Disposals"]] },
    { id: "complaints", title: "Complaints",
      series: [["complaints.received", "Received"], ["complaints.closed", "Closed"]] },
    { id: "days", title: "Median days to close a complaint",
      series: [["complaints.medianDaysToClose", "Median days"]] }
  ];

  function hours(minutes) {
    return typeof minutes === "number" ? Math.round(minutes / 6) / 10 : minutes;
  }

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    if (text !== undefined) {
      e.textContent = text;
    }
    return e;
  }

  function at(obj, path) {
    return path.split(".").reduce((o, k) => (o && typeof o === "object" ? o[k] : undefined), obj);
  }

  // --- CSV of a table, exactly as shown (visible rows, current order; a cell's raw value) -------------

  function cellText(cell) {
    return cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
  }

  // A unit's name is free text from a token: one a spreadsheet would run as a formula (leading
  // = + - @, tab or CR) gets an apostrophe and quotes (OWASP CSV injection); figures are never negative.
  function csvField(text) {
    const formula = /^[=+\-@\t\r]/.test(text);
    return formula || /[",\r\n]/.test(text) ? '"' + (formula ? "'" : "") + text.replace(/"/g, '""') + '"' : text;
  }

  function tableCsv(table) {
    const rows = [table.tHead.rows[0]].concat(Array.from(table.tBodies[0].rows).filter(r => !r.hidden));
    return rows.map(r => Array.from(r.cells).map(c => csvField(cellText(c))).join(",")).join("\r\n") + "\r\n";
  }

  function addCsvLink(table, name) {
    const caption = table.caption ? table.caption.textContent : name;
    const link = el("a", { class: "csv", download: name + ".csv", id: table.id + "-csv",
      "aria-label": "Download “" + caption + "” as CSV" }, "Download this table as CSV");
    const refresh = () => link.setAttribute("href", "data:text/csv;charset=utf-8," + encodeURIComponent(tableCsv(table)));
    refresh();
    table.closest(".table-box").after(link);
    return refresh;
  }

  // --- The unit table: sort by any column (header buttons), filter by name ------------------------------

  function sortValue(cell) {
    const v = cellText(cell);
    return /^-?\d+$/.test(v) ? Number(v) : null;
  }

  function enhanceUnits(table, refreshCsv) {
    const body = table.tBodies[0];
    const headers = Array.from(table.tHead.rows[0].cells);
    headers.forEach((th, column) => {
      const button = el("button", { type: "button", class: "sort" }, th.textContent);
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", () => {
        const ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(h => h.setAttribute("aria-sort", "none"));
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const rows = Array.from(body.rows);
        rows.sort((a, b) => {
          const x = a.cells[column];
          const y = b.cells[column];
          if (column === 0) {
            return x.textContent.localeCompare(y.textContent) * (ascending ? 1 : -1);
          }
          const p = sortValue(x);
          const q = sortValue(y);
          if (p === null || q === null) {
            // Suppressed and "none" are not numbers: they go last whichever way.
            return (p === null) - (q === null);
          }
          return (p - q) * (ascending ? 1 : -1);
        });
        rows.forEach(r => body.appendChild(r));
        refreshCsv();
      });
    });
    const label = el("label", { for: "unit-filter" }, "Show units whose name contains");
    const input = el("input", { id: "unit-filter", type: "search", autocomplete: "off" });
    const count = el("p", { id: "unit-count", class: "note", role: "status" });
    const filter = () => {
      const q = input.value.trim().toLowerCase();
      let shown = 0;
      Array.from(body.rows).forEach(r => {
        r.hidden = q !== "" && !r.getAttribute("data-unit").toLowerCase().includes(q);
        shown += r.hidden ? 0 : 1;
      });
      count.textContent = shown + " of " + body.rows.length + " units shown";
      refreshCsv();
    };
    input.addEventListener("input", filter);
    const box = table.closest(".table-box");
    box.before(label, input, count);
    filter();
  }

  // --- Trends across quarters ---------------------------------------------------------------------------

  async function json(url) {
    const r = await fetch(url, { headers: { Accept: "application/json" } });
    if (!r.ok) {
      throw new Error(url + " answered HTTP " + r.status);
    }
    return r.json();
  }

  async function trends() {
    const status = document.getElementById("trends-status");
    if (!status) {
      return;
    }
    status.textContent = "Loading the quarters…";
    try {
      const list = await json(REPORTS);
      const quarters = list.reports.filter(r => r.kind === "quarter").slice(0, TREND_QUARTERS).reverse();
      const reports = await Promise.all(quarters.map(q => json(q.href)));
      const box = document.getElementById("trend-charts");
      TRENDS.forEach(t => box.appendChild(trend(t, reports)));
      // After the charts' own frame callbacks: when the page is whole (BENCHMARKS.md measures to here).
      requestAnimationFrame(() => performance.mark("dashboard-rendered"));
      status.textContent = "The last " + reports.length + " quarters, oldest first. A gap in a line is a suppressed"
        + " figure (or none to compute); each chart's table says which.";
    } catch (e) {
      status.textContent = "The trends could not be loaded: " + e.message;
    }
  }

  function shown(value, format) {
    return typeof value === "number" && format ? format(value) : value;
  }

  function trend(spec, reports) {
    const figure = el("figure", { class: "trend", id: "trend-" + spec.id });
    figure.appendChild(el("figcaption", {}, spec.title));
    const chart = el("div", { class: "chart", "aria-hidden": "true" });
    const tableBox = el("div", { class: "table-box", tabindex: "0", role: "region", "aria-label": spec.title + " by quarter" });
    const table = el("table", { class: "data", id: "trend-" + spec.id + "-table" });
    table.appendChild(el("caption", {}, spec.title + " by quarter (the chart's data)"));
    const head = el("tr");
    head.appendChild(el("th", { scope: "col" }, "Quarter"));
    spec.series.forEach(s => head.appendChild(el("th", { scope: "col" }, s[1])));
    table.appendChild(el("thead")).appendChild(head);
    const body = table.appendChild(el("tbody"));
    reports.forEach(r => {
      const tr = body.appendChild(el("tr"));
      tr.appendChild(el("th", { scope: "row" }, r.period + (r.status === "provisional" ? " (provisional)" : "")));
      spec.series.forEach(s => {
        const v = shown(at(r, s[0]), s[2]);
        const td = el("td", { "data-metric": s[0], "data-value": v === undefined ? "" : String(v) },
          v === undefined ? "—" : String(v));
        if (v === "suppressed") {
          td.className = "suppressed";
        }
        tr.appendChild(td);
      });
    });
    tableBox.appendChild(table);
    figure.append(chart, tableBox);
    addCsvLink(table, "trend-" + spec.id);
    const data = [reports.map((_, i) => i)].concat(spec.series.map(s => reports.map(r => {
      const v = shown(at(r, s[0]), s[2]);
      return typeof v === "number" ? v : null;
    })));
    requestAnimationFrame(() => draw(chart, spec, reports, data));
    return figure;
  }

  // The chart's share of its figure: all of it on a narrow screen, beside its table on a wide one.
  const WIDE = window.matchMedia("(min-width: 60rem)");

  function chartWidth(chart) {
    const figure = chart.parentElement.clientWidth;
    return Math.max(200, Math.min(Math.floor(WIDE.matches ? figure * 0.6 - 8 : figure), 640));
  }

  function draw(chart, spec, reports, data) {
    if (typeof uPlot === "undefined") {
      chart.textContent = "(the chart library did not load; the table has the figures)";
      return;
    }
    const plot = new uPlot({
      width: chartWidth(chart),
      height: 200,
      scales: { x: { time: false } },
      axes: [
        { values: (u, ticks) => ticks.map(i => (Number.isInteger(i) && reports[i] ? reports[i].period : "")) },
        {}
      ],
      series: [{ label: "Quarter", value: (u, i) => (i == null || !reports[i] ? "" : reports[i].period) }]
        .concat(spec.series.map((s, i) => ({ label: s[1], stroke: COLOURS[i], width: 2, points: { show: true } })))
    }, data, chart);
    window.addEventListener("resize", () => plot.setSize({ width: chartWidth(chart), height: 200 }));
  }

  // --- The ledger panel: the newest checkpoint and its witnesses ------------------------------------------

  // A cosignature/v1 signature line's bytes: 4-byte key hash, 8-byte big-endian time (seconds), signature.
  function cosignedAt(line) {
    const m = /^\u2014 \S+ ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!m) {
      return null;
    }
    const bytes = atob(m[1]);
    if (bytes.length !== 4 + 8 + 64) {
      return null;
    }
    let seconds = 0;
    for (let i = 4; i < 12; i++) {
      seconds = seconds * 256 + bytes.charCodeAt(i);
    }
    return new Date(seconds * 1000);
  }

  function age(date) {
    const s = Math.max(0, Math.round((Date.now() - date.getTime()) / 1000));
    if (s < 120) {
      return s + " s ago";
    }
    if (s < 7200) {
      return Math.round(s / 60) + " min ago";
    }
    return s < 172800 ? Math.round(s / 3600) + " h ago" : Math.round(s / 86400) + " days ago";
  }

  async function ledger() {
    try {
      const r = await fetch("/api/v1/ledger/checkpoint");
      const lines = (await r.text()).split("\n");
      document.getElementById("ledger-size").textContent = lines[1];
      document.getElementById("ledger-root").textContent = lines[2];
      const times = lines.map(cosignedAt).filter(Boolean).sort((a, b) => b - a);
      document.getElementById("ledger-age").textContent = times.length
        ? "cosigned by a witness " + age(times[0]) + " (" + times[0].toISOString() + ")"
        : "not yet cosigned by a witness: a checkpoint itself carries no time";
      const w = await json("/api/v1/ledger/witnesses");
      const body = document.getElementById("witnesses");
      body.textContent = "";
      if (!w.witnesses.length) {
        body.appendChild(el("tr")).appendChild(el("td", { colspan: "5" }, "This log has no witness policy."));
      }
      w.witnesses.forEach(x => {
        const tr = body.appendChild(el("tr"));
        tr.appendChild(el("th", { scope: "row" }, x.name));
        [x.state, x.cosignedSize == null ? "—" : String(x.cosignedSize), x.cosignedAt || "never",
          x.cosignedAt ? age(new Date(x.cosignedAt)) : "—"].forEach(t => tr.appendChild(el("td", {}, t)));
      });
      refreshWitnessCsv();
    } catch (e) {
      document.getElementById("ledger-age").textContent = "The ledger could not be read: " + e.message;
    }
  }

  let refreshWitnessCsv = () => {};

  // --- The complaint form and the status look-up -----------------------------------------------------------

  function rfc3339(local) {
    return new Date(local).toISOString();
  }

  function dataLink(text, type, name, label, id) {
    return el("a", { href: "data:" + type + ";charset=utf-8," + encodeURIComponent(text), download: name, id: id }, label);
  }

  async function problem(r) {
    try {
      const p = await r.json();
      return p.detail || p.title || "HTTP " + r.status;
    } catch (e) {
      return "HTTP " + r.status;
    }
  }

  function complaintForm() {
    const form = document.getElementById("complaint-form");
    const out = document.getElementById("complaint-result");
    form.addEventListener("submit", async ev => {
      ev.preventDefault();
      const body = { category: form.category.value, occurredFrom: rfc3339(form.occurredFrom.value),
        occurredTo: rfc3339(form.occurredTo.value), description: form.description.value };
      ["place", "incident", "contact"].forEach(f => {
        if (form[f].value.trim() !== "") {
          body[f] = form[f].value;
        }
      });
      out.textContent = "Sending…";
      const r = await fetch("/api/v1/complaints", { method: "POST", body: JSON.stringify(body),
        headers: { "Content-Type": "application/json", Accept: "application/json" } });
      out.textContent = "";
      if (r.status !== 201) {
        out.appendChild(el("p", { class: "error" }, "Not sent: " + (await problem(r))));
        return;
      }
      const c = await r.json();
      out.appendChild(el("p", {}, "Received. Keep your complaint id and status secret: the secret is shown only now."));
      const dl = out.appendChild(el("dl", { class: "facts" }));
      [["Complaint id", c.complaintId, "receipt-id"], ["Status secret", c.receiptSecret, "receipt-secret"],
        ["Received", c.receivedAt, "receipt-received"]].forEach(([k, v, id]) => {
        dl.appendChild(el("dt", {}, k));
        dl.appendChild(el("dd", { id: id }, v));
      });
      out.appendChild(dataLink(JSON.stringify(c.receipt, null, 2) + "\n", "application/json",
        c.complaintId + ".receipt.json", "Download your signed receipt", "receipt-download"));
      out.appendChild(el("p", { class: "note" }, "Anyone can check the receipt offline: java -jar custody-ledger.jar"
        + " verify-receipt " + c.complaintId + ".receipt.json --key-file log.key"));
      document.getElementById("s-id").value = c.complaintId;
    });
  }

  function statusForm() {
    const form = document.getElementById("status-form");
    const out = document.getElementById("status-result");
    form.addEventListener("submit", async ev => {
      ev.preventDefault();
      out.textContent = "Looking up…";
      const r = await fetch("/api/v1/complaints/" + encodeURIComponent(form.id.value.trim()) + "/status",
        { headers: { "Receipt-Secret": form.secret.value.trim(), Accept: "application/json" } });
      out.textContent = "";
      if (!r.ok) {
        out.appendChild(el("p", { class: "error" }, "Not found: " + (await problem(r))));
        return;
      }
      const s = await r.json();
      const dl = out.appendChild(el("dl", { class: "facts" }));
      [["Status", s.status, "status-value"], ["Received", s.receivedAt], ["Due by", s.dueBy], ["Closed", s.closedAt]]
        .filter(([, v]) => v)
        .forEach(([k, v, id]) => {
          dl.appendChild(el("dt", {}, k));
          dl.appendChild(el("dd", id ? { id: id } : {}, v));
        });
    });
  }

  function start() {
    document.querySelectorAll("table.data").forEach(t => {
      const refresh = addCsvLink(t, t.id + "-" + (document.body.dataset.period || "report"));
      if (t.id === "units-table") {
        enhanceUnits(t, refresh);
      }
      if (t.id === "witnesses-table") {
        refreshWitnessCsv = refresh;
      }
    });
    complaintForm();
    statusForm();
    trends();
    ledger();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
