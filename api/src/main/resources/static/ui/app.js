// Provenant's web app: a hash-routed single page (no build step). Each page reads the URL, asks
// the server through GraphQL and draws itself; filters, sorts and graph settings live in the URL,
// so reload, Back and shared links keep them.
import { gql, token, logout, askToken, AuthError, fetchArtifact, saveBlob } from "./api.js";
import { h, time, duration, bytes, num, short, status, verdict, link, href, nodeLink } from "./dom.js";
import { lineChart } from "./chart.js";
import { lineagePage } from "./lineage.js";

const view = document.getElementById("view");
let renderSeq = 0;

const PAGES = {
  runs: runsPage,
  run: runPage,
  diff: diffPage,
  lineage: lineagePage,
  models: modelsPage,
  model: modelPage,
  search: searchPage,
  ledger: ledgerPage,
};

function route() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, qs] = raw.split("?");
  const page = PAGES[path] ? path : "runs";
  return { page, params: new URLSearchParams(qs || "") };
}

export function go(page, params, replace) {
  const target = href(page, params);
  if (replace) history.replaceState(null, "", target);
  else location.hash = target;
  if (replace) render();
}

async function render() {
  const seq = ++renderSeq;
  const { page, params } = route();
  for (const a of document.querySelectorAll("nav a[data-page]")) {
    if (a.dataset.page === page || (page === "run" && a.dataset.page === "runs") || (page === "model" && a.dataset.page === "models")) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  document.getElementById("logout").hidden = !token();
  if (!token()) {
    askToken(view, render);
    return;
  }
  const q = params.get("q");
  if (page === "search" && q) document.getElementById("search-input").value = q;
  view.replaceChildren(h("p", { class: "muted", role: "status" }, "Loading…"));
  view.setAttribute("aria-busy", "true");
  try {
    const el = h("div", { class: "page page-" + page });
    await PAGES[page](el, params, { stale: () => seq !== renderSeq });
    if (seq !== renderSeq) return;
    view.replaceChildren(el);
    document.title = "Provenant — " + (el.dataset.title || page);
  } catch (e) {
    if (seq !== renderSeq) return;
    if (e instanceof AuthError) {
      logout();
      askToken(view, render, "The server refused the stored token; sign in again.");
      return;
    }
    view.replaceChildren(h("div", { class: "error", role: "alert" }, h("h1", {}, "Could not load this page"), h("p", {}, e.message)));
  } finally {
    view.removeAttribute("aria-busy");
  }
}

// links printed by older versions and by `provenant demo`: /?node=model:churn@1&depth=6
{
  const legacy = new URLSearchParams(location.search);
  if (legacy.get("node") && !location.hash) {
    history.replaceState(null, "", "/" + href("lineage", { node: legacy.get("node"), depth: legacy.get("depth"), dir: legacy.get("direction") }));
  }
}
window.addEventListener("hashchange", render);
document.getElementById("logout").addEventListener("click", () => {
  logout();
  render();
});
document.getElementById("search").addEventListener("submit", (e) => {
  e.preventDefault();
  const q = document.getElementById("search-input").value.trim();
  if (q) go("search", { q });
});

// ------------------------------------------------------------------------------------------ runs

const RUNS = `query($first: Int, $after: String, $nameContains: String, $status: RunStatus, $pipeline: String,
  $parameter: String, $parameterValue: String, $metric: String, $metricMin: Float, $metricMax: Float,
  $startedAfter: DateTime, $startedBefore: DateTime, $sort: RunSortField, $sortKey: String, $descending: Boolean) {
  runs(first: $first, after: $after, nameContains: $nameContains, status: $status, pipeline: $pipeline,
    parameter: $parameter, parameterValue: $parameterValue, metric: $metric, metricMin: $metricMin, metricMax: $metricMax,
    startedAfter: $startedAfter, startedBefore: $startedBefore, sort: $sort, sortKey: $sortKey, descending: $descending) {
    edges { node { id name status pipelineName stepName startedAt durationMillis startedBy replayOf cacheHitOf verdict
      parameters { key value } metrics { name value } } }
    pageInfo { hasNextPage endCursor } } }`;

function isoOrNull(local) {
  if (!local) return null;
  const d = new Date(local.endsWith("Z") || /[+-]\d\d:\d\d$/.test(local) ? local : local + "Z");
  if (isNaN(d)) throw new Error("not a time: " + local);
  return d.toISOString();
}

function numOrNull(v) {
  if (v === null || v === undefined || v === "") return null;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error("not a number: " + v);
  return n;
}

function runsVariables(p) {
  const param = p.get("param") || "";
  const eq = param.indexOf("=");
  return {
    first: 50,
    nameContains: p.get("name") || null,
    status: p.get("status") || null,
    pipeline: p.get("pipeline") || null,
    parameter: param ? (eq >= 0 ? param.slice(0, eq) : param) : null,
    parameterValue: eq >= 0 ? param.slice(eq + 1) : null,
    metric: p.get("metric") || null,
    metricMin: numOrNull(p.get("min")),
    metricMax: numOrNull(p.get("max")),
    startedAfter: isoOrNull(p.get("from")),
    startedBefore: isoOrNull(p.get("to")),
    sort: p.get("sort") || null,
    sortKey: p.get("sortKey") || null,
    descending: p.get("desc") === "1",
  };
}

async function runsPage(el, p) {
  el.dataset.title = "Runs";
  const vars = runsVariables(p);
  const data = await gql(RUNS, vars);
  let runs = data.runs.edges.map((e) => e.node);
  let pageInfo = data.runs.pageInfo;
  // columns: chosen (?cols=p:seed,m:accuracy) or the first parameters and metrics of this page
  let cols = (p.get("cols") || "").split(",").filter(Boolean);
  if (!cols.length) {
    const pk = new Set();
    const mk = new Set();
    for (const r of runs) {
      r.parameters.forEach((kv) => pk.add(kv.key));
      r.metrics.forEach((m) => mk.add(m.name));
    }
    cols = [...[...pk].sort().slice(0, 3).map((k) => "p:" + k), ...[...mk].sort().slice(0, 4).map((k) => "m:" + k)];
  }

  el.append(h("h1", {}, "Runs"));
  const form = h("form", { class: "filters", "aria-label": "Filter runs" });
  const field = (label, name, attrs) =>
    h("label", {}, label, h("input", { name, value: p.get(name) || "", ...(attrs || {}) }));
  const statusSelect = h(
    "select",
    { name: "status" },
    ["", "RUNNING", "SUCCEEDED", "FAILED", "ABANDONED"].map((s) => h("option", { value: s, selected: (p.get("status") || "") === s }, s || "any")),
  );
  form.append(
    field("Name contains", "name", { size: 12 }),
    h("label", {}, "Status", statusSelect),
    field("Pipeline", "pipeline", { size: 14, placeholder: "pipeline:churn" }),
    field("Parameter", "param", { size: 12, placeholder: "seed=42" }),
    field("Metric", "metric", { size: 10, placeholder: "accuracy" }),
    field("min", "min", { size: 6, inputmode: "decimal" }),
    field("max", "max", { size: 6, inputmode: "decimal" }),
    field("Started from", "from", { type: "datetime-local", step: 1 }),
    field("to", "to", { type: "datetime-local", step: 1 }),
    field("Columns", "cols", { size: 18, placeholder: cols.join(","), title: "p:<parameter>, m:<metric>, comma-separated" }),
    h("button", { type: "submit" }, "Apply"),
    h("a", { href: "#/runs", class: "button secondary" }, "Clear"),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const next = {};
    for (const [k, v] of new FormData(form)) if (v) next[k] = v;
    for (const k of ["sort", "sortKey", "desc"]) if (p.get(k)) next[k] = p.get(k);
    go("runs", next);
  });
  el.append(form);

  const compare = h("button", { type: "button", disabled: true, id: "compare" }, "Compare selected (0/2)");
  const selected = [];
  compare.addEventListener("click", () => go("diff", { a: selected[0], b: selected[1] }));
  el.append(h("div", { class: "toolbar" }, compare, h("span", { class: "muted", id: "runs-count" }, "")));

  const sortBy = (field, key) => {
    const next = Object.fromEntries(p);
    const same = p.get("sort") === field && (p.get("sortKey") || "") === (key || "");
    next.sort = field;
    if (key) next.sortKey = key;
    else delete next.sortKey;
    if (same && p.get("desc") !== "1") next.desc = "1";
    else delete next.desc;
    go("runs", next);
  };
  const th = (text, field, key) => {
    const active = p.get("sort") === field && (p.get("sortKey") || "") === (key || "");
    const dir = active ? (p.get("desc") === "1" ? "descending" : "ascending") : null;
    return h(
      "th",
      { scope: "col", "aria-sort": dir || "none" },
      field ? h("button", { type: "button", class: "sort", "data-sort": field + (key ? ":" + key : ""), onclick: () => sortBy(field, key) }, text, active ? (dir === "descending" ? " ▼" : " ▲") : "") : text,
    );
  };
  const head = h(
    "tr",
    {},
    h("th", { scope: "col" }, h("span", { class: "sr-only" }, "Select")),
    th("Status", "STATUS"),
    th("Name", "NAME"),
    th("Pipeline"),
    th("Started", "STARTED_AT"),
    th("Duration", "DURATION"),
    th("Who", "STARTED_BY"),
    cols.map((c) => (c.startsWith("m:") ? th([c.slice(2), h("small", { class: "coltype" }, "metric")], "METRIC", c.slice(2)) : th([c.slice(2), h("small", { class: "coltype" }, "param")], "PARAMETER", c.slice(2)))),
  );
  const body = h("tbody");
  const table = h("table", { class: "runs", id: "runs-table" }, h("thead", {}, head), body);
  el.append(h("div", { class: "table-wrap" }, table));

  const addRows = (list) => {
    for (const r of list) {
      const params = Object.fromEntries(r.parameters.map((kv) => [kv.key, kv.value]));
      const metrics = Object.fromEntries(r.metrics.map((m) => [m.name, m.value]));
      const box = h("input", { type: "checkbox", "aria-label": "select " + r.name + " " + r.id, value: r.id });
      box.addEventListener("change", () => {
        if (box.checked) selected.push(r.id);
        else selected.splice(selected.indexOf(r.id), 1);
        while (selected.length > 2) {
          const old = selected.shift();
          const other = body.querySelector(`input[value="${CSS.escape(old)}"]`);
          if (other) other.checked = false;
        }
        compare.disabled = selected.length !== 2;
        compare.textContent = `Compare selected (${selected.length}/2)`;
      });
      const kind = r.replayOf ? " (replay)" : r.cacheHitOf ? " (cache hit)" : "";
      body.append(
        h(
          "tr",
          { "data-run": r.id },
          h("td", {}, box),
          h("td", {}, status(r.status)),
          h("td", {}, link("run", { id: r.id }, r.name, { class: "run-name" }), kind ? h("span", { class: "muted" }, kind) : null),
          h("td", {}, r.pipelineName || "—"),
          h("td", {}, h("time", { datetime: r.startedAt }, time(r.startedAt))),
          h("td", { class: "num", "data-ms": r.durationMillis ?? "" }, duration(r.durationMillis)),
          h("td", {}, r.startedBy),
          cols.map((c) => (c.startsWith("m:") ? h("td", { class: "num" }, num(metrics[c.slice(2)])) : h("td", {}, params[c.slice(2)] ?? "—"))),
        ),
      );
    }
    el.querySelector("#runs-count").textContent = body.children.length + " runs shown" + (pageInfo.hasNextPage ? " (more below)" : "");
  };
  addRows(runs);
  if (!runs.length) body.append(h("tr", {}, h("td", { colspan: 7 + cols.length, class: "muted" }, "No runs match.")));
  const more = h("button", { type: "button", class: "secondary", hidden: !pageInfo.hasNextPage }, "Load more");
  more.addEventListener("click", async () => {
    more.disabled = true;
    const next = await gql(RUNS, { ...vars, after: pageInfo.endCursor });
    pageInfo = next.runs.pageInfo;
    addRows(next.runs.edges.map((e) => e.node));
    more.hidden = !pageInfo.hasNextPage;
    more.disabled = false;
  });
  el.append(more);
}

// ------------------------------------------------------------------------------------------- run

const RUN = `query($id: ID!) { run(id: $id) { id name status command startedBy startedAt finishedAt durationMillis exitCode
  failureReason pipelineRunId pipelineName stepName replayOf cacheHitOf cacheKey verdict comparedOutputs comparedMetrics traced
  parameters { key value } metrics { name value } metricNames
  code { repository commit branch dirty snapshotDigest } environment { digest properties { key value } }
  inputs { name digest sizeBytes datasetVersionId } outputs { name digest sizeBytes kind }
  differences { name originalDigest invalidOriginalDigest replayDigest invalidReplayDigest detail withinTolerance }
  metricDifferences { name original replay withinTolerance detail }
  causes { kind subject detail }
  undeclaredReads { path digest sizeBytes stored } undeclaredWrites
  reproducibility { runs reproduced score notReproduced } }
  lineage(node: $id, direction: DOWNSTREAM, depth: 1, includeConfirmations: true, limit: 1000) {
    confirmations { run artifact origin kind of verdict recordedAt } edges { from to type } } }`;

// One side of an output difference: its digest, "missing", or the text recorded (before digests were checked) that is not a digest.
const diffSide = (digest, invalid) => (invalid != null ? `not a digest: '${invalid}'` : short(digest) || "missing");

const SERIES = `query($id: ID!, $name: String!) { run(id: $id) { metricSeries(name: $name) { step value timestamp } } }`;
const CONFIRM_RUN = `query($id: ID!) { run(id: $id) { id name status verdict startedAt startedBy replayOf cacheHitOf } }`;

function kvTable(rows, caption) {
  if (!rows.length) return h("p", { class: "muted" }, "none");
  return h("table", { class: "kv" }, caption ? h("caption", { class: "sr-only" }, caption) : null, h("tbody", {}, rows.map(([k, v]) => h("tr", {}, h("th", { scope: "row" }, k), h("td", {}, v)))));
}

function downloadButton(digest, filename, label) {
  const note = h("span", { class: "verify", "aria-live": "polite" });
  const b = h("button", { type: "button", class: "secondary download", "data-digest": digest }, label || "Download");
  b.addEventListener("click", async () => {
    b.disabled = true;
    note.textContent = "downloading…";
    try {
      const { blob, verified } = await fetchArtifact(digest);
      note.textContent = verified ? "✓ sha256 verified" : "✗ digest does not match";
      note.className = "verify " + (verified ? "ok" : "bad");
      saveBlob(blob, filename);
    } catch (e) {
      note.textContent = e.message;
      note.className = "verify bad";
    } finally {
      b.disabled = false;
    }
  });
  return h("span", { class: "dl" }, b, " ", note);
}

function reportButtons(node) {
  const one = (format, label, ext) => {
    const b = h("button", { type: "button", class: "secondary", "data-report": format }, label);
    b.addEventListener("click", async () => {
      b.disabled = true;
      try {
        const d = await gql(`query($n: ID!, $f: AuditReportFormat) { auditReport(node: $n, format: $f) { content mediaType fileExtension verdict } }`, { n: node, f: format });
        const r = d.auditReport;
        saveBlob(new Blob([r.content], { type: r.mediaType }), node.replace(/[^A-Za-z0-9@._-]+/g, "_") + "." + r.fileExtension);
        b.textContent = label + " (" + r.verdict + ")";
      } catch (e) {
        b.textContent = label + ": " + e.message;
      } finally {
        b.disabled = false;
      }
    });
    return b;
  };
  return h("div", { class: "toolbar" }, one("HTML", "Audit report (HTML)"), one("PROV_JSON", "PROV-JSON"), one("MD", "Audit report (Markdown)"));
}

async function runPage(el, p) {
  const id = p.get("id");
  if (!id) throw new Error("no run id in the address (#/run?id=run:…)");
  const d = await gql(RUN, { id });
  const r = d.run;
  if (!r) throw new Error("no run " + id);
  el.dataset.title = r.name;
  el.append(
    h("h1", {}, r.name, " ", status(r.status)),
    h("p", { class: "muted ids" }, r.id, r.pipelineRunId ? [" · step of ", link("run", { id: r.pipelineRunId }, r.pipelineName || short(r.pipelineRunId))] : null),
    h("div", { class: "toolbar" }, link("lineage", { node: r.id, dir: "BOTH", depth: 2 }, "Lineage", { class: "button secondary" }), link("runs", r.pipelineRunId ? { pipeline: r.pipelineName } : { name: r.name }, r.pipelineRunId ? "Other runs of this pipeline" : "Other runs of this name", { class: "button secondary" })),
  );
  const summary = [
    ["Status", status(r.status)],
    ["Command", h("code", {}, r.command.join(" "))],
    ["Started", [time(r.startedAt), " by ", h("strong", {}, r.startedBy)]],
    ["Finished", time(r.finishedAt)],
    ["Duration", duration(r.durationMillis)],
    ["Exit code", r.exitCode ?? "—"],
  ];
  if (r.failureReason) summary.push(["Failure", h("span", { class: "bad" }, r.failureReason)]);
  if (r.replayOf) summary.push(["Replay of", [nodeLink(r.replayOf), " ", verdict(r.verdict)]]);
  if (r.cacheHitOf) summary.push(["Cache hit of", nodeLink(r.cacheHitOf)]);
  if (r.reproducibility && r.reproducibility.score !== null) summary.push(["Reproducibility", `${Math.round(r.reproducibility.score * 100)}% (${r.reproducibility.reproduced}/${r.reproducibility.runs} runs upstream replayed identically)`]);
  el.append(h("section", {}, h("h2", {}, "Summary"), kvTable(summary)));

  el.append(h("section", {}, h("h2", {}, "Parameters"), kvTable(r.parameters.map((kv) => [kv.key, kv.value]), "parameters")));
  const metricSection = h("section", { id: "metrics", class: "wide" }, h("h2", {}, "Metrics"), kvTable(r.metrics.map((m) => [m.name, num(m.value)]), "metrics"));
  el.append(metricSection);
  if (r.metricNames.length) {
    const charts = h("div", { class: "charts" });
    metricSection.append(charts);
    const series = await Promise.all(r.metricNames.map((name) => gql(SERIES, { id: r.id, name })));
    r.metricNames.forEach((name, i) => charts.append(lineChart(name, series[i].run.metricSeries)));
  }

  const ioRows = (list, kind) =>
    list.map((f) =>
      h(
        "tr",
        {},
        h("td", {}, f.name, f.datasetVersionId ? [" ", nodeLink(f.datasetVersionId)] : null),
        h("td", {}, link("lineage", { node: f.digest }, short(f.digest), { title: f.digest })),
        h("td", { class: "num" }, bytes(f.sizeBytes)),
        h("td", {}, downloadButton(f.digest, f.name.split("/").pop() || "artifact", "Download")),
      ),
    );
  const ioTable = (list, caption) =>
    list.length
      ? h("table", { class: "files" }, h("caption", { class: "sr-only" }, caption), h("thead", {}, h("tr", {}, ["Name", "Digest", "Size", ""].map((t) => h("th", { scope: "col" }, t)))), h("tbody", {}, ioRows(list)))
      : h("p", { class: "muted" }, "none");
  el.append(h("section", { id: "inputs", class: "wide" }, h("h2", {}, "Inputs"), ioTable(r.inputs, "inputs")));
  el.append(h("section", { id: "outputs", class: "wide" }, h("h2", {}, "Outputs"), ioTable(r.outputs, "outputs")));

  const log = r.outputs.find((o) => o.kind === "LOG" || /(^|\/)(stdout|stderr|.*\.log)$/.test(o.name));
  if (log) {
    const pre = h("pre", { class: "log", tabindex: 0, "aria-label": "log" }, "loading…");
    el.append(h("section", { class: "wide" }, h("h2", {}, "Log (" + log.name + ")"), pre));
    fetchArtifact(log.digest, 65536)
      .then(async ({ blob, partial }) => {
        pre.textContent = (await blob.text()) + (partial ? "\n… (first 64 KiB; download for all)" : "");
      })
      .catch((e) => (pre.textContent = e.message));
  }

  if (r.code) {
    const sec = h("section", { id: "code", class: "wide" }, h("h2", {}, "Code"), kvTable([
      ["Repository", r.code.repository || "—"],
      ["Commit", r.code.commit ? h("code", {}, r.code.commit) : "—"],
      ["Branch", r.code.branch || "—"],
      // the recorder snapshots the files as they were (uncommitted edits included) and the dirty flag, not a diff
      ["Uncommitted changes", h("span", { id: "dirty" }, r.code.dirty ? "yes (the diff is not recorded; the snapshot below holds the files as they were)" : "no")],
      ["Snapshot", [h("code", { title: r.code.snapshotDigest }, short(r.code.snapshotDigest)), " ", downloadButton(r.code.snapshotDigest, "code-snapshot.txt", "Download manifest")]],
    ]));
    if (r.code.snapshotDigest) sec.append(snapshotBrowser(r.code.snapshotDigest));
    el.append(sec);
  }
  if (r.environment) {
    const details = h("details", {}, h("summary", {}, r.environment.properties.length + " properties, digest " + short(r.environment.digest)), kvTable(r.environment.properties.map((kv) => [kv.key, kv.value])));
    const sec = h("section", { id: "environment", class: "wide" }, h("h2", {}, "Environment"), details);
    sec.append(await driftPanel(r));
    el.append(sec);
  }

  if (r.differences.length || r.metricDifferences.length || r.causes.length) {
    const sec = h("section", { class: "wide" }, h("h2", {}, "Replay differences"));
    if (r.differences.length) sec.append(h("table", {}, h("thead", {}, h("tr", {}, ["Output", "Original", "Replay", "Within tolerance", "Detail"].map((t) => h("th", { scope: "col" }, t)))), h("tbody", {}, r.differences.map((x) => h("tr", {}, h("td", {}, x.name), h("td", {}, diffSide(x.originalDigest, x.invalidOriginalDigest)), h("td", {}, diffSide(x.replayDigest, x.invalidReplayDigest)), h("td", {}, x.withinTolerance ? "yes" : "no"), h("td", {}, h("pre", {}, x.detail || "")))))));
    if (r.metricDifferences.length) sec.append(h("table", {}, h("thead", {}, h("tr", {}, ["Metric", "Original", "Replay", "Within tolerance", "Detail"].map((t) => h("th", { scope: "col" }, t)))), h("tbody", {}, r.metricDifferences.map((x) => h("tr", {}, h("td", {}, x.name), h("td", {}, num(x.original)), h("td", {}, num(x.replay)), h("td", {}, x.withinTolerance ? "yes" : "no"), h("td", {}, x.detail || ""))))));
    if (r.causes.length) sec.append(h("h3", {}, "Likely causes"), h("ol", {}, r.causes.map((c) => h("li", {}, h("strong", {}, c.kind), " ", c.subject, c.detail ? " — " + c.detail : ""))));
    el.append(sec);
  }

  // replays and cache hits of this run: the confirmations of its outputs plus REPLAY_OF/CACHE_HIT_OF edges
  const g = d.lineage;
  const confirmIds = new Set();
  for (const c of g.confirmations) if (c.of === r.id || c.origin === r.id) confirmIds.add(c.run);
  for (const e of g.edges) if (e.from === r.id && (e.type === "REPLAY_OF" || e.type === "CACHE_HIT_OF")) confirmIds.add(e.to);
  const sec = h("section", { id: "confirmations", class: "wide" }, h("h2", {}, "Replays and cache hits"));
  if (!confirmIds.size) sec.append(h("p", { class: "muted" }, "none yet (provenant replay-run " + r.id + ")"));
  else {
    const others = await Promise.all([...confirmIds].map((cid) => gql(CONFIRM_RUN, { id: cid })));
    sec.append(h("table", {}, h("thead", {}, h("tr", {}, ["Run", "Kind", "Verdict", "When", "Who"].map((t) => h("th", { scope: "col" }, t)))), h("tbody", {}, others.map((o) => o.run).filter(Boolean).map((o) => h("tr", {}, h("td", {}, link("run", { id: o.id }, short(o.id))), h("td", {}, o.replayOf ? "replay" : o.cacheHitOf ? "cache hit" : "re-execution"), h("td", {}, o.replayOf ? verdict(o.verdict) : status(o.status)), h("td", {}, time(o.startedAt)), h("td", {}, o.startedBy))))));
  }
  el.append(sec);
  const audit = h("section", { id: "audit" }, h("h2", {}, "Audit"), reportButtons(r.id));
  el.append(audit);
  if (!r.replayOf && !r.cacheHitOf && r.status !== "RUNNING") {
    const who = await gql("{ serverInfo { role serverReplay { enabled role allowed reason } } }");
    const sr = who.serverInfo.serverReplay;
    if (sr.allowed) audit.append(replayButton(r.id));
    else audit.append(h("p", { class: "muted", id: "replay-unavailable" }, "Replay on the server: not available — " + (sr.reason || "off") + ". Replay locally: ", h("code", {}, "provenant replay-run " + r.id)));
  }
  if (r.status === "RUNNING") watchRunning(el, r);
}

/** While a run is RUNNING: polls its status every few seconds and redraws the page once it ends. */
function watchRunning(el, r) {
  const note = h("p", { id: "live", class: "muted", role: "status" }, "Running — the status is checked every 3 s; the log and outputs arrive when the run ends.");
  el.prepend(note);
  const hash = location.hash;
  const started = Date.now();
  const timer = setInterval(async () => {
    if (location.hash !== hash || (!el.isConnected && Date.now() - started > 10000)) {
      clearInterval(timer);
      return;
    }
    try {
      const d = await gql(`query($id: ID!) { run(id: $id) { status } }`, { id: r.id });
      if (!d.run || d.run.status === "RUNNING") {
        note.textContent = "Running — last checked " + new Date().toLocaleTimeString() + "; the log and outputs arrive when the run ends.";
        return;
      }
      clearInterval(timer);
      if (location.hash === hash) render();
    } catch (e) {
      note.textContent = "Could not check the status: " + e.message;
    }
  }, 3000);
}

const MANIFEST = `query($d: String!) { manifest(digest: $d, first: 1000) { entryCount totalBytes entries { path digest sizeBytes type target } } }`;

/** The files of a code snapshot (a manifest): a list; choosing one shows its text. */
function snapshotBrowser(digest) {
  const box = h("div", { id: "snapshot" }, h("p", { class: "muted" }, "loading the snapshot's files…"));
  const viewer = h("pre", { id: "snapshot-file", class: "log", tabindex: 0, "aria-label": "file", hidden: true });
  gql(MANIFEST, { d: digest })
    .then((d) => {
      const m = d.manifest;
      if (!m) {
        box.replaceChildren(h("p", { class: "muted" }, "the snapshot " + short(digest) + " is not in the artifact store"));
        return;
      }
      const title = h("h3", { id: "snapshot-title" }, "");
      const show = async (e) => {
        viewer.hidden = false;
        title.textContent = e.path;
        viewer.textContent = "loading…";
        try {
          const { blob, partial } = await fetchArtifact(e.digest, 65536);
          const text = await blob.text();
          viewer.textContent = /\u0000/.test(text) ? "(binary file, " + bytes(e.sizeBytes) + "; download it)" : text + (partial ? "\n… (first 64 KiB)" : "");
        } catch (err) {
          viewer.textContent = err.message;
        }
      };
      const rows = m.entries.map((e) =>
        h("tr", { "data-path": e.path },
          h("td", {}, e.type === "SYMLINK" ? [e.path, " → ", e.target] : h("button", { type: "button", class: "linklike file", onclick: () => show(e) }, e.path)),
          h("td", { class: "num" }, bytes(e.sizeBytes)),
          h("td", {}, h("code", { title: e.digest }, short(e.digest))),
          h("td", {}, e.type === "SYMLINK" ? "" : downloadButton(e.digest, e.path.split("/").pop(), "Download"))));
      box.replaceChildren(
        h("h3", {}, "Files (" + m.entryCount + ", " + bytes(m.totalBytes) + ")" + (m.entryCount > m.entries.length ? ", the first " + m.entries.length : "")),
        h("table", { class: "files" }, h("caption", { class: "sr-only" }, "snapshot files"), h("thead", {}, h("tr", {}, ["Path", "Size", "Digest", ""].map((t) => h("th", { scope: "col" }, t)))), h("tbody", {}, rows)),
        title,
        viewer,
      );
    })
    .catch((e) => box.replaceChildren(h("p", { class: "muted" }, "cannot list the snapshot: " + e.message)));
  return box;
}

const SAME_NAME = `query($name: String!) { runs(first: 50, name: $name, sort: STARTED_AT, descending: true) { edges { node { id startedAt status replayOf cacheHitOf } } } }`;
const ENV_DIFF = `query($a: ID!, $b: ID!) { diffRuns(a: $a, b: $b) { environment { key a b } } }`;

/** Environment drift against another run (by default the previous run of the same name). */
async function driftPanel(r) {
  const panel = h("div", { id: "drift" });
  const others = (await gql(SAME_NAME, { name: r.name })).runs.edges.map((e) => e.node).filter((o) => o.id !== r.id);
  if (!others.length) {
    panel.append(h("p", { class: "muted" }, "Drift: no other run named " + r.name + " to compare with (Compare in the runs table picks any two)."));
    return panel;
  }
  const previous = others.find((o) => o.startedAt < r.startedAt) || others[0];
  const select = h("select", { id: "drift-against", "aria-label": "compare the environment with" },
    others.map((o) => h("option", { value: o.id, selected: o.id === previous.id ? "" : null }, time(o.startedAt) + " " + short(o.id) + " " + o.status.toLowerCase() + (o.replayOf ? " (replay)" : o.cacheHitOf ? " (cache hit)" : "") + (o.id === previous.id ? " — previous" : ""))));
  const out = h("div", { id: "drift-result" });
  const show = async () => {
    out.replaceChildren(h("p", { class: "muted" }, "comparing…"));
    const d = await gql(ENV_DIFF, { a: select.value, b: r.id });
    const list = d.diffRuns ? d.diffRuns.environment : [];
    if (!list.length) {
      out.replaceChildren(h("p", { class: "ok", id: "drift-none" }, "✓ no drift: the same environment"));
      return;
    }
    const kind = (c) => (c.a == null ? "added" : c.b == null ? "removed" : "changed");
    out.replaceChildren(h("table", {}, h("caption", { class: "sr-only" }, "environment drift"),
      h("thead", {}, h("tr", {}, ["Property", "Drift", "Other run", "This run"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, list.map((c) => h("tr", { "data-key": c.key, "data-drift": kind(c) }, h("th", { scope: "row" }, c.key), h("td", {}, kind(c)), textDiff(c.a, c.b))))),
      h("p", {}, link("diff", { a: select.value, b: r.id }, "Compare every dimension")));
  };
  select.addEventListener("change", () => show().catch((e) => out.replaceChildren(h("p", { class: "bad" }, e.message))));
  panel.append(h("h3", {}, "Drift against another run"), h("label", {}, "Run named " + r.name + ": ", select), out);
  await show();
  return panel;
}

/** Asks the server to replay a run (where server-side replay is enabled) and follows the job. */
function replayButton(runId) {
  const note = h("span", { class: "verify", "aria-live": "polite" });
  const b = h("button", { type: "button", id: "replay" }, "Replay on the server");
  b.addEventListener("click", async () => {
    b.disabled = true;
    note.className = "verify";
    note.textContent = "queued…";
    try {
      const d = await gql(`mutation($i: ReplayRunInput!) { replayRun(input: $i) { job { id status } errors { code message } } }`, { i: { runId } });
      const p = d.replayRun;
      if (p.errors.length) throw new Error(p.errors.map((e) => e.message).join("; "));
      let job = p.job;
      while (job.status === "QUEUED" || job.status === "RUNNING") {
        note.textContent = job.status.toLowerCase() + "…";
        await new Promise((r) => setTimeout(r, 2000));
        job = (await gql(`query($id: ID!) { replayJob(id: $id) { id status verdict replayRunId output } }`, { id: job.id })).replayJob;
      }
      note.replaceChildren(job.status.toLowerCase(), " ", job.verdict ? verdict(job.verdict) : "", " ", job.replayRunId ? link("run", { id: job.replayRunId }, "the replay") : job.output || "");
    } catch (e) {
      note.className = "verify bad";
      note.textContent = e.message;
    } finally {
      b.disabled = false;
    }
  });
  return h("div", { class: "toolbar" }, b, note);
}

// ------------------------------------------------------------------------------------------ diff

const DIFF = `query($a: ID!, $b: ID!) { diffRuns(a: $a, b: $b) { runA runB identical
  code { key a b } environment { key a b } inputs { key a b } parameters { key a b } outputs { key a b } metrics { key a b } command { key a b } }
  ra: run(id: $a) { id name status startedAt } rb: run(id: $b) { id name status startedAt } }`;

/** Marks where two strings differ (common prefix and suffix kept plain). */
function textDiff(a, b) {
  if (a === null || a === undefined || b === null || b === undefined) return [h("td", {}, a ?? h("em", {}, "absent")), h("td", {}, b ?? h("em", {}, "absent"))];
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  let j = 0;
  while (j < a.length - i && j < b.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j++;
  const cell = (s, cls) => h("td", {}, s.slice(0, i), h(cls, {}, s.slice(i, s.length - j)), s.slice(s.length - j));
  return [cell(a, "del"), cell(b, "ins")];
}

async function diffPage(el, p) {
  el.dataset.title = "Diff";
  const a = p.get("a");
  const b = p.get("b");
  if (!a || !b) throw new Error("pick two runs in the runs table to compare them");
  const d = await gql(DIFF, { a, b });
  if (!d.diffRuns) throw new Error("unknown run");
  const x = d.diffRuns;
  el.append(h("h1", {}, "Compare runs"));
  el.append(h("table", { class: "kv" }, h("tbody", {},
    h("tr", {}, h("th", { scope: "row" }, "A"), h("td", {}, link("run", { id: d.ra.id }, d.ra.name + " " + short(d.ra.id)), " ", status(d.ra.status), " ", time(d.ra.startedAt))),
    h("tr", {}, h("th", { scope: "row" }, "B"), h("td", {}, link("run", { id: d.rb.id }, d.rb.name + " " + short(d.rb.id)), " ", status(d.rb.status), " ", time(d.rb.startedAt))))));
  if (x.identical) el.append(h("p", { class: "ok", id: "identical" }, "✓ Identical in code, environment, inputs, parameters, outputs, metrics and command."));
  for (const [key, title] of [["code", "Code"], ["environment", "Environment"], ["inputs", "Inputs"], ["parameters", "Parameters"], ["outputs", "Outputs"], ["metrics", "Metrics"], ["command", "Command"]]) {
    const list = x[key];
    const sec = h("section", { class: "diff", "data-dimension": key }, h("h2", {}, title, " ", h("span", { class: list.length ? "badge bad" : "badge ok" }, list.length ? list.length + " differ" : "same")));
    if (list.length) sec.append(h("table", {}, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "What"), h("th", { scope: "col" }, "A"), h("th", { scope: "col" }, "B"))), h("tbody", {}, list.map((c) => h("tr", {}, h("th", { scope: "row" }, c.key), textDiff(c.a, c.b))))));
    el.append(sec);
  }
}

// ---------------------------------------------------------------------------------------- models

const MODELS = `query($after: String) { modelVersions(first: 200, after: $after) { edges { node { id name version stage runId digest sizeBytes
  registeredBy registeredAt description reproducibility { score runs reproduced } transitions { from to at principal reason } } }
  pageInfo { hasNextPage endCursor } } }`;

function stage(st) {
  return h("span", { class: "stage stage-" + st }, st);
}

function score(r) {
  return r && r.score !== null && r.score !== undefined ? `${Math.round(r.score * 100)}% (${r.reproduced}/${r.runs})` : "—";
}

async function modelsPage(el) {
  el.dataset.title = "Models";
  const d = await gql(MODELS, {});
  const byName = new Map();
  for (const e of d.modelVersions.edges) {
    const m = e.node;
    if (!byName.has(m.name)) byName.set(m.name, []);
    byName.get(m.name).push(m);
  }
  el.append(h("h1", {}, "Models"));
  if (!byName.size) el.append(h("p", { class: "muted" }, "No model registered yet (provenant model register)."));
  for (const [name, versions] of [...byName].sort()) {
    el.append(h("section", { class: "model", "data-model": name }, h("h2", {}, name),
      h("table", {}, h("thead", {}, h("tr", {}, ["Version", "Stage", "Registered", "By", "From run", "Digest", "Reproducibility", "Last transition"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, versions.reverse().map((m) => {
          const last = m.transitions[m.transitions.length - 1];
          return h("tr", {}, h("td", {}, link("model", { id: m.id }, m.version)), h("td", {}, stage(m.stage)), h("td", {}, time(m.registeredAt)), h("td", {}, m.registeredBy), h("td", {}, nodeLink(m.runId)), h("td", {}, h("code", { title: m.digest }, short(m.digest))), h("td", {}, score(m.reproducibility)), h("td", {}, last ? `${last.from} → ${last.to}: ${last.reason} (${last.principal})` : "—"));
        })))));
  }
}

async function modelPage(el, p) {
  const id = p.get("id");
  const d = await gql(`query($id: ID!) { modelVersion(id: $id) { id name version stage runId outputName digest sizeBytes description registeredBy registeredAt
    reproducibility { score runs reproduced notReproduced } transitions { from to reason principal at } } }`, { id });
  const m = d.modelVersion;
  if (!m) throw new Error("no model version " + id);
  el.dataset.title = m.id;
  el.append(h("h1", {}, m.id, " ", stage(m.stage)), h("div", { class: "toolbar" }, link("lineage", { node: m.id }, "Lineage", { class: "button secondary" }), link("models", {}, "All models", { class: "button secondary" })));
  el.append(h("section", {}, h("h2", {}, "Version"), kvTable([
    ["Description", m.description || "—"],
    ["From run", [nodeLink(m.runId), " output ", h("code", {}, m.outputName)]],
    ["Artifact", [h("code", { title: m.digest }, short(m.digest)), " ", bytes(m.sizeBytes), " ", downloadButton(m.digest, m.outputName.split("/").pop(), "Download")]],
    ["Registered", [time(m.registeredAt), " by ", m.registeredBy]],
    ["Reproducibility", score(m.reproducibility)],
  ])));
  el.append(h("section", { id: "transitions" }, h("h2", {}, "Stage transitions"), m.transitions.length
    ? h("table", {}, h("thead", {}, h("tr", {}, ["When", "Who", "From", "To", "Why"].map((t) => h("th", { scope: "col" }, t)))), h("tbody", {}, m.transitions.map((t) => h("tr", {}, h("td", {}, time(t.at)), h("td", {}, t.principal), h("td", {}, stage(t.from)), h("td", {}, stage(t.to)), h("td", {}, t.reason)))))
    : h("p", { class: "muted" }, "none: still in " + m.stage)));
  el.append(h("section", {}, h("h2", {}, "Audit"), reportButtons(m.id)));
}

// ---------------------------------------------------------------------------------------- search

async function searchPage(el, p) {
  const q = (p.get("q") || "").trim();
  el.dataset.title = "Search";
  el.append(h("h1", {}, "Search"));
  if (!q) {
    el.append(h("p", { class: "muted" }, "Type a name, an id prefix (run:3f0c, model:churn@) or a digest prefix (sha256:ab12) in the search box."));
    return;
  }
  const d = await gql(`query($q: String!) { search(text: $q, first: 50) { id kind label matched recordedAt } }`, { q });
  el.append(h("p", { role: "status" }, d.search.length + " found for “" + q + "”"));
  if (d.search.length) {
    el.append(h("table", { id: "search-results" }, h("thead", {}, h("tr", {}, ["Kind", "Id", "Label", "Matched by", "Recorded"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, d.search.map((x) => h("tr", { "data-id": x.id }, h("td", {}, x.kind.replace("_", " ").toLowerCase()), h("td", {}, nodeLink(x.id, x.id.length > 40 ? short(x.id) : x.id)), h("td", {}, x.label || ""), h("td", {}, x.matched.replace("_", " ").toLowerCase()), h("td", {}, time(x.recordedAt)))))));
  }
}

// ---------------------------------------------------------------------------------------- ledger

async function ledgerPage(el) {
  el.dataset.title = "Ledger";
  const d = await gql(`{ ledger { keyId algorithm head { length position hash updatedAt }
    latestCheckpoint { length position headHash signedAt keyId signatureValid }
    lastVerification { ok startedAt finishedAt eventsChecked chainLength headPosition pendingEvents checkpointsChecked artifactsChecked artifactsReferenced } } }`);
  const l = d.ledger;
  el.append(h("h1", {}, "Ledger"), h("p", {}, "Every event is chained by hash; checkpoints of the chain's head are signed (" + l.algorithm + ", key " + l.keyId + ")."));
  el.append(h("section", {}, h("h2", {}, "Chain head"), kvTable([["Events chained", l.head.length], ["Up to event position", l.head.position], ["Head hash", h("code", {}, l.head.hash)], ["Updated", time(l.head.updatedAt)]])));
  const c = l.latestCheckpoint;
  el.append(h("section", {}, h("h2", {}, "Latest signed checkpoint"), c ? kvTable([["Covers events", c.length], ["Up to position", c.position], ["Signed", time(c.signedAt)], ["Signature", c.signatureValid ? h("span", { class: "ok" }, "✓ valid") : h("span", { class: "bad" }, "✗ invalid")]]) : h("p", { class: "muted" }, "none yet")));
  const v = l.lastVerification;
  el.append(h("section", {}, h("h2", {}, "Last verification"), v ? kvTable([["Result", v.ok ? h("span", { class: "ok" }, "✓ verified") : h("span", { class: "bad" }, "✗ failed")], ["Verified up to position", v.headPosition], ["Events checked", v.eventsChecked], ["Checkpoints checked", v.checkpointsChecked], ["Artifacts read back", v.artifactsChecked + " of " + v.artifactsReferenced], ["Not yet chained", v.pendingEvents], ["When", time(v.finishedAt)]]) : h("p", { class: "muted" }, "never: provenant verify")));
}

// last: every page's constants above are initialised by now
render();
