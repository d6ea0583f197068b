// The workbench's views: a timeline that zooms (drag to brush a date range), a map of places and routes,
// and the network of actors, all drawn from /api/views/... and following one filter (type, dates).
// Plain JavaScript shipped with the package, no library, no network beyond this site. Names reach the
// page only as text (textContent, setAttribute), never as markup.
"use strict";
(function () {
  const SVGNS = "http://www.w3.org/2000/svg";
  const DAY = 86400000;
  const state = { type: "", from: "", to: "" };
  let basemap = null;

  function node(ns, tag, attrs, children) {
    const n = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => { if (v !== null && v !== undefined) n.setAttribute(k, String(v)); });
    (children || []).forEach((c) => { if (c !== null && c !== undefined) n.appendChild(typeof c === "object" ? c : document.createTextNode(String(c))); });
    return n;
  }
  const sv = (tag, attrs, children) => node(SVGNS, tag, attrs, children);
  const el = (tag, attrs, children) => node(null, tag, attrs, children);
  const title = (text) => sv("title", {}, [text]);

  function params(extra) {
    const p = new URLSearchParams();
    if (state.type) p.set("type", state.type);
    if (state.from) p.set("date_from", state.from);
    if (state.to) p.set("date_to", state.to);
    Object.entries(extra || {}).forEach(([k, v]) => p.set(k, v));
    return p.toString();
  }
  async function getJSON(url) {
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(url + ": " + response.status);
    return response.json();
  }
  function dayOf(s, last) { // first or last day of YYYY[-MM[-DD]] as a UTC time value
    const p = String(s).split("-").map(Number);
    if (p.length === 1) return last ? Date.UTC(p[0], 11, 31) : Date.UTC(p[0], 0, 1);
    if (p.length === 2) return last ? Date.UTC(p[0], p[1], 0) : Date.UTC(p[0], p[1] - 1, 1);
    return Date.UTC(p[0], p[1] - 1, p[2]);
  }
  const iso = (t) => new Date(t).toISOString().slice(0, 10);
  const done = (box, count) => { box.dataset.ready = "1"; box.dataset.count = String(count); };

  // ---- timeline ----------------------------------------------------------------------------------------
  // tick steps, finest first; a step is used only when its labels fit side by side (never overlapping)
  const STEPS = [[1, "day"], [2, "day"], [7, "day"], [14, "day"], [1, "month"], [2, "month"], [3, "month"],
    [6, "month"], [1, "year"], [2, "year"], [5, "year"], [10, "year"], [20, "year"], [50, "year"]];
  const CHARS = { day: 10, month: 7, year: 4 };
  function label(t, unit) {
    const s = iso(t);
    return unit === "year" ? s.slice(0, 4) : unit === "month" ? s.slice(0, 7) : s;
  }
  function ticks(lo, hi, px) {
    const perMs = px / Math.max(1, hi - lo);
    let chosen = STEPS[STEPS.length - 1];
    for (const step of STEPS) {
      const shortest = step[0] * (step[1] === "day" ? DAY : step[1] === "month" ? 28 * DAY : 365 * DAY);
      if (shortest * perMs >= CHARS[step[1]] * 7 + 14) { chosen = step; break; }
    }
    const [n, unit] = chosen, out = [], s = new Date(lo);
    if (unit === "year") {
      for (let y = Math.ceil(s.getUTCFullYear() / n) * n, t; (t = Date.UTC(y, 0, 1)) <= hi; y += n) if (t >= lo) out.push(t);
    } else if (unit === "month") {
      for (let k = s.getUTCFullYear() * 12 + Math.ceil(s.getUTCMonth() / n) * n, t; (t = Date.UTC(Math.floor(k / 12), k % 12, 1)) <= hi; k += n) {
        if (t >= lo) out.push(t);
      }
    } else {
      for (let d = Math.ceil(lo / DAY / n) * n, t; (t = d * DAY) <= hi; d += n) out.push(t);
    }
    return { unit, ticks: out.map((t) => ({ t, label: label(t, unit) })) };
  }
  // bars a day, a month or a year, by the span shown
  function binStart(t, unit) {
    const d = new Date(t);
    if (unit === "year") return Date.UTC(d.getUTCFullYear(), 0, 1);
    if (unit === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    return t;
  }
  function binEnd(t, unit) {
    const d = new Date(t);
    if (unit === "year") return Date.UTC(d.getUTCFullYear() + 1, 0, 1);
    if (unit === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    return t + DAY;
  }

  async function drawTimeline() {
    const box = document.getElementById("timeline-chart");
    box.dataset.ready = "0";
    // the whole span under the type filter: the brush zooms within it
    const data = await getJSON("/api/views/timeline?" + new URLSearchParams(state.type ? { type: state.type } : {}));
    box.textContent = "";
    const note = document.getElementById("timeline-note");
    if (!data.days.length) { note.textContent = "No event has a stated time."; done(box, 0); return; }
    let lo = state.from ? dayOf(state.from, false) : dayOf(data.first, false);
    let hi = state.to ? dayOf(state.to, true) + DAY : dayOf(data.last, false) + DAY;
    if (hi - lo < 7 * DAY) { lo -= 3 * DAY; hi += 3 * DAY; }
    const span = (hi - lo) / DAY, unit = span <= 120 ? "day" : span <= 6 * 366 ? "month" : "year";
    const bins = new Map();
    data.days.forEach((d) => {
      const t = dayOf(d.day, false);
      if (t < lo || t >= hi) return;
      const b = binStart(t, unit);
      bins.set(b, (bins.get(b) || 0) + d.count);
    });
    const W = 1200, H = 170, left = 40, right = 10, top = 24, bottom = 10, px = W - left - right;
    const x = (t) => left + px * (t - lo) / (hi - lo);
    const max = Math.max(1, ...bins.values());
    const svg = sv("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Events over time; drag to zoom" });
    const axis = ticks(lo, hi, px);
    const g = sv("g", { class: "tl-axis", "data-unit": axis.unit });
    axis.ticks.forEach((tk) => {
      g.appendChild(sv("line", { class: "tl-grid", x1: x(tk.t), x2: x(tk.t), y1: top - 6, y2: H - bottom }));
      g.appendChild(sv("text", { class: "tl-tick", x: x(tk.t) + 2, y: top - 10 }, [tk.label]));
    });
    svg.appendChild(g);
    svg.appendChild(sv("text", { x: 4, y: top + 10 }, [String(max)]));
    let inView = 0;
    bins.forEach((n, b) => {
      inView += n;
      const h = (H - top - bottom) * n / max, x1 = x(b), x2 = x(Math.min(hi, binEnd(b, unit)));
      svg.appendChild(sv("rect", { class: "tl-bar-rect", x: x1 + 0.5, y: H - bottom - h, width: Math.max(1, x2 - x1 - 1), height: h,
        "data-bin": label(b, unit) }, [title(label(b, unit) + ": " + n + " events")]));
    });
    // the brush: drag across to zoom into that range
    const area = sv("rect", { class: "tl-area", x: left, y: 0, width: px, height: H });
    const brush = sv("rect", { class: "brush", x: 0, y: 0, width: 0, height: H, visibility: "hidden" });
    svg.appendChild(area);
    svg.appendChild(brush);
    const toX = (ev) => { const r = svg.getBoundingClientRect(); return (ev.clientX - r.left) * W / r.width; };
    const toT = (vx) => lo + (Math.max(left, Math.min(W - right, vx)) - left) / px * (hi - lo);
    let start = null;
    svg.addEventListener("pointerdown", (ev) => { start = toX(ev); svg.setPointerCapture(ev.pointerId); });
    svg.addEventListener("pointermove", (ev) => {
      if (start === null) return;
      const now = toX(ev);
      brush.setAttribute("x", Math.min(start, now));
      brush.setAttribute("width", Math.abs(now - start));
      brush.setAttribute("visibility", "visible");
    });
    svg.addEventListener("pointerup", (ev) => {
      if (start === null) return;
      const a = toT(Math.min(start, toX(ev))), b = toT(Math.max(start, toX(ev)));
      start = null;
      if (b - a < DAY / 2) { brush.setAttribute("visibility", "hidden"); return; }
      setDates(iso(a), iso(b - 1));
    });
    box.appendChild(svg);
    note.textContent = `${inView} events shown by ${unit} from ${iso(lo)} to ${iso(hi - DAY)}` +
      (data.undated ? `; ${data.undated} without a stated time are not on it` : "") + ".";
    done(box, inView);
  }

  async function drawTable() {
    const box = document.getElementById("timeline-events");
    const data = await getJSON("/api/events?" + params({ sort: "date", limit: "25" }));
    box.textContent = "";
    const rows = data.items.map((r) => el("tr", { "data-event": r.id }, [
      el("td", {}, [(r.date_start || "") + (r.date_end && r.date_end !== r.date_start ? " – " + r.date_end : "")]),
      el("td", {}, [el("a", { href: "/events/" + encodeURIComponent(r.id) }, [r.type])]),
      el("td", {}, [r.actor_names.join(", ")]), el("td", {}, [r.target_names.join(", ")]),
      el("td", {}, [r.status]), el("td", {}, [r.sentence])]));
    const head = el("tr", {}, ["When", "Type", "Actor", "Target", "Status", "Sentence"].map((h) => el("th", {}, [h])));
    box.appendChild(el("p", {}, [`${data.total} events in this range`, data.total > rows.length ? ` (the first ${rows.length} by date)` : "",
      " · ", el("a", { href: "/events?" + params(), id: "open-table" }, ["open them in the event table"])]));
    box.appendChild(el("table", { class: "view-events" }, [el("thead", {}, [head]), el("tbody", {}, rows)]));
  }

  // ---- map ----------------------------------------------------------------------------------------------
  async function drawMap() {
    const box = document.getElementById("map-chart");
    box.dataset.ready = "0";
    if (!basemap) basemap = await getJSON("/api/views/basemap");
    const data = await getJSON("/api/views/map?" + params());
    box.textContent = "";
    const at = new Map(data.points.map((p) => [p.id, p]));
    const xy = (id) => { const p = at.get(id); return p ? [p.lon, -p.lat] : null; };
    const all = data.points.map((p) => [p.lon, -p.lat]);
    let minX = -20, maxX = 160, minY = -75, maxY = 10;
    if (all.length) {
      minX = Math.min(...all.map((p) => p[0])); maxX = Math.max(...all.map((p) => p[0]));
      minY = Math.min(...all.map((p) => p[1])); maxY = Math.max(...all.map((p) => p[1]));
    }
    let w = Math.max(maxX - minX, 12), h = Math.max(maxY - minY, 8);
    const cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;
    w = Math.max(w * 1.25, h * 1.25 * 2); h = w / 2;
    const vb = [cx - w / 2, cy - h / 2, w, h], unit = w / 1200;
    const svg = sv("svg", { viewBox: vb.join(" "), role: "img", "aria-label": "Map of places and routes" });
    svg.appendChild(sv("defs", {}, [sv("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7,
      markerHeight: 7, orient: "auto-start-reverse" }, [sv("path", { class: "arrow-head", d: "M0,0L10,5L0,10z" })])]));
    svg.appendChild(sv("rect", { class: "sea", x: vb[0], y: vb[1], width: vb[2], height: vb[3] }));
    const land = sv("g", { class: "basemap" });
    basemap.countries.forEach((c) => land.appendChild(sv("path", { class: "land", d: c.d }, [title(c.name)])));
    svg.appendChild(land);
    data.routes.forEach((r) => {
      const pts = r.stops.map(xy);
      if (pts.some((p) => !p)) return;
      const path = sv("path", { class: "route" + (r.stated ? "" : " implied"), "data-event": r.event, "marker-end": "url(#arrow)",
        d: pts.map((p, i) => (i ? "L" : "M") + p[0] + "," + p[1]).join("") },
        [title(r.stops.map((s) => at.get(s).name).join(" → ") + " — " + r.type + (r.date ? ", " + r.date : "") + (r.stated ? "" : " (no route stated)"))]);
      path.addEventListener("click", () => { location.href = "/events/" + encodeURIComponent(r.event); });
      svg.appendChild(path);
    });
    data.points.forEach((p) => {
      const a = sv("a", { href: "/entities/" + encodeURIComponent(p.id), class: "place", "data-entity": p.id });
      a.appendChild(sv("circle", { class: "place-point" + (p.at_country ? " at-country" : ""), cx: p.lon, cy: -p.lat,
        r: (3 + Math.min(6, Math.sqrt(p.events))) * unit }, [title(p.name + ": " + p.events + " events")]));
      a.appendChild(sv("text", { x: p.lon + 8 * unit, y: -p.lat + 4 * unit, "font-size": 12 * unit }, [p.name]));
      svg.appendChild(a);
    });
    box.appendChild(svg);
    document.getElementById("map-note").textContent = `${data.points.length} places, ` +
      `${data.routes.filter((r) => r.stated).length} stated routes, ${data.routes.filter((r) => !r.stated).length} ` +
      "country-to-country transfers" + (data.routes_left_out ? ` (${data.routes_left_out} more left out: narrow the filter)` : "") +
      (data.missing.length ? ". Not on the map (no coordinates): " + data.missing.join(", ") : "") + ". " + basemap.credit;
    done(box, data.points.length);
  }

  // ---- network ------------------------------------------------------------------------------------------
  // a deterministic force layout (Fruchterman-Reingold from a circle): the same data, the same picture
  function layout(nodes, edges, W, H) {
    const pos = nodes.map((n, i) => {
      const a = 2 * Math.PI * i / Math.max(1, nodes.length);
      return { x: W / 2 + W / 3 * Math.cos(a), y: H / 2 + H / 3 * Math.sin(a) };
    });
    const index = new Map(nodes.map((n, i) => [n.id, i]));
    const k = Math.min(160, Math.sqrt(W * H / Math.max(1, nodes.length)) * 0.5);
    for (let it = 0, temp = W / 8; it < 250; it++, temp *= 0.98) {
      const disp = pos.map(() => ({ x: 0, y: 0 }));
      for (let i = 0; i < pos.length; i++) for (let j = i + 1; j < pos.length; j++) {
        const dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y, d = Math.max(1, Math.hypot(dx, dy)), f = k * k / d;
        disp[i].x += dx / d * f; disp[i].y += dy / d * f; disp[j].x -= dx / d * f; disp[j].y -= dy / d * f;
      }
      edges.forEach((e) => {
        const i = index.get(e.source), j = index.get(e.target);
        const dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y, d = Math.max(1, Math.hypot(dx, dy)), f = d * d / k;
        disp[i].x -= dx / d * f; disp[i].y -= dy / d * f; disp[j].x += dx / d * f; disp[j].y += dy / d * f;
      });
      pos.forEach((p, i) => {
        // gravity to the middle, so that actors without a tie stay near the rest instead of in a corner
        disp[i].x += (W / 2 - p.x) * 0.15 * k / 40; disp[i].y += (H / 2 - p.y) * 0.15 * k / 40;
        const d = Math.max(1, Math.hypot(disp[i].x, disp[i].y));
        p.x = Math.max(150, Math.min(W - 150, p.x + disp[i].x / d * Math.min(d, temp)));
        p.y = Math.max(30, Math.min(H - 30, p.y + disp[i].y / d * Math.min(d, temp)));
      });
    }
    return new Map(nodes.map((n, i) => [n.id, pos[i]]));
  }
  async function drawNetwork() {
    const box = document.getElementById("network-chart");
    box.dataset.ready = "0";
    const data = await getJSON("/api/views/network?" + params());
    box.textContent = "";
    fillTypes(data.types);
    const W = 1200, H = Math.min(640, 240 + 10 * data.nodes.length), pos = layout(data.nodes, data.edges, W, H);
    const radius = (n) => 6 + 3 * Math.sqrt(n.events);
    const byId = new Map(data.nodes.map((n) => [n.id, n]));
    const svg = sv("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Network of actors" });
    const defs = sv("defs");
    svg.appendChild(defs);
    const marked = new Set();
    data.edges.forEach((e, k) => {
      const p = pos.get(e.source), q = pos.get(e.target);
      const dx = q.x - p.x, dy = q.y - p.y, len = Math.hypot(dx, dy) || 1, bend = 14 * ((k % 3) - 1) + 10;
      const mx = (p.x + q.x) / 2 - dy / len * bend, my = (p.y + q.y) / 2 + dx / len * bend;
      const r = radius(byId.get(e.target)) + 2, l2 = Math.hypot(q.x - mx, q.y - my) || 1;
      const ex = q.x - (q.x - mx) / l2 * r, ey = q.y - (q.y - my) / l2 * r;
      if (e.directed && !marked.has(e.type)) {
        marked.add(e.type);
        defs.appendChild(sv("marker", { id: "head-" + e.type, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6, markerHeight: 6,
          orient: "auto" }, [sv("path", { d: "M0,0L10,5L0,10z", class: "t-" + e.type, fill: "#555" })]));
      }
      const path = sv("path", { class: "net-edge t-" + e.type, "data-type": e.type, "stroke-width": 1 + Math.min(4, e.events),
        d: `M${p.x},${p.y}Q${mx},${my} ${ex},${ey}`, "marker-end": e.directed ? `url(#head-${e.type})` : null },
        [title(byId.get(e.source).name + (e.directed ? " → " : " — ") + byId.get(e.target).name + ": " + e.type + " (" + e.events + ")")]);
      path.addEventListener("click", () => { location.href = "/events/" + encodeURIComponent(e.event); });
      svg.appendChild(path);
    });
    data.nodes.forEach((n) => {
      const p = pos.get(n.id), right = p.x >= W / 2;
      const a = sv("a", { href: "/entities/" + encodeURIComponent(n.id), class: "net-node type-" + n.type, "data-entity": n.id });
      a.appendChild(sv("circle", { cx: p.x, cy: p.y, r: radius(n) }, [title(n.name + ": " + n.events + " events")]));
      a.appendChild(sv("text", { x: p.x + (right ? 1 : -1) * (radius(n) + 3), y: p.y + 4, "text-anchor": right ? "start" : "end" }, [n.name]));
      svg.appendChild(a);
    });
    box.appendChild(svg);
    document.getElementById("network-note").textContent = data.nodes.length < data.total_nodes ?
      `The ${data.nodes.length} busiest of ${data.total_nodes} actors.` : `${data.nodes.length} actors.`;
    done(box, data.nodes.length);
  }

  // ---- the shared filter ---------------------------------------------------------------------------------
  function fillTypes(types) {
    const select = document.querySelector("#view-filters select[name=type]");
    if (select.options.length > 1) return;
    types.forEach((t) => select.appendChild(el("option", { value: t }, [t])));
    select.value = state.type;
  }
  function setDates(from, to) {
    const form = document.getElementById("view-filters");
    form.elements.date_from.value = from;
    form.elements.date_to.value = to;
    readForm();
  }
  function readForm() {
    const form = document.getElementById("view-filters");
    const ok = (v) => (/^(\d{4}(-\d{2}(-\d{2})?)?)?$/.test(v) ? v : "");
    state.type = form.elements.type.value;
    state.from = ok(form.elements.date_from.value.trim());
    state.to = ok(form.elements.date_to.value.trim());
    const query = params();
    history.replaceState(null, "", "/views" + (query ? "?" + query : ""));
    refresh();
  }
  function refresh() {
    const status = document.getElementById("view-status");
    status.textContent = "loading…";
    Promise.all([drawTimeline(), drawTable(), drawMap(), drawNetwork()])
      .then(() => { status.textContent = ""; })
      .catch((err) => { status.textContent = "could not load a view: " + err.message; });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.getElementById("view-filters");
    if (!form) return;
    const given = new URLSearchParams(location.search);
    state.type = given.get("type") || "";
    state.from = given.get("date_from") || "";
    state.to = given.get("date_to") || "";
    form.elements.date_from.value = state.from;
    form.elements.date_to.value = state.to;
    form.addEventListener("submit", (ev) => { ev.preventDefault(); readForm(); });
    form.elements.type.addEventListener("change", readForm);
    document.getElementById("zoom-out").addEventListener("click", () => setDates("", ""));
    refresh();
  });
})();
