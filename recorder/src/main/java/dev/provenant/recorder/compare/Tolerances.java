package dev.provenant.recorder.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The differences a replay may show and still be EQUIVALENT:
 *
 * <ul>
 *   <li>{@code metrics}: metric name → {@link Tolerance}; the key {@code *} applies to every
 *       metric without its own;
 *   <li>{@code outputs}: declared output name (a file, or a file inside a directory output, e.g.
 *       {@code out/preds.csv}) → numeric {@link Tolerance} for a CSV/TSV/JSON/JSONL output: numbers
 *       are compared within it, everything else exactly; {@code *} applies to every such output;
 *   <li>{@code ignoreJsonFields}: output name → JSON paths to leave out of the comparison ({@code
 *       $.timestamp}, {@code $.run.host}, {@code $.rows[*].ts}, {@code $..elapsed}); {@code *}
 *       applies to every JSON output.
 * </ul>
 *
 * <p>As YAML (a pipeline step's {@code tolerances:} key, or {@code replay-run --tolerances FILE}),
 * read by {@link #fromMap}:
 *
 * <pre>
 * metrics:
 *   rmse: {rel: 1e-9}
 *   "*": {abs: 1e-12}
 * outputs:
 *   out/preds.csv: {rel: 1e-6}
 * ignore_json_fields:
 *   out/metrics.json: [$.timestamp, $.host]
 * </pre>
 */
public record Tolerances(
        Map<String, Tolerance> metrics, Map<String, Tolerance> outputs, Map<String, List<String>> ignoreJsonFields) {

    /** Every key that applies to all metrics or outputs without their own entry. */
    public static final String ALL = "*";

    public static final Tolerances NONE = new Tolerances(Map.of(), Map.of(), Map.of());

    public Tolerances {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
        Map<String, List<String>> ignores = new TreeMap<>();
        if (ignoreJsonFields != null) {
            ignoreJsonFields.forEach((k, v) -> {
                for (String path : v) {
                    JsonPaths.parse(path); // refuse a bad path now, not at comparison time
                }
                ignores.put(k, List.copyOf(v));
            });
        }
        ignoreJsonFields = Map.copyOf(ignores);
    }

    public boolean isEmpty() {
        return metrics.isEmpty() && outputs.isEmpty() && ignoreJsonFields.isEmpty();
    }

    /** The tolerance for a metric, or null (bit-for-bit). */
    public Tolerance metric(String name) {
        return metrics.getOrDefault(name, metrics.get(ALL));
    }

    /**
     * The numeric tolerance for an output, or null (exact): its own entry, else that of the
     * directory output it is in, else {@code *}.
     */
    public Tolerance numeric(String outputName, String directoryOutput) {
        Tolerance t = outputs.get(outputName);
        if (t == null && directoryOutput != null) {
            t = outputs.get(directoryOutput);
        }
        return t != null ? t : outputs.get(ALL);
    }

    /** The JSON paths ignored in an output: its own, those of its directory output, and those of {@code *}. */
    public List<String> ignoredFields(String outputName, String directoryOutput) {
        List<String> paths = new ArrayList<>(ignoreJsonFields.getOrDefault(outputName, List.of()));
        if (directoryOutput != null) {
            paths.addAll(ignoreJsonFields.getOrDefault(directoryOutput, List.of()));
        }
        paths.addAll(ignoreJsonFields.getOrDefault(ALL, List.of()));
        return paths;
    }

    /** Whether anything (a numeric tolerance or ignored fields) applies to this output. */
    public boolean appliesTo(String outputName, String directoryOutput) {
        return numeric(outputName, directoryOutput) != null
                || !ignoredFields(outputName, directoryOutput).isEmpty();
    }

    /** These, with {@code other}'s entries added (and winning where both name the same key). */
    public Tolerances with(Tolerances other) {
        Map<String, Tolerance> m = new LinkedHashMap<>(metrics);
        m.putAll(other.metrics);
        Map<String, Tolerance> o = new LinkedHashMap<>(outputs);
        o.putAll(other.outputs);
        Map<String, List<String>> i = new LinkedHashMap<>(ignoreJsonFields);
        other.ignoreJsonFields.forEach((k, v) -> i.merge(k, v, (a, b) -> {
            List<String> all = new ArrayList<>(a);
            b.stream().filter(p -> !all.contains(p)).forEach(all::add);
            return all;
        }));
        return new Tolerances(m, o, i);
    }

    public Tolerances withMetric(String name, Tolerance t) {
        return with(new Tolerances(Map.of(name == null || name.isBlank() ? ALL : name, t), Map.of(), Map.of()));
    }

    public Tolerances withNumeric(String output, Tolerance t) {
        return with(new Tolerances(Map.of(), Map.of(output == null || output.isBlank() ? ALL : output, t), Map.of()));
    }

    public Tolerances withIgnoredField(String output, String jsonPath) {
        return with(new Tolerances(
                Map.of(), Map.of(), Map.of(output == null || output.isBlank() ? ALL : output, List.of(jsonPath))));
    }

    /**
     * Reads the YAML/JSON shape shown in the class comment ({@code metrics}, {@code outputs},
     * {@code ignore_json_fields}; {@code ignoreJsonFields} is accepted too). Unknown keys are
     * refused with a message naming them, so a typo does not silently compare exactly.
     */
    public static Tolerances fromMap(Map<?, ?> node) {
        if (node == null) {
            return NONE;
        }
        Map<String, Tolerance> metrics = new LinkedHashMap<>();
        Map<String, Tolerance> outputs = new LinkedHashMap<>();
        Map<String, List<String>> ignores = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : node.entrySet()) {
            String key = String.valueOf(e.getKey());
            switch (key) {
                case "metrics" -> tolerances(e.getValue(), "tolerances.metrics").forEach(metrics::put);
                case "outputs" -> tolerances(e.getValue(), "tolerances.outputs").forEach(outputs::put);
                case "ignore_json_fields", "ignoreJsonFields" -> {
                    if (!(e.getValue() instanceof Map<?, ?> m)) {
                        throw new IllegalArgumentException(
                                "tolerances." + key + ": expected a map of output name → list of JSON paths");
                    }
                    for (Map.Entry<?, ?> f : m.entrySet()) {
                        List<String> paths = new ArrayList<>();
                        if (f.getValue() instanceof List<?> l) {
                            l.forEach(p -> paths.add(String.valueOf(p)));
                        } else if (f.getValue() != null) {
                            paths.add(String.valueOf(f.getValue()));
                        }
                        for (String p : paths) {
                            try {
                                JsonPaths.parse(p);
                            } catch (IllegalArgumentException bad) {
                                throw new IllegalArgumentException(
                                        "tolerances." + key + "." + f.getKey() + ": " + bad.getMessage(), bad);
                            }
                        }
                        ignores.put(String.valueOf(f.getKey()), paths);
                    }
                }
                default ->
                    throw new IllegalArgumentException(
                            "tolerances: unknown key '" + key + "' (expected metrics, outputs, ignore_json_fields)");
            }
        }
        return new Tolerances(metrics, outputs, ignores);
    }

    /** Reads a YAML (or JSON) file of the {@link #fromMap} shape, e.g. for {@code replay-run --tolerances}. */
    public static Tolerances read(java.nio.file.Path file) throws java.io.IOException {
        org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        Object root;
        try (java.io.Reader r = java.nio.file.Files.newBufferedReader(file)) {
            root = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(options)).load(r);
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            return NONE;
        }
        if (!(root instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(
                    file + ": expected a map with metrics, outputs and/or ignore_json_fields");
        }
        Object inner = m.containsKey("tolerances") && m.size() == 1 ? m.get("tolerances") : m;
        if (!(inner instanceof Map<?, ?> t)) {
            throw new IllegalArgumentException(file + ": 'tolerances' must be a map");
        }
        try {
            return fromMap(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Tolerance> tolerances(Object node, String where) {
        if (!(node instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(where + ": expected a map of name → {rel: <number>} / {abs: <number>}");
        }
        Map<String, Tolerance> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), Tolerance.fromMap(v, where + "." + k)));
        return out;
    }

    /** One line per declared tolerance, for people. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        new TreeMap<>(metrics).forEach((k, v) -> lines.add("metric " + k + ": " + v));
        new TreeMap<>(outputs).forEach((k, v) -> lines.add("numbers in " + k + ": " + v));
        new TreeMap<>(ignoreJsonFields).forEach((k, v) -> lines.add("ignored in " + k + ": " + String.join(", ", v)));
        return lines;
    }
}
