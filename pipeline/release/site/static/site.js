// The indicator browser's only script: search on the index page, charts on an indicator page.
// No library: the pages must work from a file server with no internet.
"use strict";

// "Tỷ lệ phủ sóng 5G" → "ty le phu song 5g": search ignores case and Vietnamese diacritics.
function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
}

// "Sở KH&CN (30/KH-SKHCN)" → " so kh cn 30 kh skhcn ": folded, punctuation as spaces, padded, so a plan's
// text can be searched for a phrase starting at a word ("quang tri" must not hit "... phát triển").
function phraseText(text) {
  return ` ${fold(text).replace(/[^a-z0-9]+/g, " ").trim()} `;
}

// The plans a search names: the whole search, as a phrase, in a plan's province, issuer, number or title.
function namedPlans(plans, query) {
  const phrase = phraseText(query).trimEnd();
  return phrase ? plans.filter((p) => p.text.includes(phrase)) : [];
}

// An indicator is shown when every word of the search is in its names or id, or when the search names a plan
// that sets targets for it. The plan list shows the plans the search names, else those behind the shown
// indicators.
function setUpSearch(input) {
  const items = Array.from(document.querySelectorAll("li.indicator"));
  const haystacks = items.map((li) =>
    fold(`${li.querySelector("a").textContent} ${li.querySelector(".en").textContent} ${li.dataset.id}`));
  const plans = Array.from(document.querySelectorAll("tr.plan")).map((row) => ({
    row, text: phraseText(row.dataset.search), concepts: row.dataset.concepts.split(" ").filter(Boolean),
  }));
  const count = document.getElementById("search-count");
  const planCount = document.getElementById("plan-count");
  const noMatch = document.getElementById("no-match");
  function apply() {
    const words = fold(input.value).split(/\s+/).filter(Boolean);
    const named = namedPlans(plans, input.value);
    const viaPlans = new Set(named.flatMap((p) => p.concepts));
    const shown = new Set();
    items.forEach((li, i) => {
      const hit = words.every((w) => haystacks[i].includes(w)) || viaPlans.has(li.dataset.id);
      li.hidden = !hit;
      if (hit) shown.add(li.dataset.id);
    });
    document.querySelectorAll("section.pillar").forEach((section) => {
      section.hidden = !section.querySelector("li.indicator:not([hidden])");
    });
    const listed = new Set(words.length === 0 ? plans
      : named.length ? named : plans.filter((p) => p.concepts.some((c) => shown.has(c))));
    plans.forEach((p) => { p.row.hidden = !listed.has(p); });
    count.textContent = `${shown.size} / ${items.length}`;
    planCount.textContent = `${listed.size} / ${plans.length}`;
    noMatch.hidden = shown.size > 0;
  }
  input.addEventListener("input", apply);
  apply();
}

const SVG_NS = "http://www.w3.org/2000/svg";
const COLOURS = ["#0b5cad", "#d1242f", "#1a7f37", "#8250df", "#bf8700", "#0a7a83", "#cf4a98", "#6e7781"];
const NATIONAL_COLOUR = "#111111";
// One marker shape per unit on a chart that holds several (% GRDP beside % GDP).
const MARKERS = ["circle", "square", "diamond", "triangle"];

function el(name, attrs, parent, text) {
  const node = document.createElementNS(SVG_NS, name);
  Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, v));
  if (text !== undefined) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

function html(name, className, text) {
  const node = document.createElement(name);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function marker(parent, shape, cx, cy, r, attrs) {
  if (shape === "circle") return el("circle", { cx, cy, r, ...attrs }, parent);
  if (shape === "square") return el("rect", { x: cx - r, y: cy - r, width: 2 * r, height: 2 * r, ...attrs }, parent);
  const corners = shape === "diamond" ? [[0, -1.4], [1.4, 0], [0, 1.4], [-1.4, 0]] : [[0, -1.4], [1.3, 1], [-1.3, 1]];
  return el("polygon", { points: corners.map(([dx, dy]) => `${cx + dx * r},${cy + dy * r}`).join(" "), ...attrs },
            parent);
}

// A round upper bound for the value axis: 87 → 100, 3.2 → 4, 140 → 150.
function niceMax(value) {
  if (value <= 0) return 1;
  const step = Math.pow(10, Math.floor(Math.log10(value)));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * step >= value) return m * step;
  return 10 * step;
}

function unitName(data, unit) {
  return data.unit_names[unit];
}

// Numeric targets by chart, each chart's series one per plan and unit. Status targets (no number) and values
// the data marks as not comparable are kept apart: they are no point on an axis.
function groupTargets(data) {
  const charts = new Map();
  const status = [];
  const notDrawn = [];
  data.series.forEach((s) => s.targets.forEach((t) => {
    if (t.value === null) { status.push([s, t]); return; }
    if (!t.comparable) { notDrawn.push([s, t]); return; }
    const key = t.measure;  // %, % GRDP and % GDP are one share: one chart
    if (!charts.has(key)) charts.set(key, { key, units: [], series: new Map() });
    const chart = charts.get(key);
    if (!chart.units.includes(t.unit)) chart.units.push(t.unit);
    const id = `${s.plan_id} ${t.unit}`;
    if (!chart.series.has(id)) chart.series.set(id, { ...s, unit: t.unit, points: [] });
    chart.series.get(id).points.push(t);
  }));
  // The catalog's preferred unit first: that is the chart, and the marker, the concept is about.
  const preferredFirst = (a, b) => (a !== data.preferred_unit) - (b !== data.preferred_unit) || a.localeCompare(b);
  charts.forEach((chart) => chart.units.sort(preferredFirst));
  const ordered = Array.from(charts.values()).sort((a, b) => preferredFirst(a.units[0], b.units[0]));
  return { charts: ordered, status, notDrawn };
}

// "Tỷ lệ / Share: %, % GRDP": the chart's measure and the units its series are in.
function chartTitle(data, chart) {
  return `${data.measure_names[chart.key]}: ${chart.units.map((u) => unitName(data, u)).join(", ")}`;
}

// A series' name on a chart: its plan, and its unit where the chart holds several.
function seriesName(data, chart, s) {
  const unit = chart.units.length > 1 ? ` — ${unitName(data, s.unit)}` : "";
  return `${s.label}${unit}${s.national ? " — quốc gia / national" : ""}`;
}

function seriesStyle(chart, s) {
  const colour = s.national ? NATIONAL_COLOUR : s.colour;
  return { colour, shape: MARKERS[chart.units.indexOf(s.unit) % MARKERS.length], dash: s.national ? "6 4" : "none" };
}

function uncertainYear(t) {
  return t.flags.includes("year_uncertain");
}

// A legend entry: a small picture of the line and marker (drawn by `draw`), then its words.
function legendItem(text, draw) {
  const li = html("li");
  draw(el("svg", { width: 30, height: 12, "aria-hidden": "true" }, li));
  li.appendChild(document.createTextNode(text));
  return li;
}

// The chart's series, then, where a point's year is a best guess, what its hollow dashed marker means.
function legend(data, chart) {
  const list = html("ul", "legend");
  chart.series.forEach((s) => {
    const { colour, shape, dash } = seriesStyle(chart, s);
    const li = legendItem(seriesName(data, chart, s), (key) => {
      el("line", { x1: 1, x2: 29, y1: 6, y2: 6, stroke: colour, "stroke-width": 2, "stroke-dasharray": dash }, key);
      marker(key, shape, 15, 6, 3.5, { fill: s.national ? "#fff" : colour, stroke: colour, "stroke-width": 1.5 });
    });
    li.title = s.detail;
    list.appendChild(li);
  });
  if (Array.from(chart.series.values()).some((s) => s.points.some(uncertainYear))) {
    const li = legendItem("năm không chắc chắn / year uncertain (year_uncertain)", (key) => marker(
      key, "circle", 15, 6, 4, { fill: "#fff", stroke: "#57606a", "stroke-width": 1.5, "stroke-dasharray": "2 2" }));
    li.className = "uncertain";
    list.appendChild(li);
  }
  return list;
}

// One SVG chart: a line per series, dashed black for the national target, a vertical bar for a range
// ("80-90%"), a hollow dashed point where the year is uncertain; hovering a point shows the cell as printed.
function drawChart(container, data, chart) {
  const W = 720, H = 320, m = { l: 56, r: 20, t: 14, b: 34 };
  const series = Array.from(chart.series.values());
  const points = series.flatMap((s) => s.points);
  const years = points.map((p) => p.year);
  let x0 = Math.min(...years), x1 = Math.max(...years);
  if (x0 === x1) { x0 -= 1; x1 += 1; }
  const yMax = niceMax(Math.max(...points.map((p) => (p.value_max ?? p.value))));
  const x = (year) => m.l + ((year - x0) / (x1 - x0)) * (W - m.l - m.r);
  const y = (v) => H - m.b - (v / yMax) * (H - m.t - m.b);
  const box = html("div", "chart");
  box.appendChild(html("h3", "", chartTitle(data, chart)));
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img", "data-key": chart.key,
                          "data-units": chart.units.join(" "), "aria-label": chartTitle(data, chart) }, box);
  const grid = el("g", { class: "grid" }, svg);
  const axis = el("g", { class: "axis" }, svg);
  for (let i = 0; i <= 5; i += 1) {
    const v = (yMax * i) / 5;
    el("line", { x1: m.l, x2: W - m.r, y1: y(v), y2: y(v) }, grid);
    el("text", { x: m.l - 6, y: y(v) + 4, "text-anchor": "end" }, axis, Number(v.toPrecision(3)).toString());
  }
  let lastLabel = -Infinity;
  Array.from(new Set(years)).sort((a, b) => a - b).forEach((year) => {
    el("line", { x1: x(year), x2: x(year), y1: H - m.b, y2: H - m.b + 4 }, axis);
    if (x(year) - lastLabel < 36) return;  // 2025 beside 2026: a tick without a label, not two labels overlapping
    lastLabel = x(year);
    el("text", { x: x(year), y: H - m.b + 18, "text-anchor": "middle" }, axis, String(year));
  });
  // The national target last, so no plan's point hides it.
  series.slice().sort((a, b) => a.national - b.national).forEach((s) => {
    const { colour, shape, dash } = seriesStyle(chart, s);
    const g = el("g", { class: s.national ? "series national" : "series", "data-plan": s.plan_id,
                        "data-unit": s.unit }, svg);
    const sorted = s.points.slice().sort((a, b) => a.year - b.year);
    if (sorted.length > 1) {
      el("polyline", { points: sorted.map((p) => `${x(p.year)},${y(p.value)}`).join(" "), fill: "none",
                       stroke: colour, "stroke-width": 2, "stroke-dasharray": dash }, g);
    }
    sorted.forEach((p) => {
      if (p.value_max !== null) {
        el("line", { x1: x(p.year), x2: x(p.year), y1: y(p.value), y2: y(p.value_max), stroke: colour,
                     "stroke-width": 4, opacity: 0.5 }, g);
      }
      const uncertain = uncertainYear(p);
      const dot = marker(g, shape, x(p.year), y(p.value), s.national ? 6 : 4.5, {
        fill: s.national || uncertain ? "#fff" : colour, stroke: colour, "stroke-width": 2,
        "stroke-dasharray": uncertain ? "2 2" : "none", class: uncertain ? "point uncertain" : "point" });
      const flags = p.flags.length ? ` [${p.flags.join(", ")}]` : "";
      el("title", {}, dot, `${seriesName(data, chart, s)} — ${p.year}: ${p.raw_text}${flags}`);
    });
  });
  box.appendChild(legend(data, chart));
  container.appendChild(box);
}

function statusList(status) {
  const list = html("ul", "status-list");
  status.forEach(([s, t]) => list.appendChild(html("li", "", `${s.label} — ${t.year}: ${t.raw_text}`)));
  return list;
}

// "1 giá trị … / 1 value is …", "3 giá trị … / 3 values are …": English has a plural, Vietnamese has none.
function notDrawnNote(n) {
  const en = n === 1 ? "1 value is not drawn: it is" : `${n} values are not drawn: they are`;
  return `${n} giá trị không được vẽ vì không so sánh được (xem cột Ghi chú trong bảng). `
    + `${en} not comparable (see the Note column of the table).`;
}

function setUpIndicator(data) {
  const charts = document.getElementById("charts");
  data.series.forEach((s, i) => { s.colour = COLOURS[i % COLOURS.length]; });
  const grouped = groupTargets(data);
  grouped.charts.forEach((chart) => drawChart(charts, data, chart));
  if (grouped.charts.length === 0) {
    charts.appendChild(html("p", "", "Không có mục tiêu dạng số để vẽ / No numeric target to draw."));
  }
  if (grouped.notDrawn.length) charts.appendChild(html("p", "not-drawn", notDrawnNote(grouped.notDrawn.length)));
  if (grouped.status.length) {
    charts.appendChild(html("h3", "", "Mục tiêu định tính / Status targets"));
    charts.appendChild(statusList(grouped.status));
  }
}

const search = document.getElementById("search");
if (search) setUpSearch(search);
const payload = document.getElementById("indicator-data");
if (payload) setUpIndicator(JSON.parse(payload.textContent));
