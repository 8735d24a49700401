// The lineage graph: laid out in layers (dagre, served from /vendor/dagre; above 150 nodes the app's own layered.js), drawn as SVG.
// Confirmations (cache hits, replays, re-executions) are collapsed into a badge on their origin
// run; node, direction, depth and asOf live in the URL (reload and Back keep them).
import { gql, graphqlDocument } from "./api.js";
import { h, s, time, short, verdict, link, href, status as statusBadge } from "./dom.js";
import { layered } from "./layered.js";

// asked for as the module loads, so the graph's request does not wait for its document
graphqlDocument("lineage");

const KIND_LABEL = {
  DATASET_VERSION: "dataset",
  ARTIFACT: "artifact",
  CODE_SNAPSHOT: "code",
  ENVIRONMENT: "environment",
  RUN: "run",
  MODEL_VERSION: "model",
};
const STATUS_TEXT = { SUCCEEDED: "✓ succeeded", FAILED: "✗ failed", RUNNING: "● running", ABANDONED: "⚠ abandoned" };
const EDGE_LABELS_UP_TO = 160;
const LAYERED_ABOVE = 150;

const CONTEXT_KINDS = new Set(["CODE_SNAPSHOT", "ENVIRONMENT"]);

/**
 * Turns a lineage answer into what is drawn: confirmation runs leave the graph and become badges;
 * unless asked for (showContext), code snapshots and environments leave it too and are listed in
 * their runs' details: one environment shared by 250 runs would otherwise draw 250 edges across
 * every layer (unreadable, and the layout's cost grows with each layer an edge crosses).
 */
export function collapse(data, showContext) {
  const badges = new Map();
  const hidden = new Set();
  for (const c of data.confirmations) {
    if (c.run === data.root) continue;
    hidden.add(c.run);
    if (!badges.has(c.origin)) badges.set(c.origin, []);
    badges.get(c.origin).push(c);
  }
  const context = new Map();
  if (!showContext) {
    const byId = new Map(data.nodes.map((n) => [n.id, n]));
    for (const n of data.nodes) if (CONTEXT_KINDS.has(n.kind) && n.id !== data.root) hidden.add(n.id);
    for (const e of data.edges) {
      const from = byId.get(e.from);
      if (from && hidden.has(e.from) && CONTEXT_KINDS.has(from.kind)) {
        if (!context.has(e.to)) context.set(e.to, []);
        context.get(e.to).push(from);
      }
    }
  }
  const nodes = data.nodes.filter((n) => !hidden.has(n.id));
  const ids = new Set(nodes.map((n) => n.id));
  const edges = data.edges.filter((e) => ids.has(e.from) && ids.has(e.to) && e.type !== "REPRODUCED");
  return { nodes, edges, badges, hidden, context };
}

function nodeText(n) {
  const label = n.label || short(n.id);
  if (n.kind === "RUN") return label;
  if (n.kind === "ARTIFACT" || n.kind === "CODE_SNAPSHOT" || n.kind === "ENVIRONMENT") return label.length > 28 ? "…" + label.slice(-27) : label;
  return n.id.replace(/^(dataset|model):/, "");
}

function subText(n) {
  if (n.kind === "RUN") return "run · " + (STATUS_TEXT[n.runStatus] || "?");
  if (n.kind === "ARTIFACT" || n.kind === "CODE_SNAPSHOT" || n.kind === "ENVIRONMENT") return KIND_LABEL[n.kind] + " · " + n.id.slice(7, 15);
  return KIND_LABEL[n.kind];
}

function badgeInfo(list) {
  const bad = list.some((c) => c.verdict === "DIFFERENT" || c.verdict === "FAILED");
  const good = list.some((c) => c.verdict === "IDENTICAL" || c.verdict === "EQUIVALENT");
  const replays = list.filter((c) => c.kind === "REPLAY").length;
  const hits = list.filter((c) => c.kind === "CACHE_HIT").length;
  const other = list.length - replays - hits;
  const parts = [];
  if (replays) parts.push(replays + " replay" + (replays > 1 ? "s" : ""));
  if (hits) parts.push(hits + " cache hit" + (hits > 1 ? "s" : ""));
  if (other) parts.push(other + " re-execution" + (other > 1 ? "s" : ""));
  return { cls: bad ? "bad" : good ? "good" : "neutral", text: (bad ? "✗" : good ? "✓" : "↻") + list.length, title: "confirmed by " + parts.join(", ") };
}

let dagreLoading = null;

/**
 * Loads dagre (/vendor/dagre, 96 KB) the first time a graph small enough for it is drawn: large
 * graphs and the other pages never parse it.
 */
export function loadDagre() {
  if (globalThis.dagre) return Promise.resolve();
  if (!dagreLoading) {
    dagreLoading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = "/vendor/dagre/dagre.min.js";
      script.onload = () => resolve();
      script.onerror = () => {
        dagreLoading = null;
        reject(new Error("could not load the graph layout (/vendor/dagre/dagre.min.js)"));
      };
      document.head.append(script);
    });
  }
  return dagreLoading;
}

/** Lays out and draws a collapsed graph (call {@link loadDagre} first for graphs of LAYERED_ABOVE nodes or fewer) into an SVG; returns { svg, fit, layoutMs } */
export function draw(graph, root, handlers) {
  const t0 = performance.now();
  const labels = graph.edges.length <= EDGE_LABELS_UP_TO;
  const sizes = graph.nodes.map((n) => ({ id: n.id, width: Math.max(110, Math.min(230, 22 + 6.6 * Math.max(nodeText(n).length, subText(n).length))), height: 38 }));
  let pos;
  let points;
  let gw;
  let gh;
  const labelAt = [];
  if (graph.nodes.length > LAYERED_ABOVE) {
    // large graphs: the app's own layered layout (dagre's ordering takes seconds at 500 nodes)
    const L = layered(sizes, graph.edges, { nodesep: 14, ranksep: 40 });
    pos = (id) => L.nodes.get(id);
    points = (i) => L.edges[i];
    gw = L.width;
    gh = L.height;
  } else {
    const g = new dagre.graphlib.Graph({ multigraph: true });
    g.setGraph({ rankdir: "LR", nodesep: 14, ranksep: labels ? 50 : 40, edgesep: 8, marginx: 16, marginy: 16 });
    g.setDefaultEdgeLabel(() => ({}));
    for (const n of sizes) g.setNode(n.id, { width: n.width, height: n.height });
    graph.edges.forEach((e, i) => {
      const lab = e.label || e.type;
      g.setEdge(e.from, e.to, labels ? { label: lab, width: 5.6 * lab.length + 6, height: 12, labelpos: "c" } : {}, "e" + i);
    });
    dagre.layout(g);
    const byName = new Map(g.edges().map((ref) => [ref.name, g.edge(ref)]));
    pos = (id) => g.node(id);
    points = (i) => byName.get("e" + i)?.points;
    graph.edges.forEach((e, i) => {
      const le = byName.get("e" + i);
      if (le && le.x !== undefined) labelAt[i] = { x: le.x, y: le.y };
    });
    gw = g.graph().width;
    gh = g.graph().height;
  }
  const layoutMs = performance.now() - t0;
  const svg = s("svg", { class: "graph", role: "group", "aria-label": `lineage of ${root}: ${graph.nodes.length} nodes` });
  svg.append(s("defs", {}, s("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" }, s("path", { d: "M0,0 L10,5 L0,10 z", class: "arrowhead" }))));
  const vp = s("g", { class: "viewport" });
  svg.append(vp);
  const edgeLayer = s("g", { class: "edges" });
  const labelLayer = s("g", { class: "elabels" });
  const nodeLayer = s("g", { class: "nodes" });
  vp.append(edgeLayer, labelLayer, nodeLayer);
  graph.edges.forEach((info, i) => {
    const pts = points(i);
    if (!pts || !pts.length) return;
    let d = "M" + pts[0].x.toFixed(1) + "," + pts[0].y.toFixed(1);
    for (let j = 1; j < pts.length; j++) d += "L" + pts[j].x.toFixed(1) + "," + pts[j].y.toFixed(1);
    edgeLayer.append(s("path", { d, class: "edge edge-" + info.type }, s("title", { text: `${info.from} -[${info.label || info.type}]-> ${info.to}` })));
    if (labels && labelAt[i]) labelLayer.append(s("text", { x: labelAt[i].x, y: labelAt[i].y + 4, "text-anchor": "middle", class: "elabel", text: info.label || info.type }));
  });
  // nodes in reading order (left to right, top to bottom): the Tab order follows the picture
  const placed = graph.nodes.map((n) => ({ n, p: pos(n.id) })).sort((a, b) => a.p.x - b.p.x || a.p.y - b.p.y);
  for (const { n, p } of placed) {
    const x = p.x - p.width / 2;
    const y = p.y - p.height / 2;
    const cls = ["node", "kind-" + n.kind, n.runStatus ? "status-" + n.runStatus : "", n.id === root ? "root" : ""].join(" ");
    const badge = graph.badges.get(n.id);
    const bi = badge ? badgeInfo(badge) : null;
    const aria = `${KIND_LABEL[n.kind]} ${n.label || n.id}${n.runStatus ? ", " + n.runStatus.toLowerCase() : ""}${bi ? ", " + bi.title : ""}${n.id === root ? ", centre" : ""}`;
    const el = s("g", { class: cls, transform: `translate(${x.toFixed(1)},${y.toFixed(1)})`, tabindex: 0, role: "button", "aria-label": aria, "data-id": n.id, "data-kind": n.kind });
    el.append(
      s("rect", { width: p.width, height: p.height, rx: 6 }),
      s("rect", { width: 5, height: p.height, class: "band" }),
      s("text", { x: 11, y: 15, class: "nlabel", text: nodeText(n) }),
      s("text", { x: 11, y: 30, class: "nsub", text: subText(n) }),
    );
    if (bi) {
      const bw = 12 + 7 * bi.text.length;
      el.append(s("g", { class: "badge " + bi.cls, transform: `translate(${p.width - bw / 2 - 4},-8)`, "data-confirmations": badge.length }, s("rect", { x: -bw / 2, y: 0, width: bw, height: 16, rx: 8 }), s("text", { x: 0, y: 12, "text-anchor": "middle", text: bi.text }), s("title", { text: bi.title })));
    }
    el.addEventListener("click", () => handlers.select(n));
    el.addEventListener("dblclick", () => handlers.recentre(n));
    el.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" && ev.shiftKey) handlers.recentre(n);
      else if (ev.key === "Enter" || ev.key === " ") {
        ev.preventDefault();
        handlers.select(n);
      } else if (ev.key === "c") handlers.recentre(n);
    });
    el.addEventListener("focus", () => handlers.focus(n, p));
    nodeLayer.append(el);
  }
  return { svg, vp, width: gw || 100, height: gh || 100, layoutMs, nodePos: pos, layout: graph.nodes.length > LAYERED_ABOVE ? "layered" : "dagre" };
}

/** Pan and zoom over the drawn graph: wheel, drag, buttons and keys (+, -, 0 to fit). */
function panZoom(svg, vp, width, height) {
  let k = 1;
  let tx = 0;
  let ty = 0;
  const apply = () => vp.setAttribute("transform", `translate(${tx.toFixed(1)},${ty.toFixed(1)}) scale(${k.toFixed(4)})`);
  const box = () => svg.getBoundingClientRect();
  const fit = () => {
    const b = box();
    const bw = b.width || 800;
    const bh = b.height || 500;
    k = Math.min(bw / width, bh / height, 1.5);
    tx = (bw - width * k) / 2;
    ty = (bh - height * k) / 2;
    apply();
    return k;
  };
  const zoom = (f, cx, cy) => {
    const b = box();
    cx = cx ?? b.width / 2;
    cy = cy ?? b.height / 2;
    const nk = Math.max(0.05, Math.min(4, k * f));
    tx = cx - ((cx - tx) * nk) / k;
    ty = cy - ((cy - ty) * nk) / k;
    k = nk;
    apply();
  };
  const centreOn = (x, y, minK) => {
    const b = box();
    if (minK && k < minK) k = minK;
    tx = b.width / 2 - x * k;
    ty = b.height / 2 - y * k;
    apply();
  };
  const visible = (x, y) => {
    const b = box();
    const sx = x * k + tx;
    const sy = y * k + ty;
    return sx > 20 && sy > 20 && sx < b.width - 20 && sy < b.height - 20;
  };
  svg.addEventListener("wheel", (e) => {
    e.preventDefault();
    const b = box();
    zoom(e.deltaY < 0 ? 1.15 : 1 / 1.15, e.clientX - b.left, e.clientY - b.top);
  }, { passive: false });
  let drag = null;
  svg.addEventListener("pointerdown", (e) => {
    if (e.target.closest(".node")) return;
    drag = { x: e.clientX, y: e.clientY, tx, ty };
    svg.setPointerCapture(e.pointerId);
    svg.classList.add("dragging");
  });
  svg.addEventListener("pointermove", (e) => {
    if (!drag) return;
    tx = drag.tx + e.clientX - drag.x;
    ty = drag.ty + e.clientY - drag.y;
    apply();
  });
  svg.addEventListener("pointerup", () => {
    drag = null;
    svg.classList.remove("dragging");
  });
  return { fit, zoom, centreOn, visible };
}

function params(p) {
  return {
    node: p.get("node") || "",
    dir: ["UPSTREAM", "DOWNSTREAM", "BOTH"].includes(p.get("dir")) ? p.get("dir") : "UPSTREAM",
    depth: Math.max(0, Math.min(100, parseInt(p.get("depth") || "4", 10) || 0)),
    asOf: p.get("asOf") || "",
    ctx: p.get("ctx") === "1" ? "1" : "",
  };
}

export async function lineagePage(el, p, ctx) {
  const st = params(p);
  el.dataset.title = "Lineage " + st.node;
  const nav = (changes) => {
    const next = { ...st, ...changes };
    location.hash = href("lineage", { node: next.node, dir: next.dir, depth: next.depth, asOf: next.asOf, ctx: next.ctx });
  };
  const form = h("form", { class: "filters lineage-controls", "aria-label": "Lineage settings" });
  const nodeIn = h("input", { name: "node", id: "lineage-node", value: st.node, size: 34, placeholder: "model:churn@1, dataset:customers@v1, run:…, sha256:…", required: true });
  const dirIn = h("select", { name: "dir", id: "lineage-dir" }, ["UPSTREAM", "DOWNSTREAM", "BOTH"].map((d) => h("option", { value: d, selected: d === st.dir }, d.toLowerCase())));
  const depthIn = h("input", { name: "depth", id: "lineage-depth", type: "number", min: 0, max: 100, value: st.depth, size: 3 });
  const asOfIn = h("input", { name: "asOf", id: "lineage-asof", value: st.asOf, size: 22, placeholder: "now (ISO-8601)" });
  const ctxIn = h("input", { type: "checkbox", name: "ctx", id: "lineage-ctx", checked: st.ctx === "1" });
  form.append(h("label", {}, "Node", nodeIn), h("label", {}, "Direction", dirIn), h("label", {}, "Depth", depthIn), h("label", {}, "As of", asOfIn), h("label", { class: "check" }, h("span", {}, "Code & environment"), ctxIn), h("button", { type: "submit" }, "Show"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    nav({ node: nodeIn.value.trim(), dir: dirIn.value, depth: depthIn.value, asOf: asOfIn.value.trim(), ctx: ctxIn.checked ? "1" : "" });
  });
  ctxIn.addEventListener("change", () => form.requestSubmit());
  el.append(h("h1", { class: "sr-only" }, "Lineage"), form);
  if (!st.node) {
    el.append(h("p", { class: "muted" }, "Enter a node id, or open one from a run, a model or a search."));
    return;
  }
  const t0 = performance.now();
  const d = await gql("lineage", { node: st.node, direction: st.dir, depth: st.depth, asOf: st.asOf || null });
  const fetched = performance.now();
  if (ctx && ctx.stale()) return;
  const graph = collapse(d.lineage, st.ctx === "1");
  if (graph.nodes.length <= LAYERED_ABOVE) await loadDagre();
  if (ctx && ctx.stale()) return;
  const aside = h("aside", { class: "details", id: "details", "aria-live": "polite" });
  const canvas = h("div", { class: "canvas" });
  const stats = h("p", { id: "lineage-stats", class: "muted", role: "status" });
  const toolbar = h("div", { class: "toolbar graph-tools" });
  el.append(toolbar, h("div", { class: "lineage" }, canvas, aside));

  const showDetails = (n) => {
    aside.replaceChildren(h("h2", {}, n.label || n.id), h("p", {}, h("code", { class: "id" }, n.id)));
    const dl = h("dl");
    dl.append(h("dt", {}, "Kind"), h("dd", {}, KIND_LABEL[n.kind]));
    if (n.runStatus) dl.append(h("dt", {}, "Status"), h("dd", {}, statusBadge(n.runStatus)));
    dl.append(h("dt", {}, "Recorded"), h("dd", {}, time(n.recordedAt)), h("dt", {}, "Distance"), h("dd", {}, n.distance));
    for (const kv of n.attributes) dl.append(h("dt", {}, kv.key), h("dd", {}, kv.value));
    for (const c of graph.context.get(n.id) || []) dl.append(h("dt", {}, KIND_LABEL[c.kind]), h("dd", {}, (c.label ? c.label + " " : "") + short(c.id)));
    aside.append(dl);
    const badge = graph.badges.get(n.id);
    if (badge) {
      aside.append(h("h3", {}, "Confirmations"), h("ul", { class: "confirmations" }, badge.map((c) => h("li", {}, link("run", { id: c.run }, short(c.run)), " ", c.kind.replace("_", " ").toLowerCase(), c.kind === "REPLAY" ? [" ", verdict(c.verdict)] : "", " of ", short(c.artifact)))));
    }
    const acts = h("div", { class: "toolbar" });
    if (n.id !== st.node) acts.append(h("button", { type: "button", onclick: () => nav({ node: n.id }) }, "Centre here"));
    if (n.kind === "RUN") acts.append(link("run", { id: n.id }, "Run page", { class: "button secondary" }));
    if (n.kind === "MODEL_VERSION") acts.append(link("model", { id: n.id }, "Model page", { class: "button secondary" }));
    aside.append(acts);
  };
  const legend = () => {
    aside.append(h("h2", {}, "Legend"), h("ul", { class: "legend" },
      Object.entries(KIND_LABEL).map(([k, v]) => h("li", {}, h("span", { class: "swatch kind-" + k }), v)),
      h("li", {}, h("span", { class: "swatch band status-SUCCEEDED" }), "run succeeded"),
      h("li", {}, h("span", { class: "swatch band status-FAILED" }), "run failed"),
      h("li", {}, h("span", { class: "swatch band status-RUNNING" }), "run running"),
      h("li", {}, h("span", { class: "pill good" }, "✓2"), "confirmations (replays, cache hits) of a run's outputs")),
      h("p", { class: "muted" }, "Arrows point the way data flows. Click a node for details; double-click (or Shift+Enter, or c) to centre on it. Drag to pan, wheel or + / − to zoom, 0 to fit."));
  };

  const drawn = draw(graph, d.lineage.root, {
    select: showDetails,
    recentre: (n) => nav({ node: n.id }),
    focus: (n, pos) => {
      if (!pz.visible(pos.x, pos.y)) pz.centreOn(pos.x, pos.y, 0.6);
    },
  });
  canvas.append(drawn.svg);
  const pz = panZoom(drawn.svg, drawn.vp, drawn.width, drawn.height);
  drawn.svg.setAttribute("tabindex", "-1");
  el.addEventListener("keydown", (e) => {
    if (e.target.tagName === "INPUT" || e.target.tagName === "SELECT") return;
    if (e.key === "+" || e.key === "=") pz.zoom(1.25);
    else if (e.key === "-") pz.zoom(0.8);
    else if (e.key === "0") pz.fit();
  });
  toolbar.append(
    h("button", { type: "button", class: "secondary", id: "fit", onclick: () => pz.fit() }, "Fit"),
    h("button", { type: "button", class: "secondary", "aria-label": "zoom in", onclick: () => pz.zoom(1.25) }, "+"),
    h("button", { type: "button", class: "secondary", "aria-label": "zoom out", onclick: () => pz.zoom(0.8) }, "−"),
    stats,
  );
  // asOf as a slider over the graph's recorded history
  const times = d.lineage.nodes.map((n) => Date.parse(n.recordedAt)).filter(Number.isFinite);
  if (times.length) {
    const lo = Math.floor(Math.min(...times) / 1000);
    const hi = Math.ceil(Date.now() / 1000);
    const cur = st.asOf ? Math.floor(Date.parse(st.asOf) / 1000) : hi;
    const slider = h("input", { type: "range", id: "asof-slider", min: lo, max: hi, value: Math.min(hi, Math.max(lo, cur || hi)), "aria-label": "as of time" });
    const shown = h("output", { for: "asof-slider" }, st.asOf ? time(st.asOf) : "now");
    slider.addEventListener("input", () => (shown.textContent = +slider.value >= hi ? "now" : time(new Date(slider.value * 1000).toISOString())));
    slider.addEventListener("change", () => nav({ asOf: +slider.value >= hi ? "" : new Date(slider.value * 1000).toISOString() }));
    toolbar.append(h("label", { class: "asof" }, "As of ", slider, " ", shown));
  }
  const confirmations = [...graph.badges.values()].reduce((a, l) => a + l.length, 0);
  const runs = graph.nodes.filter((n) => n.kind === "RUN").length;
  const ctxHidden = st.ctx === "1" ? 0 : d.lineage.nodes.filter((n) => CONTEXT_KINDS.has(n.kind) && n.id !== d.lineage.root).length;
  stats.textContent = `${graph.nodes.length} nodes (${runs} runs), ${graph.edges.length} edges, ${confirmations} confirmations collapsed` + (ctxHidden ? `, ${ctxHidden} code/environment nodes in run details` : "") + (d.lineage.truncated ? " — truncated at 2000 nodes: lower the depth" : "");
  stats.dataset.nodes = graph.nodes.length;
  stats.dataset.runs = runs;
  stats.dataset.confirmations = confirmations;
  const rootNode = graph.nodes.find((n) => n.id === d.lineage.root);
  if (rootNode) showDetails(rootNode);
  legend();
  // fit once the page is in the document (it needs the canvas size)
  requestAnimationFrame(() => {
    // the whole graph when its labels stay readable; else the centre node's neighbourhood, readable
    // (Fit, or 0, shows all of it)
    const k = pz.fit();
    const rootPos = drawn.nodePos(d.lineage.root);
    if (k < 0.7 && rootPos && graph.nodes.length <= 80) pz.centreOn(rootPos.x + (st.dir === "UPSTREAM" ? -420 : st.dir === "DOWNSTREAM" ? 420 : 0), rootPos.y, 0.8);
    drawn.svg.dataset.rendered = String(Math.round(performance.now() - t0));
    drawn.svg.dataset.fetchMs = String(Math.round(fetched - t0));
    drawn.svg.dataset.layoutMs = String(Math.round(drawn.layoutMs));
    drawn.svg.dataset.layout = drawn.layout;
    performance.mark("lineage-ready");
    document.body.dataset.lineageReady = d.lineage.root + "|" + st.dir + "|" + st.depth + "|" + st.asOf + "|" + st.ctx;
  });
}
