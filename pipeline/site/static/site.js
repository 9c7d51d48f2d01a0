// The indicator browser's only script: search on the index page, charts on an indicator page.
// No library: the pages must work from a file server with no internet.
"use strict";

// "Tỷ lệ phủ sóng 5G" → "ty le phu song 5g": search ignores case and Vietnamese diacritics.
function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
}

function setUpSearch(input) {
  const items = Array.from(document.querySelectorAll("li.indicator"));
  const haystacks = items.map((li) => fold(li.textContent + " " + li.dataset.id));
  const count = document.getElementById("search-count");
  const noMatch = document.getElementById("no-match");
  function apply() {
    const words = fold(input.value).split(/\s+/).filter(Boolean);
    let shown = 0;
    items.forEach((li, i) => {
      const hit = words.every((w) => haystacks[i].includes(w));
      li.hidden = !hit;
      if (hit) shown += 1;
    });
    document.querySelectorAll("section.pillar").forEach((section) => {
      section.hidden = !section.querySelector("li.indicator:not([hidden])");
    });
    count.textContent = `${shown} / ${items.length}`;
    noMatch.hidden = shown > 0;
  }
  input.addEventListener("input", apply);
  apply();
}

const SVG_NS = "http://www.w3.org/2000/svg";
const COLOURS = ["#0b5cad", "#d1242f", "#1a7f37", "#8250df", "#bf8700", "#0a7a83", "#cf4a98", "#6e7781"];
const NATIONAL_COLOUR = "#111111";

function el(name, attrs, parent, text) {
  const node = document.createElementNS(SVG_NS, name);
  Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, v));
  if (text !== undefined) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

// A round upper bound for the value axis: 87 → 100, 3.2 → 4, 140 → 150.
function niceMax(value) {
  if (value <= 0) return 1;
  const step = Math.pow(10, Math.floor(Math.log10(value)));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * step >= value) return m * step;
  return 10 * step;
}

// One SVG chart of the numeric targets in one unit: a line per plan, a dashed line for the national target,
// a vertical bar for a range ("80-90%"); hovering a point shows the cell as printed.
function drawChart(container, unit, series) {
  const W = 720, H = 320, m = { l: 56, r: 20, t: 14, b: 34 };
  const points = series.flatMap((s) => s.points);
  let years = points.map((p) => p.year);
  let x0 = Math.min(...years), x1 = Math.max(...years);
  if (x0 === x1) { x0 -= 1; x1 += 1; }
  const yMax = niceMax(Math.max(...points.map((p) => (p.value_max ?? p.value))));
  const x = (year) => m.l + ((year - x0) / (x1 - x0)) * (W - m.l - m.r);
  const y = (v) => H - m.b - (v / yMax) * (H - m.t - m.b);
  const box = document.createElement("div");
  box.className = "chart";
  const title = document.createElement("h3");
  title.textContent = `Đơn vị / unit: ${unit}`;
  box.appendChild(title);
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img", "data-unit": unit,
                          "aria-label": `targets in ${unit}` }, box);
  const grid = el("g", { class: "grid" }, svg);
  const axis = el("g", { class: "axis" }, svg);
  for (let i = 0; i <= 5; i += 1) {
    const v = (yMax * i) / 5;
    el("line", { x1: m.l, x2: W - m.r, y1: y(v), y2: y(v) }, grid);
    el("text", { x: m.l - 6, y: y(v) + 4, "text-anchor": "end" }, axis, Number(v.toPrecision(3)).toString());
  }
  const allYears = Array.from(new Set(years)).sort((a, b) => a - b);
  allYears.forEach((year) => {
    el("line", { x1: x(year), x2: x(year), y1: H - m.b, y2: H - m.b + 4 }, axis);
    el("text", { x: x(year), y: H - m.b + 18, "text-anchor": "middle" }, axis, String(year));
  });
  series.forEach((s) => {
    const colour = s.national ? NATIONAL_COLOUR : s.colour;
    const g = el("g", { class: s.national ? "series national" : "series", "data-plan": s.plan_id }, svg);
    const sorted = s.points.slice().sort((a, b) => a.year - b.year);
    if (sorted.length > 1) {
      el("polyline", { points: sorted.map((p) => `${x(p.year)},${y(p.value)}`).join(" "), fill: "none",
                       stroke: colour, "stroke-width": 2, "stroke-dasharray": s.national ? "6 4" : "none" }, g);
    }
    sorted.forEach((p) => {
      if (p.value_max !== null) {
        el("line", { x1: x(p.year), x2: x(p.year), y1: y(p.value), y2: y(p.value_max), stroke: colour,
                     "stroke-width": 4, opacity: 0.5 }, g);
      }
      const dot = el("circle", { cx: x(p.year), cy: y(p.value), r: s.national ? 6 : 4.5, fill: s.national ? "#fff" : colour,
                                 stroke: colour, "stroke-width": 2, class: "point" }, g);
      el("title", {}, dot, `${s.label} — ${p.year}: ${p.raw_text}`);
    });
  });
  container.appendChild(box);
}

function setUpIndicator(data) {
  const charts = document.getElementById("charts");
  const legend = document.getElementById("legend");
  data.series.forEach((s, i) => { s.colour = COLOURS[i % COLOURS.length]; });
  const byUnit = new Map();
  const status = [];
  data.series.forEach((s) => {
    s.targets.forEach((t) => {
      if (t.value === null) { status.push([s, t]); return; }
      if (!byUnit.has(t.unit)) byUnit.set(t.unit, new Map());
      const perPlan = byUnit.get(t.unit);
      if (!perPlan.has(s.plan_id)) perPlan.set(s.plan_id, { ...s, points: [] });
      perPlan.get(s.plan_id).points.push(t);
    });
  });
  // The catalog's preferred unit first: that is the chart the concept is about.
  const units = Array.from(byUnit.keys()).sort((a, b) =>
    (a !== data.preferred_unit) - (b !== data.preferred_unit) || a.localeCompare(b));
  units.forEach((unit) => drawChart(charts, unit, Array.from(byUnit.get(unit).values())));
  if (units.length === 0) {
    const p = document.createElement("p");
    p.textContent = "Không có mục tiêu dạng số / No numeric target.";
    charts.appendChild(p);
  }
  if (status.length) {
    const list = document.createElement("ul");
    list.className = "status-list";
    status.forEach(([s, t]) => {
      const li = document.createElement("li");
      li.textContent = `${s.label} — ${t.year}: ${t.raw_text}`;
      list.appendChild(li);
    });
    const h = document.createElement("h3");
    h.textContent = "Mục tiêu định tính / Status targets";
    charts.appendChild(h);
    charts.appendChild(list);
  }
  data.series.forEach((s) => {
    const li = document.createElement("li");
    const sw = document.createElement("span");
    sw.className = "swatch";
    sw.style.background = s.national ? NATIONAL_COLOUR : s.colour;
    li.appendChild(sw);
    li.appendChild(document.createTextNode(s.national ? `${s.label} — quốc gia / national` : s.label));
    legend.appendChild(li);
  });
}

const search = document.getElementById("search");
if (search) setUpSearch(search);
const payload = document.getElementById("indicator-data");
if (payload) setUpIndicator(JSON.parse(payload.textContent));
