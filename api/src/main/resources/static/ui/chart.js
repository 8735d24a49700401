// A metric series as an SVG line chart: no library, readable axes, every point has a tooltip.
import { s, h, num } from "./dom.js";

export function lineChart(name, points) {
  const W = 520;
  const H = 220;
  const L = 56;
  const R = 12;
  const T = 14;
  const B = 34;
  const pts = points.map((p, i) => ({ x: p.step === null || p.step === undefined ? i : p.step, y: p.value }));
  const figure = h("figure", { class: "metric-chart", "data-metric": name, "data-points": pts.length });
  figure.append(h("figcaption", {}, name + " (" + pts.length + " points)"));
  if (!pts.length) {
    figure.append(h("p", { class: "muted" }, "no points"));
    return figure;
  }
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.y).filter((y) => Number.isFinite(y));
  let x0 = Math.min(...xs);
  let x1 = Math.max(...xs);
  let y0 = Math.min(...ys);
  let y1 = Math.max(...ys);
  if (x0 === x1) x1 = x0 + 1;
  if (y0 === y1) {
    y0 -= 0.5;
    y1 += 0.5;
  }
  const px = (x) => L + ((x - x0) / (x1 - x0)) * (W - L - R);
  const py = (y) => T + (1 - (y - y0) / (y1 - y0)) * (H - T - B);
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": `${name}: ${pts.length} points from ${num(pts[0].y)} to ${num(pts[pts.length - 1].y)}` });
  svg.append(s("rect", { x: L, y: T, width: W - L - R, height: H - T - B, class: "plot" }));
  for (let i = 0; i <= 4; i++) {
    const y = y0 + ((y1 - y0) * i) / 4;
    svg.append(s("line", { x1: L, x2: W - R, y1: py(y), y2: py(y), class: "grid" }));
    svg.append(s("text", { x: L - 6, y: py(y) + 4, "text-anchor": "end", class: "tick", text: num(y) }));
  }
  for (let i = 0; i <= 4; i++) {
    const x = x0 + ((x1 - x0) * i) / 4;
    svg.append(s("text", { x: px(x), y: H - B + 16, "text-anchor": "middle", class: "tick", text: num(Math.round(x * 100) / 100) }));
  }
  svg.append(s("text", { x: (L + W - R) / 2, y: H - 4, "text-anchor": "middle", class: "axis", text: "step" }));
  const d = pts.filter((p) => Number.isFinite(p.y)).map((p, i) => (i ? "L" : "M") + px(p.x).toFixed(1) + " " + py(p.y).toFixed(1)).join(" ");
  svg.append(s("path", { d, class: "series" }));
  if (pts.length <= 200) {
    for (const p of pts) {
      if (!Number.isFinite(p.y)) continue;
      svg.append(s("circle", { cx: px(p.x), cy: py(p.y), r: 2.5, class: "pt" }, s("title", { text: `step ${p.x}: ${p.y}` })));
    }
  }
  figure.append(svg);
  return figure;
}
