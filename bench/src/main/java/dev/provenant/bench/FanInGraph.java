package dev.provenant.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The lineage suite's second graph shape: feature joins with wide fan-in, where upstream cones
 * overlap and the number of paths grows exponentially with depth while the number of nodes grows
 * linearly.
 *
 * <p>Level 0 holds {@code width} raw dataset versions with their content. Each of the {@code levels}
 * levels above holds {@code width} runs; a run consumes {@code minInputs..maxInputs} distinct
 * artifacts, each from one of the previous 1–{@code span} levels (uniformly), runs with one of 4
 * code snapshots and one of 2 environments, and produces 1–2 artifacts. The start nodes of the
 * bench are the outputs of the top level. Digests look like real ones (64 random-looking hex
 * digits): ids that share a long prefix make the engine's per-level tie-break (edges of one event
 * ordered by id) compare dozens of characters per pair, which real digests do not; the ML shape's
 * digests (48 leading zeros) never collide with them.
 */
final class FanInGraph extends LineageBench.GraphRows {

    final int levels;
    final int width;
    int runs;

    /** The outputs of the top level: the deepest nodes, where the queries start. */
    final List<String> top = new ArrayList<>();

    // upstream adjacency (node -> the nodes of its in-edges), for the path counts
    private final Map<String, List<String>> in = new HashMap<>();
    private final List<String> order = new ArrayList<>(); // every node in creation order (a topological order)

    FanInGraph(int levels, int width, int minInputs, int maxInputs, int span, Random r) {
        super(null);
        if (levels < 1 || width < 1 || minInputs < 1 || maxInputs < minInputs || span < 1) {
            throw new IllegalArgumentException("fan-in graph: levels, width, span >= 1 and 1 <= min <= max inputs");
        }
        this.levels = levels;
        this.width = width;
        String[] code = new String[4];
        for (int i = 0; i < code.length; i++) {
            code[i] = artifact();
            node(code[i], "CODE_SNAPSHOT", "features" + i, "{\"commit\": \"fe" + i + "\", \"dirty\": \"false\"}");
        }
        String[] env = new String[2];
        for (int i = 0; i < env.length; i++) {
            env[i] = artifact();
            node(env[i], "ENVIRONMENT", "environment", "{\"os\": \"Linux\", \"python\": \"3.12\"}");
        }
        List<List<String>> outputs = new ArrayList<>();
        outputs.add(rawDatasets("fanin-raw", width));
        for (int level = 1; level <= levels; level++) {
            List<String> produced = new ArrayList<>();
            for (int k = 0; k < width; k++) {
                String run = "run:fanin-l" + level + "-" + k;
                node(run, "RUN", "join" + level, "{\"name\": \"join" + level + "\"}");
                int inputs = minInputs + r.nextInt(maxInputs - minInputs + 1);
                Set<String> consumed = new HashSet<>();
                for (int tries = 0; consumed.size() < inputs && tries < inputs * 20; tries++) {
                    int back = 1 + r.nextInt(Math.min(span, level));
                    List<String> from = outputs.get(level - back);
                    String a = from.get(r.nextInt(from.size()));
                    if (consumed.add(a)) {
                        edge(a, run, "CONSUMED");
                    }
                }
                edge(code[r.nextInt(code.length)], run, "RAN_CODE");
                edge(env[r.nextInt(env.length)], run, "RAN_IN_ENV");
                int outs = 1 + (r.nextInt(4) == 0 ? 1 : 0);
                for (int o = 0; o < outs; o++) {
                    String a = artifact();
                    node(a, "ARTIFACT", "features" + o, "{\"sizeBytes\": \"" + r.nextInt(1 << 20) + "\"}");
                    edge(run, a, "PRODUCED");
                    produced.add(a);
                }
                runs++;
                position++;
            }
            outputs.add(produced);
        }
        top.addAll(outputs.get(levels));
        flush(true);
    }

    @Override
    void added(String id, String kind) {
        order.add(id);
        in.put(id, new ArrayList<>());
    }

    @Override
    void edge(String from, String to, String type) {
        super.edge(from, to, type);
        in.get(to).add(from);
    }

    /**
     * Upstream paths from every node within {@code depth} hops, counting the empty path: exactly
     * the rows a {@code UNION ALL} recursive walk from that node produces. Saturates at {@link
     * Long#MAX_VALUE}.
     */
    Map<String, Long> paths(int depth) {
        Map<String, Long> prev = new HashMap<>();
        for (String v : order) {
            prev.put(v, 1L);
        }
        for (int d = 1; d <= depth; d++) {
            Map<String, Long> cur = new HashMap<>(prev.size() * 2);
            boolean changed = false;
            for (String v : order) {
                long p = 1;
                for (String u : in.get(v)) {
                    p = saturatedAdd(p, prev.get(u));
                }
                cur.put(v, p);
                changed |= p != prev.get(v);
            }
            prev = cur;
            if (!changed) {
                break; // a DAG: no path is longer than its longest one
            }
        }
        return prev;
    }

    private static long saturatedAdd(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
    }

    /** Longest upstream path from {@code node}, in hops. */
    int height(String node) {
        Map<String, Integer> h = new HashMap<>();
        for (String v : order) {
            int best = 0;
            for (String u : in.get(v)) {
                best = Math.max(best, h.get(u) + 1);
            }
            h.put(v, best);
        }
        return h.get(node);
    }
}
