/**
 * An app as one standalone HTML file: its spec and records embedded as JSON, a small renderer
 * inline. It opens from disk with no network; records added there are kept in the browser.
 */
import { NUMERIC_TYPES, type AppSpec } from "@vta/contracts";

/** JSON text made safe inside a <script> element (no way to close it early or open a comment); safe piece by piece. */
export const embedJson = (json: string) =>
  json
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * The file, streamed: the page around its data, and the data (`{id, spec, records}` as JSON pieces,
 * records a page at a time) embedded in between, so exporting a large app holds one page of it.
 */
export async function* exportHtml(
  app: { id: string; version: number; spec: AppSpec; exportedAt: string },
  data: AsyncIterable<string>,
): AsyncGenerator<string> {
  const [head, tail] = page(app).split(DATA);
  yield head!;
  for await (const piece of data) yield embedJson(piece);
  yield tail!;
}

const DATA = "\u0000data\u0000";

function page(app: { version: number; spec: AppSpec; exportedAt: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(app.spec.name)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f8fafc;color:#0f172a}
header{background:#4f46e5;color:#fff;padding:12px 20px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;font-size:12px;opacity:.85}
nav{display:flex;gap:8px;padding:12px 20px;flex-wrap:wrap}nav button{border:1px solid #cbd5e1;background:#fff;border-radius:6px;padding:6px 12px;cursor:pointer}
nav button.on{background:#e0e7ff;border-color:#6366f1}
main{padding:0 20px 40px}section{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:12px;margin-bottom:16px}
h2{font-size:16px;margin:0 0 8px}table{border-collapse:collapse;width:100%;font-size:14px}th,td{border-bottom:1px solid #e2e8f0;padding:6px;text-align:left;vertical-align:top}
.board{display:flex;gap:12px;overflow-x:auto}.col{min-width:180px;background:#f1f5f9;border-radius:6px;padding:8px}.card{background:#fff;border:1px solid #e2e8f0;border-radius:6px;padding:6px;margin-top:6px;font-size:13px}
.month{display:grid;grid-template-columns:repeat(7,minmax(0,1fr));gap:4px;font-size:12px}.day{min-height:64px;border:1px solid #e2e8f0;border-radius:4px;padding:2px}
form{display:grid;gap:8px;max-width:420px}label{display:grid;gap:2px;font-size:13px}input,select,textarea{padding:6px;border:1px solid #cbd5e1;border-radius:4px}
.stats{display:flex;gap:12px;flex-wrap:wrap}.stat{background:#f1f5f9;border-radius:6px;padding:8px 12px}.stat b{display:block;font-size:18px}
</style>
</head>
<body>
<header><h1>${escapeHtml(app.spec.name)}</h1><p>Version ${app.version} · exported ${escapeHtml(app.exportedAt)} · works offline; records you add are kept in this browser</p></header>
<nav id="nav"></nav>
<main id="main"></main>
<script type="application/json" id="app-data">${DATA}</script>
<script>
(function () {
  var data = JSON.parse(document.getElementById("app-data").textContent);
  var spec = data.spec, storeKey = "vta-export-" + data.id;
  var added = {};
  try { added = JSON.parse(localStorage.getItem(storeKey) || "{}"); } catch (e) { added = {}; }
  var current = spec.entities[0].name;
  function el(tag, attrs, children) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { if (k === "text") n.textContent = attrs[k]; else n.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { n.appendChild(c); });
    return n;
  }
  var NUMERIC = ${JSON.stringify(NUMERIC_TYPES)};
  function records(entity) { return (data.records[entity] || []).concat(added[entity] || []); }
  function entity(name) { return spec.entities.filter(function (e) { return e.name === name; })[0]; }
  function show(field, value) {
    if (value === null || value === undefined) return "";
    if (field && field.type === "reference") {
      var target = records(field.ref).filter(function (r) { return r.id === value; })[0];
      if (target) { var first = entity(field.ref).fields[0]; return String(target.data[first.name] || value); }
    }
    if (typeof value === "boolean") return value ? "Yes" : "No";
    return String(value);
  }
  function table(e) {
    var rows = records(e.name);
    var head = el("tr", {}, e.fields.map(function (f) { return el("th", { text: f.label }); }));
    var body = rows.map(function (r) { return el("tr", {}, e.fields.map(function (f) { return el("td", { text: show(f, r.data[f.name]) }); })); });
    return el("table", {}, [el("thead", {}, [head]), el("tbody", {}, body)]);
  }
  function board(e, v) {
    var field = e.fields.filter(function (f) { return f.name === v.groupBy; })[0];
    return el("div", { class: "board" }, (field.options || []).map(function (o) {
      var cards = records(e.name).filter(function (r) { return r.data[field.name] === o; });
      return el("div", { class: "col" }, [el("b", { text: o + " (" + cards.length + ")" })].concat(cards.map(function (r) { return el("div", { class: "card", text: show(e.fields[0], r.data[e.fields[0].name]) }); })));
    }));
  }
  var months = {};
  function byDate(e, v) {
    // A month as a calendar (weeks from Monday), starting at the month of the earliest record; ‹ › move it.
    var dated = records(e.name).filter(function (r) { return r.data[v.dateField]; });
    var day = function (r) { var s = String(r.data[v.dateField]); return s.length > 10 ? new Date(s).toLocaleDateString("sv") : s.slice(0, 10); };
    var first = dated.map(day).sort()[0] || new Date().toLocaleDateString("sv");
    var month = months[e.name + v.id] || first.slice(0, 7);
    var y = Number(month.slice(0, 4)), m = Number(month.slice(5, 7));
    var start = new Date(Date.UTC(y, m - 1, 1)), days = new Date(Date.UTC(y, m, 0)).getUTCDate(), lead = (start.getUTCDay() + 6) % 7;
    var shift = function (d) { months[e.name + v.id] = new Date(Date.UTC(y, m - 1 + d, 1)).toISOString().slice(0, 7); render(); };
    var prev = el("button", { text: "‹", "aria-label": "Previous month" }), next = el("button", { text: "›", "aria-label": "Next month" });
    prev.addEventListener("click", function () { shift(-1); });
    next.addEventListener("click", function () { shift(1); });
    var cells = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map(function (d) { return el("b", { text: d }); });
    for (var i = 0; i < lead; i++) cells.push(el("div", {}));
    for (var d = 1; d <= days; d++) {
      var key = month + "-" + (d < 10 ? "0" : "") + d;
      cells.push(el("div", { class: "day" }, [el("small", { text: String(d) })].concat(dated.filter(function (r) { return day(r) === key; }).map(function (r) { return el("div", { class: "card", text: show(e.fields[0], r.data[e.fields[0].name]) }); }))));
    }
    return el("div", {}, [el("p", {}, [prev, el("span", { text: " " + start.toLocaleDateString(undefined, { month: "long", year: "numeric", timeZone: "UTC" }) + " " }), next]), el("div", { class: "month" }, cells)]);
  }
  function counts(e, v) {
    var groups = {};
    records(e.name).forEach(function (r) { var k = show(e.fields.filter(function (f) { return f.name === v.groupBy; })[0], r.data[v.groupBy]) || "(none)"; groups[k] = (groups[k] || 0) + (v.measure ? Number(r.data[v.measure]) || 0 : 1); });
    return el("table", {}, Object.keys(groups).map(function (k) { return el("tr", {}, [el("td", { text: k }), el("td", { text: String(groups[k]) })]); }));
  }
  function stats(e) {
    var rows = records(e.name);
    var items = [el("div", { class: "stat" }, [el("b", { text: String(rows.length) }), el("span", { text: e.pluralLabel })])];
    e.fields.filter(function (f) { return NUMERIC.indexOf(f.type) >= 0; }).forEach(function (f) {
      var sum = rows.reduce(function (s, r) { return s + (Number(r.data[f.name]) || 0); }, 0);
      items.push(el("div", { class: "stat" }, [el("b", { text: String(Math.round(sum * 100) / 100) }), el("span", { text: "Total " + f.label.toLowerCase() })]));
    });
    return el("div", { class: "stats" }, items);
  }
  function form(e) {
    var inputs = e.fields.map(function (f) {
      var input;
      if (f.type === "enum") input = el("select", { name: f.name }, [el("option", { value: "", text: "" })].concat(f.options.map(function (o) { return el("option", { value: o, text: o }); })));
      else if (f.type === "longText") input = el("textarea", { name: f.name });
      else input = el("input", { name: f.name, type: ({ number: "number", currency: "number", rating: "number", percent: "number", duration: "number", date: "date", dateTime: "datetime-local", boolean: "checkbox", email: "email", url: "url" })[f.type] || "text" });
      return el("label", {}, [el("span", { text: f.label + (f.required ? " *" : "") }), input]);
    });
    var f = el("form", {}, inputs.concat([el("button", { type: "submit", text: "Add " + e.label.toLowerCase() })]));
    f.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var record = { id: "local-" + Date.now(), data: {}, createdAt: new Date().toISOString() };
      e.fields.forEach(function (field) {
        var input = f.elements[field.name];
        var v = field.type === "boolean" ? input.checked : input.value;
        if (v !== "") record.data[field.name] = NUMERIC.indexOf(field.type) >= 0 ? Number(v) : v;
      });
      added[e.name] = (added[e.name] || []).concat([record]);
      try { localStorage.setItem(storeKey, JSON.stringify(added)); } catch (err) { /* private mode: kept until reload */ }
      render();
    });
    return f;
  }
  function render() {
    var nav = document.getElementById("nav"), main = document.getElementById("main");
    nav.textContent = ""; main.textContent = "";
    spec.entities.forEach(function (e) {
      var b = el("button", { class: e.name === current ? "on" : "", text: e.pluralLabel });
      b.addEventListener("click", function () { current = e.name; render(); });
      nav.appendChild(b);
    });
    var e = entity(current);
    var views = spec.views.filter(function (v) { return v.entity === e.name; });
    if (!views.some(function (v) { return v.type === "table"; })) views.unshift({ type: "table", title: e.pluralLabel });
    views.forEach(function (v) {
      var body = v.type === "table" ? table(e) : v.type === "board" ? board(e, v) : v.type === "calendar" ? byDate(e, v) : v.type === "chart" ? counts(e, v) : v.type === "stats" ? stats(e) : form(e);
      main.appendChild(el("section", {}, [el("h2", { text: v.title }), body]));
    });
  }
  render();
})();
</script>
</body>
</html>
`;
}
