// armswatch report: builds every view from the dossier embedded in this page. No network, no framework;
// report text only ever reaches the page through textContent / setAttribute, never as markup.
(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";
  var D = JSON.parse(document.getElementById("dossier-data").textContent);
  var BASE = JSON.parse(document.getElementById("basemap-data").textContent);
  var entities = new Map((D.entities || []).map(function (e) { return [e.id, e]; }));
  var docs = new Map((D.documents || []).map(function (d) { return [d.id, d]; }));
  var events = D.events || [];
  var eventsById = new Map(events.map(function (e) { return [e.id, e]; }));
  var docIndex = new Map((D.documents || []).map(function (d, i) { return [d.id, i]; }));
  var anchorAlias = new Map(); // sentence anchor -> the highlighted mark that shows it

  // ICD 203 likelihood words tied to Admiralty information-credibility grades
  var LIKELIHOOD = {
    1: "very likely", 2: "likely", 3: "roughly even chance", 4: "unlikely", 5: "very unlikely",
    6: "cannot be judged"
  };
  var GRADE = {
    1: "confirmed by other sources", 2: "probably true", 3: "possibly true", 4: "doubtful",
    5: "improbable", 6: "truth cannot be judged"
  };
  // Admiralty source reliability, kept apart from the information's credibility
  var RELIABILITY = {
    A: "completely reliable", B: "usually reliable", C: "fairly reliable", D: "not usually reliable",
    E: "unreliable", F: "reliability cannot be judged"
  };
  var VERB = {
    transfer: "transferred", condemnation: "condemned", denial: "denied", meeting: "met",
    sanction: "sanctioned", exercise: "held an exercise", weapons_test: "tested weapons",
    attack: "attacked", seizure: "seized"
  };
  var TYPE_ORDER = ["transfer", "sanction", "seizure", "attack", "weapons_test", "meeting", "exercise",
    "condemnation", "denial"];

  function el(tag, attrs) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }
  function sv(tag, attrs) {
    var node = document.createElementNS(SVGNS, tag);
    setAttrs(node, attrs);
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }
  function setAttrs(node, attrs) {
    if (!attrs) return;
    Object.keys(attrs).forEach(function (k) {
      if (attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, String(attrs[k]));
    });
  }
  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return; }
    node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
  function name(id) { var e = entities.get(id); return e ? e.name : String(id); }
  function names(ids) { return (ids || []).map(name).join(", "); }
  // sanctions matches (armswatch match) an analyst has not rejected: "list — programme"
  function sanctions(id) {
    var e = entities.get(id);
    return ((e && e.sanctioned) || []).filter(function (s) { return s.accepted; }).map(function (s) {
      return s.list + (s.programme ? " — " + s.programme : "");
    });
  }
  function sanctionedMark(id) {
    var s = sanctions(id);
    return s.length ? el("span", { "class": "badge sanctioned", title: "matched: " + s.join("; ") },
      "sanctioned: " + s.join("; ")) : null;
  }
  function fmtNumber(v) { return Number(v).toLocaleString("en-US", { maximumFractionDigits: 2 }); }
  function precisionOf(t) {
    if (!t) return "none";
    if (t.start !== t.end) return "range";
    return { 4: "year", 7: "month", 10: "day" }[t.start.length] || "range";
  }
  function timeText(t) {
    if (!t) return "no time stated";
    var s = t.start === t.end ? t.start : t.start + " – " + t.end;
    return s + " (" + precisionOf(t) + ")";
  }
  function dayOf(s, last) { // first or last day of a YYYY[-MM[-DD]] string, as a UTC time value
    var p = String(s).split("-").map(Number);
    if (p.length === 1) return last ? Date.UTC(p[0], 11, 31) : Date.UTC(p[0], 0, 1);
    if (p.length === 2) return last ? Date.UTC(p[0], p[1], 0) : Date.UTC(p[0], p[1] - 1, 1);
    return Date.UTC(p[0], p[1] - 1, p[2]);
  }
  function statedOn(m) {
    if (m.stated_on) return { date: m.stated_on, basis: "stated" };
    var d = docs.get(m.document);
    if (d && d.published) return { date: d.published, basis: "report published" };
    if (d && d.reference_date) return { date: d.reference_date, basis: "report date, inferred" };
    return null;
  }
  function anchorId(m) {
    var i = docIndex.has(m.document) ? docIndex.get(m.document) : "x";
    return "m" + i + "-" + m.start + "-" + m.end;
  }
  function sentenceLink(m, label) {
    var id = anchorId(m), target = anchorAlias.get(id) || id;
    var a = el("a", { href: "#" + target, "class": "fact-link", "data-anchor": id }, label || "sentence");
    a.addEventListener("click", function () { flash(id); });
    return a;
  }
  // Bring a sentence's document or an event onto its page (the long lists are paged), then mark it
  function flash(id) {
    var docMatch = /^m(\d+)-/.exec(id);
    if (docMatch && docPager) docPager.reveal(Number(docMatch[1]));
    if (id.indexOf("ev-") === 0 && eventPager && !eventPager.reveal(id.slice(3))) {
      clearFilters();
      eventPager.reveal(id.slice(3));
    }
    var target = document.getElementById(anchorAlias.get(id) || id);
    if (!target) return;
    document.querySelectorAll("mark.flash").forEach(function (n) { n.classList.remove("flash"); });
    if (target.tagName === "MARK") target.classList.add("flash");
    var details = target.closest("details");
    if (details) details.open = true;
    if (target.scrollIntoView) target.scrollIntoView({ block: "center" });
  }
  function eventLink(e, label) {
    return el("a", { href: "#ev-" + e.id, "class": "event-link" }, label || summaryOf(e));
  }
  function itemsText(items) {
    return (items || []).map(function (it) {
      var q = it.quantity;
      var base = it.text || it.category;
      if (!q) return base;
      var fig = (q.bound === "at_least" ? "≥ " : q.bound === "at_most" ? "≤ " : "") + (q.approximate ? "~" : "") +
        fmtNumber(q.value) + " " + q.unit;
      return fig + " (" + it.category + ")";
    }).join("; ");
  }
  function summaryOf(e, noTime) {
    var who = names(e.actor) || "unknown actor";
    var s = who + " " + (VERB[e.type] || e.type);
    var items = (e.items || []).filter(function (it) { return it.category !== "other" || it.text; });
    if (e.type === "transfer") {
      var cats = Array.from(new Set(items.map(function (it) { return it.category; })));
      s += " " + (cats.length ? cats.join(", ").replace(/_/g, " ") : "goods");
      if (e.target && e.target.length) s += " to " + names(e.target);
    } else if (e.target && e.target.length) {
      s += " " + names(e.target);
    }
    if (e.when && !noTime) s += ", " + (e.when.start === e.when.end ? e.when.start : e.when.start + " – " + e.when.end);
    return s;
  }
  function byImportance(a, b) {
    return (a.credibility - b.credibility) || (b.sources.outlets - a.sources.outlets) ||
      (TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  }

  // ---- header
  function renderSummary() {
    var n = function (k, one, many) { return k + " " + (k === 1 ? one : many); };
    document.getElementById("summary").textContent = n(docs.size, "report", "reports") + ", " +
      n(entities.size, "entity", "entities") + ", " + n(events.length, "event", "events") + ". Generated " +
      (D.generated_at || "") + ".";
  }

  // ---- key judgements
  function renderJudgements() {
    var box = document.getElementById("judgement-list");
    // chosen in Python (armswatch.report.judgements): asserted, non-hypothetical events only, so no
    // likelihood word ever stands beside "disputed"; the word is capped for unknown or weak sources
    var chosen = (D.key_judgements || []).filter(function (k) { return eventsById.has(k.event); });
    if (!chosen.length) {
      box.appendChild(el("p", { "class": "muted" }, "No event is asserted firmly enough for a key judgement."));
    }
    chosen.forEach(function (k) {
      var e = eventsById.get(k.event);
      var word = k.likelihood;
      // "there is a roughly even chance that": the one ICD 203 term that is a noun phrase
      var lead = k.likelihood_grade === 6 ? "We cannot judge whether "
        : (k.likelihood_grade === 3 ? "There is a " + word + " that " : "It is " + word + " that ");
      var first = (e.mentions || [])[0];
      box.appendChild(el("div", { "class": "judgement", "data-grade": e.credibility, "data-event": e.id,
        "data-reliability": e.reliability || "F" },
        el("span", { "class": "likely" }, word), " — ", lead, summaryOf(e), ". ",
        el("span", { "class": "badge status-" + e.status }, e.status), " ",
        el("span", { "class": "muted" }, "Source " + (e.reliability || "F") + " (" +
          (RELIABILITY[e.reliability || "F"]) + "), information " + e.credibility + " (" + GRADE[e.credibility] +
          "): " + (e.credibility_reason || (e.sources.outlets + " sources, " + e.sources.documents + " documents")) +
          ". "),
        eventLink(e, "event"), first ? [" · ", sentenceLink(first, "first sentence")] : null));
    });
    var table = el("table", null, el("tr", null, el("th", null, "Admiralty grade"), el("th", null, "Meaning"),
      el("th", null, "ICD 203 wording")));
    [1, 2, 3, 4, 5, 6].forEach(function (g) {
      table.appendChild(el("tr", null, el("td", null, String(g)), el("td", null, GRADE[g]), el("td", null, LIKELIHOOD[g])));
    });
    document.getElementById("likelihood-legend").appendChild(table);
  }

  // ---- paging and filtering: a thousand events stay readable; only one page of each list is drawn
  var PAGE = { events: 25, claims: 50, documents: 10 };
  var TIMELINE_ROWS = 120; // the timeline draws at most this many (the most important) of the filtered events
  var eventPager = null, claimPager = null, docPager = null;
  var FILTER = { q: "", type: "", status: "", from: "", to: "" };

  // A list drawn one page at a time into `list`, with its pager in `nav`; reveal(key) turns to a key's page
  function Pager(list, nav, size, draw, keyOf, label) {
    var self = { items: [], page: 0 };
    self.set = function (items) { self.items = items; self.page = 0; self.show(); };
    self.pages = function () { return Math.max(1, Math.ceil(self.items.length / size)); };
    self.show = function () {
      self.page = Math.max(0, Math.min(self.page, self.pages() - 1));
      list.textContent = "";
      self.items.slice(self.page * size, (self.page + 1) * size).forEach(function (x) { list.appendChild(draw(x)); });
      nav.textContent = "";
      nav.setAttribute("data-page", String(self.page + 1));
      nav.setAttribute("data-pages", String(self.pages()));
      var prev = el("button", { type: "button", "class": "prev" }, "← previous");
      var next = el("button", { type: "button", "class": "next" }, "next →");
      prev.disabled = self.page === 0;
      next.disabled = self.page >= self.pages() - 1;
      prev.addEventListener("click", function () { self.page--; self.show(); });
      next.addEventListener("click", function () { self.page++; self.show(); });
      var from = self.items.length ? self.page * size + 1 : 0, to = Math.min(self.items.length, (self.page + 1) * size);
      append(nav, [prev, " ", el("span", { "class": "page-of" }, "page " + (self.page + 1) + " of " + self.pages() +
        " · " + from + "–" + to + " of " + self.items.length + " " + label), " ", next]);
    };
    self.reveal = function (key) {
      for (var i = 0; i < self.items.length; i++) {
        if (keyOf(self.items[i]) === key) {
          if (Math.floor(i / size) !== self.page) { self.page = Math.floor(i / size); self.show(); }
          return true;
        }
      }
      return false;
    };
    return self;
  }

  var searchText = new Map(); // event id -> lower-case text the free-text filter looks in
  function textOf(e) {
    if (!searchText.has(e.id)) {
      searchText.set(e.id, [summaryOf(e), e.type, e.status, names(e.vessels), itemsText(e.items),
        (e.places || []).map(function (p) { return name(p.entity); }).join(" "),
        (e.mentions || []).map(function (m) { return m.text; }).join(" ")].join(" ").toLowerCase());
    }
    return searchText.get(e.id);
  }
  function passes(e) {
    if (FILTER.type && e.type !== FILTER.type) return false;
    if (FILTER.status && e.status !== FILTER.status) return false;
    if (FILTER.from || FILTER.to) { // the event's time overlaps [from, to], at any precision
      if (!e.when) return false;
      if (FILTER.to && dayOf(e.when.start, false) > dayOf(FILTER.to, true)) return false;
      if (FILTER.from && dayOf(e.when.end, true) < dayOf(FILTER.from, false)) return false;
    }
    var words = FILTER.q.toLowerCase().split(/\s+/).filter(Boolean);
    return words.every(function (w) { return textOf(e).indexOf(w) >= 0; });
  }
  function filteredEvents() { return events.slice().sort(byImportance).filter(passes); }
  var filterForm = null;
  function clearFilters() {
    FILTER = { q: "", type: "", status: "", from: "", to: "" };
    if (filterForm) filterForm.reset();
    applyFilters();
  }
  function applyFilters() {
    var chosen = filteredEvents();
    var count = document.getElementById("filter-count");
    if (count) count.textContent = chosen.length === events.length ? events.length + " events" :
      chosen.length + " of " + events.length + " events match";
    if (eventPager) eventPager.set(chosen);
    if (claimPager) claimPager.set(claimsOf(chosen));
    run(function () { drawTimeline(chosen); }, "timeline");
  }
  function renderFilters() {
    var box = document.getElementById("filters");
    function options(key) {
      var seen = Array.from(new Set(events.map(function (e) { return e[key]; }))).filter(Boolean).sort();
      return [el("option", { value: "" }, "any")].concat(seen.map(function (v) { return el("option", { value: v }, v); }));
    }
    var q = el("input", { type: "search", name: "q", placeholder: "words, names, places", "aria-label": "Search events" });
    var type = el("select", { name: "type" }, options("type"));
    var status = el("select", { name: "status" }, options("status"));
    var from = el("input", { name: "from", placeholder: "YYYY[-MM[-DD]]", size: 11, pattern: "\\d{4}(-\\d{2}(-\\d{2})?)?" });
    var to = el("input", { name: "to", placeholder: "YYYY[-MM[-DD]]", size: 11, pattern: "\\d{4}(-\\d{2}(-\\d{2})?)?" });
    var clear = el("button", { type: "button", "class": "clear" }, "clear");
    filterForm = el("form", { "class": "filters", role: "search" }, el("label", null, "Find ", q), " ",
      el("label", null, "type ", type), " ", el("label", null, "status ", status), " ",
      el("label", null, "from ", from), " ", el("label", null, "to ", to), " ", clear, " ",
      el("span", { id: "filter-count", "class": "muted" }));
    var valid = function (v) { return /^(\d{4}(-\d{2}(-\d{2})?)?)?$/.test(v) ? v : ""; };
    var update = function () {
      FILTER = { q: q.value.trim(), type: type.value, status: status.value, from: valid(from.value.trim()),
        to: valid(to.value.trim()) };
      applyFilters();
    };
    var timer = null;
    filterForm.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 150); });
    filterForm.addEventListener("submit", function (ev) { ev.preventDefault(); update(); });
    clear.addEventListener("click", clearFilters);
    box.appendChild(filterForm);
  }

  // ---- timeline
  var DAY = 86400000;
  // Tick steps, finest first; each is used only when its labels fit side by side (never overlapping)
  var STEPS = [[1, "day"], [2, "day"], [7, "day"], [14, "day"], [1, "month"], [2, "month"], [3, "month"],
    [6, "month"], [1, "year"], [2, "year"], [5, "year"], [10, "year"], [20, "year"], [50, "year"], [100, "year"]];
  var LABEL_CHARS = { day: 10, month: 7, year: 4 };
  var CHAR_PX = 7, GAP_PX = 14; // a digit of the 11px axis font is under 7px wide
  function tickLabel(t, unit) {
    var d = new Date(t), y = String(d.getUTCFullYear()), m = String(d.getUTCMonth() + 1).padStart(2, "0");
    return unit === "year" ? y : unit === "month" ? y + "-" + m : y + "-" + m + "-" + String(d.getUTCDate()).padStart(2, "0");
  }
  // Ticks for [lo, hi] drawn over `px` pixels: the finest step whose shortest interval (a month counted
  // as 28 days, a year as 365) leaves room for its label; years, months or days by the span
  function axisTicks(lo, hi, px) {
    var perMs = px / Math.max(1, hi - lo), chosen = STEPS[STEPS.length - 1];
    for (var i = 0; i < STEPS.length; i++) {
      var n = STEPS[i][0], unit = STEPS[i][1];
      var shortest = n * (unit === "day" ? DAY : unit === "month" ? 28 * DAY : 365 * DAY);
      if (shortest * perMs >= LABEL_CHARS[unit] * CHAR_PX + GAP_PX) { chosen = STEPS[i]; break; }
    }
    var step = chosen[0], kind = chosen[1], out = [], s = new Date(lo), t;
    if (kind === "year") {
      for (var y = Math.ceil(s.getUTCFullYear() / step) * step; (t = Date.UTC(y, 0, 1)) <= hi; y += step) if (t >= lo) out.push(t);
    } else if (kind === "month") {
      for (var k = s.getUTCFullYear() * 12 + Math.ceil(s.getUTCMonth() / step) * step; (t = Date.UTC(Math.floor(k / 12), k % 12, 1)) <= hi; k += step) {
        if (t >= lo) out.push(t);
      }
    } else {
      for (var dd = Math.ceil(lo / DAY / step) * step; (t = dd * DAY) <= hi; dd += step) out.push(t);
    }
    return { unit: kind, step: step, ticks: out.map(function (tt) { return { t: tt, label: tickLabel(tt, kind) }; }) };
  }
  function drawTimeline(chosen) {
    var box = document.getElementById("timeline-view");
    box.textContent = "";
    var datedAll = chosen.filter(function (e) { return e.when; });
    // chosen comes by importance: the timeline keeps the most important rows, then orders them by time
    var dated = datedAll.slice(0, TIMELINE_ROWS);
    if (datedAll.length > dated.length) {
      box.appendChild(el("p", { "class": "muted tl-cut" }, "The " + dated.length + " most important of " +
        datedAll.length + " dated events; narrow the filter above (type, dates, words) to see the others."));
    }
    var times = [];
    dated.forEach(function (e) {
      times.push(dayOf(e.when.start, false), dayOf(e.when.end, true));
      (e.mentions || []).forEach(function (m) { var s = statedOn(m); if (s) times.push(dayOf(s.date, false)); });
    });
    if (!dated.length) { box.appendChild(el("p", { "class": "muted" }, "No event has a stated time.")); }
    var W = 1280, left = 330, right = 20, rowH = 22, top = 30;
    var lo = Math.min.apply(null, times), hi = Math.max.apply(null, times);
    var pad = Math.max(DAY * 5, (hi - lo) * 0.03);
    lo -= pad; hi += pad;
    var x = function (t) { return left + (W - left - right) * (t - lo) / (hi - lo || 1); };
    dated.sort(function (a, b) { return dayOf(a.when.start) - dayOf(b.when.start) || byImportance(a, b); });
    var tall = dated.length > 25; // a long timeline repeats its axis under the rows
    var H = top + rowH * dated.length + (tall ? 26 : 10);
    var s = sv("svg", { viewBox: "0 0 " + W + " " + H, "class": "timeline", role: "img",
      "aria-label": "Timeline of " + dated.length + " events" });
    if (dated.length) {
      var axis = axisTicks(lo, hi, W - left - right);
      var g0 = sv("g", { "class": "tl-axis", "data-unit": axis.unit, "data-step": axis.step });
      axis.ticks.forEach(function (tk) {
        g0.appendChild(sv("line", { x1: x(tk.t), x2: x(tk.t), y1: top - 8, y2: H, stroke: "#e1e5ea" }));
        g0.appendChild(sv("text", { "class": "tl-tick", x: x(tk.t) + 2, y: top - 12 }, tk.label));
        if (tall) g0.appendChild(sv("text", { "class": "tl-tick-bottom", x: x(tk.t) + 2, y: H - 6 }, tk.label));
      });
      s.appendChild(g0);
    }
    dated.forEach(function (e, i) {
      var yTop = top + i * rowH, prec = precisionOf(e.when);
      var g = sv("g", { "class": "tl-row tl-item", "data-event": e.id, "data-precision": prec, tabindex: 0 });
      g.appendChild(sv("rect", { "class": "tl-hit", x: 0, y: yTop, width: W, height: rowH, fill: "transparent" }));
      // the bar shows the time: the label keeps its room for who did what
      var text = e.type + ": " + summaryOf(e, true);
      g.appendChild(sv("text", { x: 6, y: yTop + 15 }, text.length > 46 ? text.slice(0, 45) + "…" : text,
        sv("title", null, summaryOf(e))));
      var x1 = x(dayOf(e.when.start, false)), x2 = x(dayOf(e.when.end, true) + DAY);
      var color = "var(--" + e.type + ", #555)";
      g.appendChild(sv("rect", { "class": "tl-bar precision-" + prec, x: x1, y: yTop + 5, width: Math.max(3, x2 - x1),
        height: rowH - 10, rx: 2, fill: color }, sv("title", null, timeText(e.when) + (e.when.text ? " — “" +
          e.when.text + "”" : ""))));
      g.appendChild(sv("text", { x: left - 6, y: yTop + 15, "text-anchor": "end", "class": "tl-precision" }, prec));
      var seen = new Set();
      (e.mentions || []).forEach(function (m) {
        var st = statedOn(m);
        if (!st || seen.has(st.date)) return;
        seen.add(st.date);
        var cx = x(dayOf(st.date, false) + DAY / 2), cy = yTop + rowH / 2;
        g.appendChild(sv("path", { "class": "tl-stated", d: "M" + cx + "," + (cy - 5) + "l5,5l-5,5l-5,-5z" },
          sv("title", null, "stated " + st.date + " (" + st.basis + ")")));
      });
      g.addEventListener("click", function () { location.hash = "#ev-" + e.id; });
      s.appendChild(g);
    });
    box.appendChild(s);
    var undated = chosen.filter(function (e) { return !e.when; });
    if (undated.length) {
      var ul = el("ul", { "class": "undated" });
      undated.slice(0, TIMELINE_ROWS).forEach(function (e) {
        var st = (e.mentions || []).map(statedOn).filter(Boolean).map(function (x) { return x.date; }).sort();
        ul.appendChild(el("li", { "class": "tl-undated", "data-event": e.id }, eventLink(e),
          el("span", { "class": "muted" }, " — no time stated" + (st.length ? "; stated " + st[0] +
            (st.length > 1 ? " to " + st[st.length - 1] : "") : ""))));
      });
      box.appendChild(el("details", null, el("summary", null, undated.length + " events without a stated time" +
        (undated.length > TIMELINE_ROWS ? " (the " + TIMELINE_ROWS + " most important listed)" : "")), ul));
    }
  }

  // ---- map
  function coords(id) {
    var e = entities.get(id);
    if (e && typeof e.lat === "number" && typeof e.lon === "number") return [e.lon, -e.lat];
    var c = (D.country_points || {})[id]; // a state's body stands at its country's point
    return c ? [c.lon, -c.lat] : null;
  }
  function renderMap() {
    var box = document.getElementById("map-view");
    var points = new Map(), routes = [], implied = [], missing = new Set();
    events.forEach(function (e) {
      var byRole = { origin: [], via: [], destination: [], location: [] };
      (e.places || []).forEach(function (p) {
        var c = coords(p.entity);
        if (!c) { missing.add(p.entity); return; }
        (byRole[p.role] || byRole.location).push(p.entity);
        if (!points.has(p.entity)) points.set(p.entity, { xy: c, events: [] });
        points.get(p.entity).events.push(e);
      });
      var chain = byRole.origin.slice(0, 1).concat(byRole.via, byRole.destination.slice(0, 1));
      if (chain.length >= 2) routes.push({ event: e, stops: chain });
      if (e.type === "transfer") {
        var a = (e.actor || []).filter(coords)[0], b = (e.target || []).filter(coords)[0];
        var from = byRole.origin[0] || a, to = byRole.destination[0] || b;
        if (chain.length < 2 && from && to && from !== to) implied.push({ event: e, stops: [from, to] });
      }
    });
    var all = [];
    points.forEach(function (p) { all.push(p.xy); });
    routes.concat(implied).forEach(function (r) { r.stops.forEach(function (s) { all.push(coords(s)); }); });
    var minX = -20, maxX = 160, minY = -75, maxY = 10;
    if (all.length) {
      minX = Math.min.apply(null, all.map(function (p) { return p[0]; }));
      maxX = Math.max.apply(null, all.map(function (p) { return p[0]; }));
      minY = Math.min.apply(null, all.map(function (p) { return p[1]; }));
      maxY = Math.max.apply(null, all.map(function (p) { return p[1]; }));
    }
    var w = Math.max(maxX - minX, 12), h = Math.max(maxY - minY, 8);
    var cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;
    w = Math.max(w * 1.25, h * 1.25 * 1.8); h = w / 1.8; // keep a wide frame
    var vb = [cx - w / 2, cy - h / 2, w, h];
    var unit = w / 1280; // one screen pixel in degrees
    var s = sv("svg", { viewBox: vb.join(" "), "class": "map", role: "img", "aria-label": "Map of places and routes",
      preserveAspectRatio: "xMidYMid meet" });
    var defs = sv("defs", null, sv("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7,
      markerHeight: 7, orient: "auto-start-reverse" }, sv("path", { d: "M0,0L10,5L0,10z", fill: "#c0392b" })));
    s.appendChild(defs);
    s.appendChild(sv("rect", { "class": "sea", x: vb[0], y: vb[1], width: vb[2], height: vb[3] }));
    var land = sv("g", { "class": "basemap" });
    (BASE.countries || []).forEach(function (c) {
      land.appendChild(sv("path", { "class": "land", d: c.d }, sv("title", null, c.name)));
    });
    s.appendChild(land);
    function line(r, cls) {
      var d = r.stops.map(function (id, i) { var c = coords(id); return (i ? "L" : "M") + c[0] + "," + c[1]; }).join("");
      var p = sv("path", { "class": cls, d: d, "marker-end": "url(#arrow)", "data-event": r.event.id },
        sv("title", null, r.stops.map(name).join(" → ") + " — " + summaryOf(r.event)));
      p.addEventListener("click", function () { location.hash = "#ev-" + r.event.id; });
      s.appendChild(p);
    }
    implied.forEach(function (r) { line(r, "route-implied"); });
    routes.forEach(function (r) { line(r, "route"); });
    Array.from(points.keys()).sort().forEach(function (id) {
      var p = points.get(id);
      var g = sv("g", { "class": "place", "data-entity": id });
      var circle = sv("circle", { "class": "place-point", cx: p.xy[0], cy: p.xy[1], r: 5 * unit },
        sv("title", null, name(id) + ": " + p.events.map(summaryOf).join("; ")));
      circle.addEventListener("click", function () { location.hash = "#ev-" + p.events[0].id; });
      g.appendChild(circle);
      g.appendChild(sv("text", { x: p.xy[0] + 7 * unit, y: p.xy[1] + 4 * unit,
        style: "font-size:" + (12 * unit) + "px" }, name(id)));
      s.appendChild(g);
    });
    box.appendChild(s);
    var legend = el("p", { "class": "muted" }, points.size + " places, " + routes.length + " stated routes, " +
      implied.length + " country-to-country transfers.");
    if (missing.size) legend.appendChild(document.createTextNode(" Not on the map (no coordinates): " +
      Array.from(missing).map(name).sort().join(", ") + "."));
    box.appendChild(legend);
    box.appendChild(el("p", { "class": "muted" }, BASE.credit || ""));
  }

  // ---- network of actors
  function renderNetwork() {
    var box = document.getElementById("network-view");
    var degree = new Map(), edges = new Map();
    function addEdge(a, b, type, directed, e) {
      if (a === b) return;
      var key = directed ? a + ">" + b + ">" + type : [a, b].sort().join("~") + "~" + type;
      if (!edges.has(key)) edges.set(key, { a: a, b: b, type: type, directed: directed, events: [] });
      edges.get(key).events.push(e);
    }
    events.forEach(function (e) {
      var ids = new Set((e.actor || []).concat(e.target || []));
      ids.forEach(function (id) { degree.set(id, (degree.get(id) || 0) + 1); });
      if ((e.target || []).length) {
        e.actor.forEach(function (a) { e.target.forEach(function (t) { addEdge(a, t, e.type, true, e); }); });
      } else {
        var list = (e.actor || []).slice().sort();
        for (var i = 0; i < list.length; i++) for (var j = i + 1; j < list.length; j++) addEdge(list[i], list[j], e.type, false, e);
      }
    });
    var nodes = Array.from(degree.keys()).sort(function (a, b) {
      return (degree.get(b) - degree.get(a)) || (a < b ? -1 : 1);
    }).slice(0, 40);
    var keep = new Set(nodes);
    // deterministic circular layout: the busiest actors spread around the circle in order
    var W = 900, H = 640, R = 250, pos = new Map();
    nodes.forEach(function (id, i) {
      var ang = -Math.PI / 2 + 2 * Math.PI * i / Math.max(1, nodes.length);
      pos.set(id, [W / 2 + R * Math.cos(ang), H / 2 + R * Math.sin(ang)]);
    });
    var s = sv("svg", { viewBox: "0 0 " + W + " " + H, "class": "network", role: "img", "aria-label": "Network of actors",
      style: "max-width:900px" });
    var defs = sv("defs");
    TYPE_ORDER.forEach(function (t) {
      defs.appendChild(sv("marker", { id: "head-" + t, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6,
        markerHeight: 6, orient: "auto" }, sv("path", { d: "M0,0L10,5L0,10z", fill: "var(--" + t + ")" })));
    });
    s.appendChild(defs);
    function radius(id) { return 8 + 3 * Math.sqrt(degree.get(id) || 1); }
    Array.from(edges.values()).forEach(function (ed, k) {
      if (!keep.has(ed.a) || !keep.has(ed.b)) return;
      var p = pos.get(ed.a), q = pos.get(ed.b);
      var dx = q[0] - p[0], dy = q[1] - p[1], len = Math.sqrt(dx * dx + dy * dy) || 1;
      var bend = 18 * ((k % 3) - 1) + 12; // parallel edges of different types do not overlap
      var mx = (p[0] + q[0]) / 2 - dy / len * bend, my = (p[1] + q[1]) / 2 + dx / len * bend;
      var rq = radius(ed.b) + 2, ex = q[0] - (q[0] - mx) / Math.hypot(q[0] - mx, q[1] - my) * rq,
        ey = q[1] - (q[1] - my) / Math.hypot(q[0] - mx, q[1] - my) * rq;
      var path = sv("path", { "class": "net-edge", d: "M" + p[0] + "," + p[1] + "Q" + mx + "," + my + " " + ex + "," + ey,
        stroke: "var(--" + ed.type + ", #777)", "stroke-width": 1 + Math.min(4, ed.events.length),
        "marker-end": ed.directed ? "url(#head-" + ed.type + ")" : null, "data-type": ed.type },
        sv("title", null, name(ed.a) + (ed.directed ? " → " : " — ") + name(ed.b) + ": " + ed.type + " (" +
          ed.events.length + ")"));
      path.addEventListener("click", function () { location.hash = "#ev-" + ed.events[0].id; });
      s.appendChild(path);
    });
    nodes.forEach(function (id) {
      var p = pos.get(id), e = entities.get(id);
      var g = sv("g", { "class": "net-node type-" + (e ? e.type : "other"), "data-entity": id });
      g.appendChild(sv("circle", { cx: p[0], cy: p[1], r: radius(id) }, sv("title", null, name(id) + ": " +
        degree.get(id) + " events")));
      var out = p[0] >= W / 2;
      g.appendChild(sv("text", { x: p[0] + (out ? 1 : -1) * (radius(id) + 4), y: p[1] + 4,
        "text-anchor": out ? "start" : "end" }, name(id)));
      s.appendChild(g);
    });
    box.appendChild(s);
    var legend = el("p", { "class": "muted" });
    TYPE_ORDER.forEach(function (t) {
      legend.appendChild(el("span", { "class": "legend-swatch", style: "background:var(--" + t + ")" }));
      legend.appendChild(document.createTextNode(t.replace("_", " ")));
    });
    box.appendChild(legend);
  }

  // ---- claims table
  function claimsOf(list) {
    var out = [];
    list.forEach(function (e) { (e.mentions || []).forEach(function (m) { out.push({ e: e, m: m }); }); });
    return out;
  }
  function claimRow(c) {
        var e = c.e, m = c.m;
        var d = docs.get(m.document) || {}, st = statedOn(m);
        var who = (m.attributed_to || []).length ? names(m.attributed_to) : (d.outlet || m.document) + " (own voice)";
        var what = [];
        var actor = m.actor || e.actor, target = m.target || e.target;
        what.push(names(actor) + " " + (VERB[e.type] || e.type) + (target && target.length ? " → " + names(target) : ""));
        var its = itemsText(m.items || []);
        if (its) what.push(its);
        if (m.when) what.push(timeText(m.when));
        return el("tr", { "class": "claim-row", "data-event": e.id, "data-stance": m.stance },
          el("td", null, eventLink(e, e.type)),
          el("td", null, who),
          el("td", null, st ? st.date + (st.basis === "stated" ? "" : " (" + st.basis + ")") : "unknown"),
          el("td", { "class": "stance-" + m.stance }, m.stance),
          el("td", null, what.join(" · ")),
          el("td", null, (d.outlet || "unknown outlet") + " · ", sentenceLink(m, "sentence")));
  }
  function renderClaims() {
    var box = document.getElementById("claims-view");
    var table = el("table", { "class": "claims" }, el("thead", null, el("tr", null, el("th", null, "Event"),
      el("th", null, "Who says"), el("th", null, "When said"), el("th", null, "Stance"), el("th", null, "What"),
      el("th", null, "Source"))));
    var body = el("tbody"), nav = el("nav", { "class": "pager", id: "claims-pager" });
    table.appendChild(body);
    box.appendChild(table);
    box.appendChild(nav);
    claimPager = Pager(body, nav, PAGE.claims, claimRow, function (c) { return c.e.id; }, "claims");
  }

  // ---- events
  function eventArticle(e) {
      var dl = el("dl");
      function row(k, v) {
        if (v === null || v === undefined || v === "" || (Array.isArray(v) && !v.length)) return;
        dl.appendChild(el("dt", null, k));
        dl.appendChild(el("dd", null, v));
      }
      row("Actor", names(e.actor));
      row("Target", names(e.target));
      row("When", timeText(e.when) + (e.when && e.when.text ? " — “" + e.when.text + "”" : ""));
      row("Items", itemsText(e.items));
      row("Places", (e.places || []).map(function (p) { return p.role + ": " + name(p.entity); }).join("; "));
      row("Vessels", names(e.vessels));
      var marked = [].concat(e.actor || [], e.target || [], e.vessels || []).filter(function (id, i, all) {
        return all.indexOf(id) === i && sanctions(id).length;
      });
      if (marked.length) row("Sanctioned", marked.map(function (id) { return el("div", null, name(id) + " ", sanctionedMark(id)); }));
      row("Sources", e.sources.documents + " documents, " + e.sources.outlets + " independent sources" +
        (e.sources.unknown ? ", " + e.sources.unknown + " of unknown outlet (not counted)" : "") +
        ((e.source_list || []).length ? ": " + e.source_list.map(function (x) {
          return x.name + " (" + x.reliability + ")";
        }).join("; ") : ""));
      row("Reliability", (e.reliability || "F") + " — " + RELIABILITY[e.reliability || "F"] +
        (e.reliability_reason ? ": " + e.reliability_reason : ""));
      // the Admiralty meaning only: a likelihood word belongs to key judgements, never beside "disputed"
      row("Credibility", e.credibility + " — " + GRADE[e.credibility] +
        (e.credibility_reason ? ": " + e.credibility_reason : ""));
      if (e.part_of && eventsById.has(e.part_of)) row("Part of", eventLink(eventsById.get(e.part_of)));
      var subs = events.filter(function (x) { return x.part_of === e.id; });
      if (subs.length) row("Parts", subs.map(function (x, i) { return [i ? "; " : "", eventLink(x)]; }));
      if ((e.related || []).length) row("Related", e.related.filter(function (r) { return eventsById.has(r); })
        .map(function (r, i) { return [i ? "; " : "", eventLink(eventsById.get(r))]; }));
      var figures = el("table", { "class": "figures" }, el("tr", null, el("th", null, "Figure"), el("th", null, "Given by"),
        el("th", null, "When said"), el("th", null, "Stance"), el("th", null, "Source")));
      var nfig = 0;
      (e.mentions || []).forEach(function (m) {
        (m.items || []).forEach(function (it) {
          if (!it.quantity) return;
          nfig++;
          var d = docs.get(m.document) || {}, st = statedOn(m);
          figures.appendChild(el("tr", { "class": "figure-row" }, el("td", null, itemsText([it])),
            el("td", null, (m.attributed_to || []).length ? names(m.attributed_to) : (d.outlet || m.document)),
            el("td", null, st ? st.date : "unknown"), el("td", { "class": "stance-" + m.stance }, m.stance),
            el("td", null, (d.outlet || m.document) + " · ", sentenceLink(m))));
        });
      });
      var mentions = el("ol", { "class": "mentions" });
      (e.mentions || []).forEach(function (m) {
        var d = docs.get(m.document) || {};
        mentions.appendChild(el("li", null, el("span", { "class": "stance-" + m.stance }, m.stance), " · ",
          (d.outlet || m.document), (m.attributed_to || []).length ? " citing " + names(m.attributed_to) : "", ": “",
          m.text, "” ", sentenceLink(m, "→ in the report")));
      });
      return el("article", { "class": "event", id: "ev-" + e.id, "data-type": e.type },
        el("h3", null, summaryOf(e)),
        el("span", { "class": "badge" }, e.type), el("span", { "class": "badge status-" + e.status }, e.status),
        el("span", { "class": "badge" }, "grade " + (e.reliability || "F") + e.credibility),
        el("span", { "class": "muted" }, e.id),
        dl, nfig ? [el("h4", null, "Figures, side by side"), figures] : null,
        el("details", { open: (e.mentions || []).length <= 6 ? "" : null },
          el("summary", null, (e.mentions || []).length + " mentions"), mentions));
  }
  function renderEvents() {
    var box = document.getElementById("event-list"), list = el("div", { "class": "event-page" });
    var top = el("nav", { "class": "pager", id: "events-pager" }), bottom = el("nav", { "class": "pager" });
    append(box, [top, list, bottom]);
    eventPager = Pager(list, top, PAGE.events, eventArticle, function (e) { return e.id; }, "events");
    var show = eventPager.show;
    eventPager.show = function () { // the pager repeated under the page, its buttons working the same
      show();
      bottom.textContent = "";
      Array.from(top.childNodes).forEach(function (n) {
        var copy = n.cloneNode(true);
        if (n.tagName === "BUTTON") {
          copy.disabled = n.disabled;
          copy.addEventListener("click", function () { n.click(); top.scrollIntoView(); });
        }
        bottom.appendChild(copy);
      });
    };
  }

  // ---- documents with highlighted sentences
  // The sentences each document's facts come from, and which overlapping ones show under another's mark;
  // known before any document is drawn, so that every link points at a mark that will exist
  var docSpans = new Map();
  function computeSpans() {
    events.forEach(function (e) {
      (e.mentions || []).forEach(function (m) {
        if (!docSpans.has(m.document)) docSpans.set(m.document, new Map());
        docSpans.get(m.document).set(anchorId(m), { start: m.start, end: m.end, id: anchorId(m), text: m.text });
      });
    });
    (D.documents || []).forEach(function (d) {
      if (typeof d.body !== "string") return; // without the text each sentence is shown on its own
      var cursor = 0, last = null;
      spanList(d).forEach(function (sp) {
        if (sp.start < cursor && last) { anchorAlias.set(sp.id, last); return; }
        last = sp.id;
        cursor = Math.max(cursor, sp.end);
      });
    });
  }
  function spanList(d) {
    return Array.from((docSpans.get(d.id) || new Map()).values()).sort(function (a, b) {
      return a.start - b.start || b.end - a.end;
    });
  }
  function docArticle(d) {
      var list = spanList(d);
      if (typeof d.body !== "string") {
        var only = el("ol", { "class": "sentences" });
        list.forEach(function (sp) { only.appendChild(el("li", null, el("mark", { "class": "fact", id: sp.id }, sp.text))); });
        return docFrame(d, el("details", { open: "" }, el("summary", null, list.length +
          " sentences with facts (the report's text is left out)"), only));
      }
      var chars = Array.from(d.body || ""); // offsets count code points, as in Python
      var body = el("div", { "class": "body" });
      var cursor = 0, lastMark = null;
      list.forEach(function (sp) {
        var start = Math.max(0, Math.min(sp.start, chars.length)), end = Math.max(start, Math.min(sp.end, chars.length));
        if (start < cursor && lastMark) return; // shown under the mark before it (computeSpans)
        body.appendChild(document.createTextNode(chars.slice(cursor, start).join("")));
        lastMark = el("mark", { "class": "fact", id: sp.id }, chars.slice(start, end).join(""));
        body.appendChild(lastMark);
        cursor = end;
      });
      body.appendChild(document.createTextNode(chars.slice(cursor).join("")));
      return docFrame(d, el("details", { open: "" }, el("summary", null, (list.length) + " highlighted sentences"), body));
  }
  function docFrame(d, content) {
      return el("article", { "class": "doc", id: "doc-" + docIndex.get(d.id), "data-document": d.id },
        el("h3", null, d.title || d.id),
        el("p", { "class": "muted" }, [d.outlet || "unknown outlet", d.published ? "published " + d.published :
          "dated " + d.reference_date + " (inferred)", d.author ? "by " + d.author : null, d.source]
          .filter(Boolean).join(" · ")), content);
  }
  function renderDocuments() {
    var box = document.getElementById("document-list"), list = el("div"), nav = el("nav", { "class": "pager", id: "documents-pager" });
    append(box, [nav, list]);
    docPager = Pager(list, nav, PAGE.documents, docArticle, function (d) { return docIndex.get(d.id); }, "documents");
    docPager.set(D.documents || []);
  }

  // ---- sanctions matches: every entity matched to a list, with its mark
  function renderSanctions() {
    var list = (D.entities || []).filter(function (e) { return sanctions(e.id).length; });
    if (!list.length) return;
    document.getElementById("sanctions").hidden = false;
    var ul = el("ul");
    list.forEach(function (e) {
      var best = e.sanctioned.filter(function (s) { return s.accepted; })[0];
      ul.appendChild(el("li", { "data-entity": e.id }, el("strong", null, e.name), " (" + e.type + ") ",
        sanctionedMark(e.id), "matched " + best.matched_name + ", score " + fmtNumber(best.score) +
        (best.reviewed ? ", reviewed" : ", not reviewed")));
    });
    document.getElementById("sanctions-view").appendChild(ul);
  }

  function run(step, label) {
    try { step(); } catch (err) {
      document.body.setAttribute("data-error", (document.body.getAttribute("data-error") || "") + label + ": " + err + "; ");
    }
  }
  run(computeSpans, "sentences");
  run(renderSummary, "summary");
  run(renderJudgements, "judgements");
  run(renderFilters, "filters");
  run(renderMap, "map");
  run(renderNetwork, "network");
  run(renderClaims, "claims");
  run(renderEvents, "events");
  run(renderSanctions, "sanctions");
  run(renderDocuments, "documents");
  run(applyFilters, "events");
  if (location.hash) flash(location.hash.slice(1));
  window.addEventListener("hashchange", function () { flash(location.hash.slice(1)); });
  var resources = (performance.getEntriesByType ? performance.getEntriesByType("resource") : []).length;
  document.body.setAttribute("data-resources", String(resources));
  document.body.setAttribute("data-ready", "1");
})();
