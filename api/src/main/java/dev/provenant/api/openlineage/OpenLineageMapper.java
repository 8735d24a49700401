package dev.provenant.api.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.provenant.messages.common.InvalidTextException;
import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.common.TextRules;
import dev.provenant.messages.dataset.DatasetVersionId;
import dev.provenant.messages.dataset.RegisterDatasetVersionCommand;
import dev.provenant.messages.openlineage.OpenLineageSubjectId;
import dev.provenant.messages.openlineage.RecordOpenLineageRunEventCommand;
import dev.provenant.messages.openlineage.RecordOpenLineageStaticEventCommand;
import dev.provenant.messages.run.EnvironmentFingerprint;
import dev.provenant.messages.run.RunId;
import dev.provenant.messages.run.RunInput;
import dev.provenant.messages.run.RunOutput;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Validates an OpenLineage 2-0-x event and maps it to Provenant commands.
 *
 * <ul>
 *   <li>RunEvent → the run {@code run:<runId>}: job name → run name; parent run facet → pipeline
 *       grouping; processing_engine facet → environment; sourceCodeLocation job facet →
 *       {@code code.*} parameters; input/output datasets → dataset versions and the run's inputs
 *       and outputs.
 *   <li>Dataset (namespace, name) → {@code dataset:<namespace/name>@<version>}, version from the
 *       version facet, else derived from namespace, name and schema facet. Its digest is the
 *       SHA-256 of a canonical descriptor (OpenLineage carries no bytes).
 *   <li>DatasetEvent / JobEvent → kept verbatim; a DatasetEvent also registers the dataset version.
 * </ul>
 *
 * <p>Text rules (see {@link TextRules}): no string value or object key anywhere in the event may
 * hold U+0000 or an unpaired surrogate (facets are kept verbatim and PostgreSQL cannot store
 * either); names (job and dataset namespaces and names, run ids, producer, schemaURL, event time
 * and type, the facets that become parameters or environment facts) hold no control character at
 * all; the error message is free text. Lengths are bounded by what is stored from them: a run name
 * ({@code <namespace>.<name>}) at most {@value TextRules#RUN_NAME_MAX} characters, an input or
 * output name ({@code <namespace>/<name>}) at most {@value TextRules#NAME_MAX}, the subject of a
 * JobEvent or DatasetEvent at most {@value TextRules#AGGREGATE_ID_MAX}. A violation is an {@link
 * InvalidEventException} naming the JSON path, e.g. {@code job.name}.
 */
final class OpenLineageMapper {

    static final Set<String> EVENT_TYPES = Set.of("START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER");
    static final ObjectMapper CANONICAL =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /** A dataset as Provenant records it. */
    record DatasetRef(
            String displayName,
            DatasetVersionId id,
            String digest,
            byte[] descriptor,
            String schema,
            String sourceUri) {}

    /** Everything one event turns into. */
    record Mapped(
            String kind,
            String subjectId,
            List<DatasetRef> datasets,
            RecordOpenLineageRunEventCommand runCommand,
            RecordOpenLineageStaticEventCommand staticCommand) {

        List<RegisterDatasetVersionCommand> datasetCommands() {
            List<RegisterDatasetVersionCommand> out = new ArrayList<>();
            for (DatasetRef d : datasets) {
                out.add(RegisterDatasetVersionCommand.of(
                        d.id(),
                        Sha256Digest.parse(d.digest()),
                        d.descriptor().length,
                        d.sourceUri(),
                        "OpenLineage dataset",
                        d.schema()));
            }
            return out;
        }
    }

    private OpenLineageMapper() {}

    static Mapped map(JsonNode event, String rawJson) {
        if (!event.isObject()) {
            throw new InvalidEventException("$", "an OpenLineage event must be a JSON object");
        }
        try {
            requireStorable(event, "");
            Mapped mapped = mapChecked(event, rawJson);
            mapped.datasetCommands(); // built now so that a bad dataset rejects this event, not its batch
            return mapped;
        } catch (InvalidTextException e) {
            throw new InvalidEventException(e.field(), e.getMessage());
        } catch (IllegalArgumentException e) {
            // a rule of the commands that the checks above did not anticipate: still this event's fault
            throw new InvalidEventException("$", e.getMessage());
        }
    }

    private static Mapped mapChecked(JsonNode event, String rawJson) {
        String eventTimeText = requireText(event, "eventTime");
        Instant eventTime = parseTime(eventTimeText);
        String producer = requireText(event, "producer");
        requireText(event, "schemaURL");
        String digest = sha256(canonical(event));
        JsonNode run = event.get("run");
        JsonNode job = event.get("job");
        JsonNode dataset = event.get("dataset");
        if (run != null || (job != null && dataset == null && event.has("eventType"))) {
            return mapRunEvent(event, rawJson, eventTime, eventTimeText, producer, digest);
        }
        if (dataset != null) {
            DatasetRef d = dataset(dataset, "dataset");
            String subject = "openlineage:dataset:" + d.sourceUri();
            requireSubjectLength(subject, "dataset.name", "dataset.namespace and dataset.name");
            return new Mapped(
                    "DatasetEvent",
                    subject,
                    List.of(d),
                    null,
                    new RecordOpenLineageStaticEventCommand(
                            OpenLineageSubjectId.parse(subject),
                            Sha256Digest.parse(digest),
                            "DatasetEvent",
                            eventTimeText,
                            producer,
                            rawJson));
        }
        if (job != null) {
            String ns = requireText(job, "namespace", "job.namespace");
            String name = requireText(job, "name", "job.name");
            List<DatasetRef> datasets = new ArrayList<>();
            datasets.addAll(datasets(event.get("inputs"), "inputs"));
            datasets.addAll(datasets(event.get("outputs"), "outputs"));
            String subject = "openlineage:job:" + ns + "/" + name;
            requireSubjectLength(subject, "job.name", "job.namespace and job.name");
            return new Mapped(
                    "JobEvent",
                    subject,
                    datasets,
                    null,
                    new RecordOpenLineageStaticEventCommand(
                            OpenLineageSubjectId.parse(subject),
                            Sha256Digest.parse(digest),
                            "JobEvent",
                            eventTimeText,
                            producer,
                            rawJson));
        }
        throw new InvalidEventException(
                "run", "missing 'run' and 'job' (a RunEvent), 'dataset' (a DatasetEvent) or" + " 'job' (a JobEvent)");
    }

    private static Mapped mapRunEvent(
            JsonNode event, String rawJson, Instant eventTime, String eventTimeText, String producer, String digest) {
        JsonNode run = event.get("run");
        if (run == null || !run.isObject()) {
            throw new InvalidEventException("run", "'run' is required in a RunEvent");
        }
        String runIdText = runId(run);
        JsonNode job = event.get("job");
        if (job == null || !job.isObject()) {
            throw new InvalidEventException("job", "'job' is required in a RunEvent");
        }
        String ns = requireText(job, "namespace", "job.namespace");
        String name = requireText(job, "name", "job.name");
        checkRunNameLength(ns, name);
        String eventType = eventType(event);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("openlineage.job.namespace", ns);
        params.putAll(sourceCodeLocation(job));
        JsonNode facets = run.path("facets");
        EnvironmentFingerprint env = processingEngine(facets);
        String parent = parentRun(facets);
        String failure = facets.path("errorMessage").path("message").isTextual()
                ? TextRules.check(
                        "run.facets.errorMessage.message",
                        facets.path("errorMessage").path("message").asText(),
                        Integer.MAX_VALUE,
                        true)
                : null;
        List<DatasetRef> ins = datasets(event.get("inputs"), "inputs");
        List<DatasetRef> outs = datasets(event.get("outputs"), "outputs");
        List<DatasetRef> all = new ArrayList<>(ins);
        all.addAll(outs);
        String runId = "run:" + runIdText.toLowerCase();
        RecordOpenLineageRunEventCommand cmd = new RecordOpenLineageRunEventCommand(
                RunId.parse(runId),
                Sha256Digest.parse(digest),
                eventType,
                eventTime,
                eventTimeText,
                producer,
                ns + "." + name,
                RunId.parseOrNull(parent),
                params,
                env,
                ins.stream()
                        .map(d -> new RunInput(
                                d.displayName(), Sha256Digest.parse(d.digest()), d.descriptor().length, d.id()))
                        .toList(),
                outs.stream()
                        .map(d -> new RunOutput(
                                d.displayName(), Sha256Digest.parse(d.digest()), d.descriptor().length, "DATASET"))
                        .toList(),
                failure,
                rawJson);
        return new Mapped("RunEvent", runId, all, cmd, null);
    }

    /** {@code run.runId}, which must be a UUID. */
    private static String runId(JsonNode run) {
        String runIdText = requireText(run, "runId", "run.runId", 64);
        try {
            UUID.fromString(runIdText);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("run.runId", "run.runId '" + runIdText + "' is not a UUID");
        }
        return runIdText;
    }

    /** The run's name is {@code <namespace>.<name>}; it must fit a run name. */
    private static void checkRunNameLength(String ns, String name) {
        int runName = (ns + "." + name).codePointCount(0, ns.length() + 1 + name.length());
        if (runName > TextRules.RUN_NAME_MAX) {
            throw new InvalidEventException(
                    "job.name",
                    "job.name: job.namespace and job.name together are " + (runName - 1)
                            + " characters long; at most " + (TextRules.RUN_NAME_MAX - 1)
                            + " are allowed (the run's name is <namespace>.<name>)");
        }
    }

    /** {@code eventType}: one of {@link #EVENT_TYPES}; OTHER when absent. */
    private static String eventType(JsonNode event) {
        if (!event.has("eventType") || event.get("eventType").isNull()) {
            return "OTHER";
        }
        if (!event.get("eventType").isTextual()
                || !EVENT_TYPES.contains(event.get("eventType").asText())) {
            throw new InvalidEventException(
                    "eventType",
                    "eventType must be one of " + EVENT_TYPES.stream().sorted().toList() + ", got "
                            + event.get("eventType"));
        }
        return event.get("eventType").asText();
    }

    /** The job's {@code sourceCodeLocation} facet as {@code code.*} run parameters. */
    private static Map<String, String> sourceCodeLocation(JsonNode job) {
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode code = job.path("facets").path("sourceCodeLocation");
        for (String f : List.of("type", "url", "repoUrl", "path", "version", "tag", "branch")) {
            if (code.path(f).isTextual()) {
                params.put(
                        "code." + f,
                        TextRules.check(
                                "job.facets.sourceCodeLocation." + f,
                                code.path(f).asText(),
                                dev.provenant.messages.run.StartRunCommand.MAX_PARAMETER_VALUE,
                                false));
            }
        }
        return params;
    }

    /** The run's {@code processing_engine} facet as an environment; null when it says nothing. */
    private static EnvironmentFingerprint processingEngine(JsonNode facets) {
        JsonNode engine = facets.path("processing_engine");
        if (!engine.isObject()) {
            return null;
        }
        Map<String, String> e = new LinkedHashMap<>();
        if (engine.path("name").isTextual()) {
            e.put("engine.name", engineFact(engine, "name"));
        }
        if (engine.path("version").isTextual()) {
            e.put("engine.version", engineFact(engine, "version"));
        }
        if (engine.path("openlineageAdapterVersion").isTextual()) {
            e.put("openlineage.adapter", engineFact(engine, "openlineageAdapterVersion"));
        }
        return e.isEmpty() ? null : EnvironmentFingerprint.of(e);
    }

    /** The run's {@code parent} facet as a run id ({@code run:<uuid>}); null when absent. */
    private static String parentRun(JsonNode facets) {
        JsonNode parentRun = facets.path("parent").path("run").path("runId");
        if (!parentRun.isTextual()) {
            return null;
        }
        TextRules.check("run.facets.parent.run.runId", parentRun.asText(), 64, false);
        try {
            return "run:" + UUID.fromString(parentRun.asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(
                    "run.facets.parent.run.runId", "parent runId '" + parentRun.asText() + "' is not a UUID");
        }
    }

    private static List<DatasetRef> datasets(JsonNode list, String field) {
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new InvalidEventException(field, "'" + field + "' must be an array");
        }
        List<DatasetRef> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(dataset(list.get(i), field + "[" + i + "]"));
        }
        return out;
    }

    private static DatasetRef dataset(JsonNode d, String path) {
        if (!d.isObject()) {
            throw new InvalidEventException(path, path + " must be an object");
        }
        String ns = requireText(d, "namespace", path + ".namespace");
        String name = requireText(d, "name", path + ".name");
        int displayLength = (ns + "/" + name).codePointCount(0, ns.length() + 1 + name.length());
        if (displayLength > TextRules.NAME_MAX) {
            throw new InvalidEventException(
                    path + ".name",
                    path + ".name: " + path + ".namespace and " + path + ".name together are " + (displayLength - 1)
                            + " characters long; at most " + (TextRules.NAME_MAX - 1)
                            + " are allowed (the dataset's name is <namespace>/<name>)");
        }
        JsonNode schema = d.path("facets").path("schema").path("fields");
        String schemaText = schema.isArray() ? canonical(schema) : null;
        if (schemaText != null && schemaText.length() > MAX_SCHEMA) {
            throw new InvalidEventException(
                    path + ".facets.schema",
                    path + ".facets.schema: its fields are " + schemaText.length()
                            + " characters long as JSON; at most " + MAX_SCHEMA + " are allowed");
        }
        String sanitizedName = sanitizeName(ns + "/" + name);
        String version;
        JsonNode v = d.path("facets").path("version").path("datasetVersion");
        if (v.isTextual() && !v.asText().isBlank()) {
            TextRules.check(path + ".facets.version.datasetVersion", v.asText(), Integer.MAX_VALUE, false);
            version = sanitizeVersion(
                    v.asText(), RegisterDatasetVersionCommand.MAX_NAME_AND_VERSION - sanitizedName.length());
        } else {
            version = "ol-"
                    + sha256(ns + "\n" + name + "\n" + (schemaText == null ? "" : schemaText))
                            .substring(7, 23);
        }
        DatasetVersionId id = new DatasetVersionId(sanitizedName, version);
        Map<String, String> descriptor = new LinkedHashMap<>();
        descriptor.put("kind", "openlineage-dataset");
        descriptor.put("namespace", ns);
        descriptor.put("name", name);
        descriptor.put("version", version);
        byte[] bytes = canonical(CANONICAL.valueToTree(descriptor)).getBytes(StandardCharsets.UTF_8);
        return new DatasetRef(ns + "/" + name, id, sha256(bytes), bytes, schemaText, ns + "/" + name);
    }

    /** Dataset names become {@code [A-Za-z0-9._/-]}, at most 200 characters (with a hash suffix when cut). */
    static String sanitizeName(String raw) {
        String s = raw.replaceAll("[^A-Za-z0-9._/-]", "_").replace("..", "__");
        s = s.replaceFirst("^[^A-Za-z0-9]+", "");
        if (s.isEmpty()) {
            s = "dataset";
        }
        if (s.length() > 200) {
            s = s.substring(0, 183) + "-" + sha256(raw).substring(7, 23);
        }
        return s;
    }

    /** A dataset's schema (its fields as canonical JSON) is kept as the version's schema text. */
    static final int MAX_SCHEMA = 100_000;

    static String sanitizeVersion(String raw) {
        return sanitizeVersion(raw, 200);
    }

    /**
     * Versions become {@code [A-Za-z0-9._+-]}, at most {@code max} (≤ 200) characters, else {@code
     * v-<32 hex>} of the raw version; {@code max} leaves room for the name in the 255 characters of
     * a dataset version id.
     */
    static String sanitizeVersion(String raw, int max) {
        String s = raw.replaceAll("[^A-Za-z0-9._+-]", "_").replaceFirst("^[^A-Za-z0-9]+", "");
        if (s.isEmpty() || s.length() > Math.min(200, max)) {
            s = "v-" + sha256(raw).substring(7, 39);
        }
        return s;
    }

    private static String requireText(JsonNode node, String name) {
        return requireText(node, name, name);
    }

    private static String requireText(JsonNode node, String name, String path) {
        return requireText(node, name, path, TextRules.NAME_MAX);
    }

    /** A required, non-blank string that is a name: no control characters, at most {@code max} characters. */
    private static String requireText(JsonNode node, String name, String path, int max) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw new InvalidEventException(path, "'" + path + "' is required");
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new InvalidEventException(path, "'" + path + "' must be a non-empty string, got " + v);
        }
        return TextRules.check(path, v.asText(), max, false);
    }

    private static String engineFact(JsonNode engine, String field) {
        return TextRules.check(
                "run.facets.processing_engine." + field, engine.path(field).asText(), 4096, false);
    }

    private static void requireSubjectLength(String subject, String field, String what) {
        if (subject.length() > TextRules.AGGREGATE_ID_MAX) {
            throw new InvalidEventException(
                    field,
                    field + ": " + what + " make the subject id " + subject.length() + " characters long; at most "
                            + TextRules.AGGREGATE_ID_MAX + " are allowed");
        }
    }

    /**
     * Refuses U+0000 and unpaired surrogates in every string value and object key of the event
     * (everything of it is stored, facets verbatim). {@code path} is the JSON path so far.
     */
    private static void requireStorable(JsonNode node, String path) {
        if (node.isTextual()) {
            TextRules.requireStorable(path.isEmpty() ? "$" : path, node.textValue());
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                try {
                    TextRules.requireStorable(path.isEmpty() ? "$" : path, e.getKey());
                } catch (InvalidTextException bad) {
                    throw new InvalidEventException(
                            bad.field(),
                            bad.field() + ": a key "
                                    + bad.getMessage().substring(bad.field().length() + 2));
                }
                requireStorable(e.getValue(), (path.isEmpty() ? "" : path + ".") + printable(e.getKey()));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                requireStorable(node.get(i), path + "[" + i + "]");
            }
        }
    }

    /** A key as it appears in a path: control characters as backslash-u and four hex digits, never raw. */
    private static String printable(String key) {
        StringBuilder sb = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (TextRules.isControl(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static Instant parseTime(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return ZonedDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e2) {
                throw new InvalidEventException(
                        "eventTime",
                        "eventTime '" + text
                                + "' is not an ISO-8601 date-time with offset, e.g. 2026-01-05T10:00:00.000Z");
            }
        }
    }

    static String canonical(JsonNode node) {
        try {
            Object plain = CANONICAL.treeToValue(node, Object.class);
            return CANONICAL.writeValueAsString(plain);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String s) {
        return sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] b) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
