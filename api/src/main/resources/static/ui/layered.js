// A small layered (Sugiyama-style) layout for large lineage graphs, left to right: ranks by longest
// path, long edges split by dummy points, crossings reduced by barycenter sweeps, rows placed
// towards their neighbours. It gives up dagre's finer crossing minimisation and node placement for
// speed: linear-ish in nodes + edges, where dagre's ordering grows much faster on 500-node graphs.

/**
 * @param nodes [{ id, width, height }]
 * @param edges [{ from, to }]
 * @returns { nodes: Map(id → { x, y, width, height }), edges: [[{ x, y }]] (per input edge), width, height }
 */
export function layered(nodes, edges, opts = {}) {
  const nodesep = opts.nodesep ?? 14;
  const ranksep = opts.ranksep ?? 40;
  const margin = opts.margin ?? 16;
  const byId = new Map(nodes.map((n) => [n.id, { ...n, rank: 0, order: 0, y: 0 }]));
  const out = new Map();
  const inc = new Map();
  for (const id of byId.keys()) {
    out.set(id, []);
    inc.set(id, []);
  }
  // drop edges that close a cycle (lineage is acyclic; a bad record must not hang the page)
  const state = new Map();
  const kept = [];
  const adjacency = new Map([...byId.keys()].map((id) => [id, []]));
  edges.forEach((e, i) => {
    if (byId.has(e.from) && byId.has(e.to) && e.from !== e.to) adjacency.get(e.from).push([e.to, i]);
  });
  for (const start of byId.keys()) {
    if (state.has(start)) continue;
    const stack = [[start, 0]];
    state.set(start, 1);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const list = adjacency.get(top[0]);
      if (top[1] < list.length) {
        const [to, i] = list[top[1]++];
        const s = state.get(to);
        if (s === 1) continue; // back edge
        kept.push(i);
        if (!s) {
          state.set(to, 1);
          stack.push([to, 0]);
        }
      } else {
        state.set(top[0], 2);
        stack.pop();
      }
    }
  }
  for (const i of kept) {
    out.get(edges[i].from).push(edges[i].to);
    inc.get(edges[i].to).push(edges[i].from);
  }
  // ranks: longest path from the sources, in topological order; sources then move next to their first child
  const indeg = new Map([...byId.keys()].map((id) => [id, inc.get(id).length]));
  const queue = [...byId.keys()].filter((id) => indeg.get(id) === 0);
  const topo = [];
  while (queue.length) {
    const id = queue.shift();
    topo.push(id);
    for (const to of out.get(id)) {
      const t = byId.get(to);
      t.rank = Math.max(t.rank, byId.get(id).rank + 1);
      indeg.set(to, indeg.get(to) - 1);
      if (indeg.get(to) === 0) queue.push(to);
    }
  }
  for (let i = topo.length - 1; i >= 0; i--) {
    const n = byId.get(topo[i]);
    if (inc.get(n.id).length === 0 && out.get(n.id).length) {
      n.rank = Math.min(...out.get(n.id).map((to) => byId.get(to).rank)) - 1;
    }
  }
  // long edges become chains of dummy points, one per rank crossed
  const chains = new Map();
  const layerOf = [];
  const place = (v) => {
    (layerOf[v.rank] ||= []).push(v);
  };
  for (const n of byId.values()) {
    n.up = [];
    n.down = [];
    place(n);
  }
  for (const i of kept) {
    const a = byId.get(edges[i].from);
    const b = byId.get(edges[i].to);
    let prev = a;
    const chain = [];
    for (let r = a.rank + 1; r < b.rank; r++) {
      const d = { id: "\u0000" + i + ":" + r, width: 0, height: 2, rank: r, dummy: true, up: [], down: [], y: 0 };
      prev.down.push(d);
      d.up.push(prev);
      place(d);
      chain.push(d);
      prev = d;
    }
    prev.down.push(b);
    b.up.push(prev);
    chains.set(i, chain);
  }
  const layers = layerOf.filter(Boolean);
  // initial order: depth-first from the first layer keeps related nodes together
  const seen = new Set();
  let counter = 0;
  const visit = (v) => {
    const stack = [v];
    while (stack.length) {
      const x = stack.pop();
      if (seen.has(x)) continue;
      seen.add(x);
      x.order = counter++;
      for (let j = x.down.length - 1; j >= 0; j--) stack.push(x.down[j]);
    }
  };
  for (const layer of layers) for (const v of layer) visit(v);
  for (const layer of layers) {
    layer.sort((p, q) => p.order - q.order);
    layer.forEach((v, i) => (v.order = i));
  }
  // crossing reduction: barycenter sweeps, down then up
  const sweep = (list, key) => {
    for (const layer of list) {
      for (const v of layer) {
        const nb = v[key];
        v.bc = nb.length ? nb.reduce((s, u) => s + u.order, 0) / nb.length : v.order;
      }
      layer.sort((p, q) => p.bc - q.bc || p.order - q.order);
      layer.forEach((v, i) => (v.order = i));
    }
  };
  const reversed = [...layers].reverse();
  for (let it = 0; it < 6; it++) {
    sweep(layers.slice(1), "up");
    sweep(reversed.slice(1), "down");
  }
  // x by rank
  let x = margin;
  const xs = layers.map((layer) => {
    const w = Math.max(...layer.map((v) => v.width));
    const at = x + w / 2;
    x += w + ranksep;
    return at;
  });
  // y: stacked in order, then pulled towards neighbours without reordering or overlapping
  for (const layer of layers) {
    let y = margin;
    for (const v of layer) {
      v.y = y + v.height / 2;
      y += v.height + (v.dummy ? 4 : nodesep);
    }
  }
  const settle = (layer, key) => {
    const want = layer.map((v) => (v[key].length ? v[key].reduce((s, u) => s + u.y, 0) / v[key].length : v.y));
    const gap = (a, b) => a.height / 2 + b.height / 2 + (a.dummy || b.dummy ? 4 : nodesep);
    const ys = want.slice();
    for (let i = 1; i < ys.length; i++) ys[i] = Math.max(ys[i], ys[i - 1] + gap(layer[i - 1], layer[i]));
    for (let i = ys.length - 2; i >= 0; i--) ys[i] = Math.min(ys[i], ys[i + 1] - gap(layer[i], layer[i + 1]));
    for (let i = 1; i < ys.length; i++) ys[i] = Math.max(ys[i], ys[i - 1] + gap(layer[i - 1], layer[i]));
    layer.forEach((v, i) => (v.y = ys[i]));
  };
  for (let it = 0; it < 4; it++) {
    for (const layer of layers.slice(1)) settle(layer, "up");
    for (const layer of reversed.slice(1)) settle(layer, "down");
  }
  let minY = Infinity;
  let maxY = -Infinity;
  for (const layer of layers) {
    for (const v of layer) {
      minY = Math.min(minY, v.y - v.height / 2);
      maxY = Math.max(maxY, v.y + v.height / 2);
    }
  }
  const shift = margin - minY;
  const result = new Map();
  layers.forEach((layer, r) => {
    for (const v of layer) {
      v.x = xs[r];
      v.y += shift;
      if (!v.dummy) result.set(v.id, { x: v.x, y: v.y, width: v.width, height: v.height });
    }
  });
  const paths = edges.map((e, i) => {
    const a = byId.get(e.from);
    const b = byId.get(e.to);
    if (!a || !b) return null;
    const pts = [{ x: a.x + a.width / 2, y: a.y }];
    for (const d of chains.get(i) || []) pts.push({ x: d.x, y: d.y });
    pts.push({ x: b.x - b.width / 2, y: b.y });
    return pts;
  });
  return { nodes: result, edges: paths, width: x - ranksep + margin, height: maxY - minY + 2 * margin };
}
