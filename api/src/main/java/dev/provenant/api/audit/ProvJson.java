package dev.provenant.api.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report as W3C PROV-JSON (https://www.w3.org/submissions/prov-json/): dataset versions,
 * artifacts, code snapshots, environments and model versions are entities; runs are activities;
 * principals are agents. Node ids are already qualified names ({@code run:…}, {@code dataset:…},
 * {@code model:…}, {@code sha256:…}); each prefix is declared.
 *
 * <ul>
 *   <li>used: a run used its inputs, its code snapshot and its environment ({@code prov:role})
 *   <li>wasGeneratedBy: exactly one per entity, by its origin: the first run that produced those
 *       bytes. A later run that produced them again (cache hit, replay, re-execution) is a
 *       confirmation, never a second generation
 *   <li>wasDerivedFrom: each output from each input of the run that generated it ({@code
 *       prov:activity}); a model version from the artifact it was registered from
 *   <li>specializationOf: a dataset version of its content, a model version of its artifact
 *   <li>wasAssociatedWith: a run with who started it; wasAttributedTo: dataset and model versions
 *       to who registered them
 *   <li>wasInformedBy: a confirmation (an activity with {@code provenant:confirmationKind} and, for
 *       a replay, {@code provenant:verdict}) by the origin of each artifact it reproduced and by the
 *       run it replayed or reused; a closure run whose output an earlier run generated, by that run
 * </ul>
 */
final class ProvJson {

    static final String NS = "https://provenant.dev/ns/prov#";
    static final String ID = "https://provenant.dev/id/";

    private final Map<String, Object> doc = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> entities = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> activities = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> agents = new LinkedHashMap<>();
    private final Map<String, Map<String, Map<String, Object>>> relations = new LinkedHashMap<>();
    private final Map<String, Integer> counters = new LinkedHashMap<>();
    private final Map<String, String> generatedBy = new LinkedHashMap<>();

    static Map<String, Object> of(AuditReport r) {
        return new ProvJson().build(r);
    }

    /** The sections in a fixed order: every map keeps insertion order, so the JSON is reproducible. */
    private Map<String, Object> build(AuditReport r) {
        doc.put("prefix", prefixes());
        nodes(r.nodes());
        r.datasets().forEach(this::dataset);
        r.code().forEach(this::code);
        r.environments().forEach(this::environment);
        for (AuditReport.Artifact a : r.artifacts()) {
            if (a.sizeBytes() != null) {
                entity(a.digest()).put("provenant:sizeBytes", typed(a.sizeBytes(), "xsd:long"));
            }
        }
        r.runs().forEach(run -> run(run, r.origins()));
        r.models().forEach(this::model);
        r.edges().forEach(this::edge);
        r.confirmations().forEach(this::confirmation);
        if (!entities.isEmpty()) {
            doc.put("entity", entities);
        }
        if (!activities.isEmpty()) {
            doc.put("activity", activities);
        }
        if (!agents.isEmpty()) {
            doc.put("agent", agents);
        }
        doc.putAll(relations);
        return doc;
    }

    private static Map<String, String> prefixes() {
        Map<String, String> prefix = new LinkedHashMap<>();
        prefix.put("provenant", NS);
        prefix.put("run", ID + "run/");
        prefix.put("dataset", ID + "dataset/");
        prefix.put("model", ID + "model/");
        prefix.put("sha256", ID + "sha256/");
        prefix.put("agent", ID + "agent/");
        prefix.put("xsd", "http://www.w3.org/2001/XMLSchema#");
        return prefix;
    }

    /** Runs of the closure are activities, every other node an entity typed by its kind. */
    private void nodes(List<AuditReport.GraphNode> nodes) {
        for (AuditReport.GraphNode n : nodes) {
            if (n.kind().equals("RUN")) {
                Map<String, Object> a = activity(n.id());
                a.put("prov:label", n.label());
            } else {
                Map<String, Object> e = entity(n.id());
                e.put("prov:type", qname("provenant:" + typeName(n.kind())));
                if (n.label() != null) {
                    e.put("prov:label", n.label());
                }
            }
        }
    }

    private void dataset(AuditReport.Dataset d) {
        Map<String, Object> e = entity(d.id());
        e.put("provenant:contentDigest", d.contentDigest());
        e.put("provenant:sizeBytes", typed(d.sizeBytes(), "xsd:long"));
        if (d.sourceUri() != null) {
            e.put("provenant:sourceUri", typed(d.sourceUri(), "xsd:anyURI"));
        }
        e.put("provenant:registeredAt", typed(d.registeredAt().toString(), "xsd:dateTime"));
        relation("wasAttributedTo", "prov:entity", d.id(), "prov:agent", agent(d.registeredBy()));
    }

    private void code(AuditReport.Code c) {
        Map<String, Object> e = entity(c.snapshotDigest());
        putIfNotNull(e, "provenant:repository", c.repository());
        putIfNotNull(e, "provenant:commit", c.commit());
        putIfNotNull(e, "provenant:branch", c.branch());
        e.put("provenant:dirty", typed(c.dirty(), "xsd:boolean"));
    }

    private void environment(AuditReport.Environment env) {
        Map<String, Object> e = entity(env.digest());
        env.properties().forEach((k, v) -> e.put("provenant:env." + k, v));
    }

    /** A run: the activity, who started it, what it used, and what it generated (or reproduced). */
    private void run(AuditReport.Run run, Map<String, String> origins) {
        Map<String, Object> a = activity(run.id());
        a.put("prov:startTime", run.startedAt().toString());
        if (run.finishedAt() != null) {
            a.put("prov:endTime", run.finishedAt().toString());
        }
        a.put("prov:label", run.name());
        a.put("provenant:status", run.status());
        if (run.exitCode() != null) {
            a.put("provenant:exitCode", typed(run.exitCode(), "xsd:int"));
        }
        if (run.durationMillis() != null) {
            a.put("provenant:durationMillis", typed(run.durationMillis(), "xsd:long"));
        }
        run.parameters().forEach((k, v) -> a.put("provenant:param." + k, v));
        run.metrics().forEach((k, v) -> a.put("provenant:metric." + k, typed(v, "xsd:double")));
        relation("wasAssociatedWith", "prov:activity", run.id(), "prov:agent", agent(run.startedBy()));
        for (AuditReport.Io in : run.inputs()) {
            entity(in.digest());
            used(run.id(), in.digest(), in.name());
        }
        if (run.codeSnapshot() != null) {
            entity(run.codeSnapshot());
            used(run.id(), run.codeSnapshot(), "code");
        }
        if (run.environmentDigest() != null) {
            entity(run.environmentDigest());
            used(run.id(), run.environmentDigest(), "environment");
        }
        for (AuditReport.Io out : run.outputs()) {
            output(run, out, origins.getOrDefault(out.digest(), run.id()));
        }
        if (run.cacheHitOf() != null) {
            relation("wasInformedBy", "prov:informed", run.id(), "prov:informant", run.cacheHitOf());
        }
    }

    /**
     * An output of {@code run}: generated by it, derived from each of its inputs; or, when {@code
     * origin} generated the same bytes earlier, generated by the origin, which informed this run.
     */
    private void output(AuditReport.Run run, AuditReport.Io out, String origin) {
        entity(out.digest());
        if (!origin.equals(run.id())) {
            activity(origin);
            generated(out.digest(), origin);
            relation("wasInformedBy", "prov:informed", run.id(), "prov:informant", origin);
            return;
        }
        Map<String, Object> g = generated(out.digest(), run.id());
        if (g == null) {
            return;
        }
        g.put("prov:role", out.name());
        if (run.finishedAt() != null) {
            g.put("prov:time", run.finishedAt().toString());
        }
        for (AuditReport.Io in : run.inputs()) {
            Map<String, Object> d =
                    relation("wasDerivedFrom", "prov:generatedEntity", out.digest(), "prov:usedEntity", in.digest());
            d.put("prov:activity", run.id());
        }
    }

    private void model(AuditReport.Model m) {
        Map<String, Object> e = entity(m.id());
        e.put("provenant:digest", m.digest());
        e.put("provenant:sizeBytes", typed(m.sizeBytes(), "xsd:long"));
        e.put("provenant:stage", m.stage());
        e.put("provenant:registeredAt", typed(m.registeredAt().toString(), "xsd:dateTime"));
        entity(m.digest());
        Map<String, Object> d =
                relation("wasDerivedFrom", "prov:generatedEntity", m.id(), "prov:usedEntity", m.digest());
        d.put("prov:activity", m.runId());
        relation("specializationOf", "prov:specificEntity", m.id(), "prov:generalEntity", m.digest());
        relation("wasAttributedTo", "prov:entity", m.id(), "prov:agent", agent(m.registeredBy()));
    }

    /** The relations only the lineage edges carry (the rest came from the run and model sections). */
    private void edge(AuditReport.GraphEdge e) {
        switch (e.type()) {
            case "CONTENT" ->
                relation("specializationOf", "prov:specificEntity", e.from(), "prov:generalEntity", e.to());
            case "CONSUMED" -> {
                if (!hasRelation("used", "prov:activity", e.to(), "prov:entity", e.from())) {
                    used(e.to(), e.from(), null);
                }
            }
            case "PRODUCED" -> generated(e.to(), e.from());
            case "REPLAY_OF" -> {
                if (!hasRelation("wasInformedBy", "prov:informed", e.to(), "prov:informant", e.from())) {
                    relation("wasInformedBy", "prov:informed", e.to(), "prov:informant", e.from());
                }
            }
            case "PART_OF" -> relation("wasInfluencedBy", "prov:influencee", e.to(), "prov:influencer", e.from());
            default -> {
                // RAN_CODE, RAN_IN_ENV, REGISTERED_FROM, CACHE_HIT_OF come from the run and model sections
            }
        }
    }

    /** A confirmation, informed by the run it reused or replayed and by the origin of what it reproduced. */
    private void confirmation(AuditReport.Confirmation c) {
        Map<String, Object> a = activity(c.runId());
        a.put("prov:startTime", c.startedAt().toString());
        a.put("provenant:confirmationKind", c.kind());
        if (c.verdict() != null) {
            a.put("provenant:verdict", c.verdict());
        }
        for (AuditReport.Io io : c.reproduced()) {
            String origin = generatedBy.get(io.digest());
            if (origin != null && !origin.equals(c.runId())) {
                relation("wasInformedBy", "prov:informed", c.runId(), "prov:informant", origin);
            }
        }
        if (c.of() != null) {
            relation("wasInformedBy", "prov:informed", c.runId(), "prov:informant", c.of());
        }
    }

    /** wasGeneratedBy(entity, activity) unless the entity already has its (one) generation; null then. */
    private Map<String, Object> generated(String entity, String activity) {
        if (generatedBy.putIfAbsent(entity, activity) != null) {
            return null;
        }
        return relation("wasGeneratedBy", "prov:entity", entity, "prov:activity", activity);
    }

    private Map<String, Object> entity(String id) {
        return entities.computeIfAbsent(id, k -> new LinkedHashMap<>());
    }

    private Map<String, Object> activity(String id) {
        entities.remove(id);
        return activities.computeIfAbsent(id, k -> new LinkedHashMap<>());
    }

    private String agent(String principal) {
        String id = "agent:" + (principal == null ? "unknown" : principal.replaceAll("[^A-Za-z0-9._@-]", "_"));
        agents.computeIfAbsent(id, k -> {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("prov:type", qname("prov:Person"));
            a.put("prov:label", principal == null ? "unknown" : principal);
            return a;
        });
        return id;
    }

    private void used(String run, String entity, String role) {
        Map<String, Object> u = relation("used", "prov:activity", run, "prov:entity", entity);
        if (role != null) {
            u.put("prov:role", role);
        }
    }

    private Map<String, Object> relation(String kind, String k1, String v1, String k2, String v2) {
        Map<String, Map<String, Object>> byId = relations.computeIfAbsent(kind, k -> new LinkedHashMap<>());
        for (Map<String, Object> existing : byId.values()) {
            if (v1.equals(existing.get(k1)) && v2.equals(existing.get(k2)) && !kind.equals("wasDerivedFrom")) {
                return existing;
            }
        }
        int n = counters.merge(kind, 1, Integer::sum);
        Map<String, Object> rel = new LinkedHashMap<>();
        rel.put(k1, v1);
        rel.put(k2, v2);
        byId.put("_:" + abbreviation(kind) + n, rel);
        return rel;
    }

    private boolean hasRelation(String kind, String k1, String v1, String k2, String v2) {
        return relations.getOrDefault(kind, Map.of()).values().stream()
                .anyMatch(m -> v1.equals(m.get(k1)) && v2.equals(m.get(k2)));
    }

    private static String abbreviation(String kind) {
        return switch (kind) {
            case "used" -> "u";
            case "wasGeneratedBy" -> "g";
            case "wasDerivedFrom" -> "d";
            case "wasAssociatedWith" -> "a";
            case "wasAttributedTo" -> "t";
            case "wasInformedBy" -> "i";
            case "specializationOf" -> "s";
            default -> "r";
        };
    }

    private static String typeName(String kind) {
        return switch (kind) {
            case "DATASET_VERSION" -> "DatasetVersion";
            case "CODE_SNAPSHOT" -> "CodeSnapshot";
            case "ENVIRONMENT" -> "Environment";
            case "MODEL_VERSION" -> "ModelVersion";
            default -> "Artifact";
        };
    }

    private static Map<String, Object> qname(String q) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("$", q);
        m.put("type", "prov:QUALIFIED_NAME");
        return m;
    }

    private static Map<String, Object> typed(Object value, String type) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("$", value);
        m.put("type", type);
        return m;
    }

    private static void putIfNotNull(Map<String, Object> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
