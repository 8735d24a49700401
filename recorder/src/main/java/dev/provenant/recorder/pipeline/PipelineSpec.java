package dev.provenant.recorder.pipeline;

import dev.provenant.recorder.client.CliException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A pipeline file: a DAG of steps. Dependencies are the union of {@code depends_on} and "this
 * step reads what that step writes".
 *
 * <pre>
 * name: churn
 * steps:
 *   - name: prepare
 *     command: [java, steps/Prepare.java]
 *     inputs: [data/raw.csv]
 *     outputs: [data/train.csv]
 *     params: {seed: "7"}
 *     retries: 2            # extra attempts after a failure, with backoff (default 0)
 *     depends_on: [ingest]  # optional
 * </pre>
 */
public record PipelineSpec(String name, List<Step> steps) {

    /** One step. */
    public record Step(
            String name,
            List<String> command,
            List<String> inputs,
            List<String> outputs,
            Map<String, String> params,
            int retries,
            Set<String> dependsOn) {}

    public static PipelineSpec load(Path file) {
        Object root;
        try (Reader r = Files.newBufferedReader(file)) {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(10);
            options.setCodePointLimit(4 * 1024 * 1024);
            root = new Yaml(new SafeConstructor(options)).load(r);
        } catch (IOException e) {
            throw new CliException(1, "cannot read pipeline " + file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new CliException(2, "pipeline " + file + " is not valid YAML: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new CliException(2, "pipeline " + file + ": expected a mapping with 'name' and 'steps'");
        }
        String name = String.valueOf(map.containsKey("name") ? map.get("name") : file.getFileName());
        if (!(map.get("steps") instanceof List<?> rawSteps) || rawSteps.isEmpty()) {
            throw new CliException(2, "pipeline " + file + ": 'steps' must be a non-empty list");
        }
        List<Step> steps = new ArrayList<>();
        Map<String, String> producer = new HashMap<>();
        for (Object o : rawSteps) {
            if (!(o instanceof Map<?, ?> s)) {
                throw new CliException(2, "pipeline " + file + ": every step must be a mapping");
            }
            String stepName = required(s, "name", file);
            List<String> command = strings(s.get("command"), stepName, "command");
            if (command.isEmpty()) {
                throw new CliException(2, "step '" + stepName + "': 'command' is required (a list of arguments)");
            }
            Map<String, String> params = new LinkedHashMap<>();
            if (s.get("params") instanceof Map<?, ?> p) {
                p.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
            }
            int retries = s.get("retries") instanceof Number n ? n.intValue() : 0;
            if (retries < 0 || retries > 10) {
                throw new CliException(2, "step '" + stepName + "': retries must be between 0 and 10");
            }
            Step step = new Step(
                    stepName,
                    command,
                    strings(s.get("inputs"), stepName, "inputs"),
                    strings(s.get("outputs"), stepName, "outputs"),
                    params,
                    retries,
                    new LinkedHashSet<>(strings(s.get("depends_on"), stepName, "depends_on")));
            if (steps.stream().anyMatch(x -> x.name().equals(stepName))) {
                throw new CliException(2, "pipeline " + file + ": two steps are named '" + stepName + "'");
            }
            for (String out : step.outputs()) {
                String other = producer.put(out, stepName);
                if (other != null) {
                    throw new CliException(
                            2, "output '" + out + "' is written by both '" + other + "' and '" + stepName + "'");
                }
            }
            steps.add(step);
        }
        List<Step> resolved = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        steps.forEach(s -> names.add(s.name()));
        for (Step s : steps) {
            Set<String> deps = new LinkedHashSet<>(s.dependsOn());
            for (String in : s.inputs()) {
                String p = producer.get(in);
                if (p != null && !p.equals(s.name())) {
                    deps.add(p);
                }
            }
            for (String d : deps) {
                if (!names.contains(d)) {
                    throw new CliException(2, "step '" + s.name() + "' depends on unknown step '" + d + "'");
                }
            }
            resolved.add(new Step(s.name(), s.command(), s.inputs(), s.outputs(), s.params(), s.retries(), deps));
        }
        PipelineSpec spec = new PipelineSpec(name, resolved);
        spec.order(); // rejects cycles
        return spec;
    }

    /** Steps in an order where every step comes after its dependencies; throws on a cycle. */
    public List<Step> order() {
        List<Step> ordered = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        List<Step> pending = new ArrayList<>(steps);
        while (!pending.isEmpty()) {
            Step next = pending.stream()
                    .filter(s -> done.containsAll(s.dependsOn()))
                    .findFirst()
                    .orElseThrow(() -> new CliException(
                            2,
                            "pipeline '" + name + "' has a dependency cycle among "
                                    + pending.stream().map(Step::name).toList()));
            ordered.add(next);
            done.add(next.name());
            pending.remove(next);
        }
        return ordered;
    }

    private static String required(Map<?, ?> m, String key, Path file) {
        Object v = m.get(key);
        if (v == null || String.valueOf(v).isBlank()) {
            throw new CliException(2, "pipeline " + file + ": a step has no '" + key + "'");
        }
        return String.valueOf(v);
    }

    private static List<String> strings(Object v, String step, String field) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            List<String> out = new ArrayList<>();
            l.forEach(x -> out.add(String.valueOf(x)));
            return out;
        }
        if (v instanceof String s) {
            return List.of(s);
        }
        throw new CliException(2, "step '" + step + "': '" + field + "' must be a list");
    }
}
