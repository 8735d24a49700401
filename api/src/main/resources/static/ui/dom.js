// Tiny DOM helpers: every value from the server goes in as text, never as markup.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export const SVG_NS = "http://www.w3.org/2000/svg";

export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "text") el.textContent = v;
    else el.setAttribute(k, String(v));
  }
  for (const c of children) if (c) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

export function time(iso) {
  if (!iso) return "—";
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toISOString().replace("T", " ").slice(0, 19) + "Z";
}

export function duration(ms) {
  if (ms === null || ms === undefined) return "—";
  if (ms < 1000) return ms + " ms";
  const sec = ms / 1000;
  if (sec < 60) return sec.toFixed(1) + " s";
  const m = Math.floor(sec / 60);
  if (m < 60) return m + " min " + Math.round(sec % 60) + " s";
  return Math.floor(m / 60) + " h " + (m % 60) + " min";
}

export function bytes(n) {
  if (n === null || n === undefined) return "—";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return (i === 0 ? v : v.toFixed(1)) + " " + units[i];
}

export function num(v) {
  if (v === null || v === undefined) return "—";
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3 ? v.toExponential(3) : String(+v.toFixed(4));
}

export function short(id) {
  if (!id) return "";
  if (id.startsWith("sha256:")) return id.slice(0, 19) + "…";
  if (id.startsWith("run:") && id.length > 16) return id.slice(0, 16) + "…";
  return id;
}

const STATUS_TEXT = {
  SUCCEEDED: "✓ succeeded",
  FAILED: "✗ failed",
  RUNNING: "● running",
  ABANDONED: "⚠ abandoned",
};

/** A status badge: colour and text, so colour is never the only signal. */
export function status(st) {
  return h("span", { class: "status status-" + (st || "NONE") }, STATUS_TEXT[st] || st || "—");
}

const VERDICT_TEXT = {
  IDENTICAL: "✓ identical",
  EQUIVALENT: "≈ equivalent",
  DIFFERENT: "✗ different",
  FAILED: "✗ failed",
  UNVERIFIED: "? unverified",
};

export function verdict(v) {
  if (!v) return h("span", { class: "verdict verdict-PENDING" }, "pending");
  return h("span", { class: "verdict verdict-" + v }, VERDICT_TEXT[v] || v);
}

/** A link to another page of the app (hash route). */
export function link(page, params, text, attrs) {
  return h("a", { href: href(page, params), ...(attrs || {}) }, text);
}

export function href(page, params) {
  const qs = params ? new URLSearchParams(Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== "")).toString() : "";
  return "#/" + page + (qs ? "?" + qs : "");
}

/** The page for a typed id. */
export function nodeLink(id, text) {
  if (!id) return "—";
  if (id.startsWith("run:")) return link("run", { id }, text || short(id));
  if (id.startsWith("model:")) return link("model", { id }, text || id);
  return link("lineage", { node: id }, text || short(id));
}
