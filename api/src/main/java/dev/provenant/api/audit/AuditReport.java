package dev.provenant.api.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything an auditor asks about one node, as of a time: its full upstream closure, every event
 * with who and when, stage transitions, replay verdicts and the integrity proof. Built by {@link
 * AuditReportBuilder}, rendered by {@link AuditReportRenderers}. Lists are in a stable order
 * (closure order, then position), so renderings are reproducible.
 *
 * <p>The closure goes through origins only: an artifact's producer in it is the first run that
 * produced those bytes. Later runs that produced them again (cache hits, replays, re-executions)
 * and every replay of a closure run are {@code confirmations}, listed apart, not counted as runs
 * of the closure. {@code origins} maps each input and output digest of the closure's runs that some
 * run produced to that first run.
 */
public record AuditReport(
        Subject subject,
        Instant asOf,
        Instant generatedAt,
        String generatedBy,
        List<GraphNode> nodes,
        List<GraphEdge> edges,
        boolean lineageTruncated,
        List<Dataset> datasets,
        List<Code> code,
        List<Environment> environments,
        List<Run> runs,
        List<Confirmation> confirmations,
        List<Model> models,
        List<Artifact> artifacts,
        Map<String, String> origins,
        List<Event> events,
        boolean eventsTruncated,
        Integrity integrity,
        dev.provenant.api.reproducibility.Reproducibility reproducibility) {

    /** A report without a reproducibility score (the shape before it existed). */
    public AuditReport(
            Subject subject,
            Instant asOf,
            Instant generatedAt,
            String generatedBy,
            List<GraphNode> nodes,
            List<GraphEdge> edges,
            boolean lineageTruncated,
            List<Dataset> datasets,
            List<Code> code,
            List<Environment> environments,
            List<Run> runs,
            List<Confirmation> confirmations,
            List<Model> models,
            List<Artifact> artifacts,
            Map<String, String> origins,
            List<Event> events,
            boolean eventsTruncated,
            Integrity integrity) {
        this(
                subject,
                asOf,
                generatedAt,
                generatedBy,
                nodes,
                edges,
                lineageTruncated,
                datasets,
                code,
                environments,
                runs,
                confirmations,
                models,
                artifacts,
                origins,
                events,
                eventsTruncated,
                integrity,
                null);
    }

    /** The node the report is about. */
    public record Subject(String id, String kind, String label) {}

    /** A node of the upstream closure; {@code distance} in hops from the subject. */
    public record GraphNode(String id, String kind, String label, int distance) {}

    /** An edge of the closure, upstream → downstream. */
    public record GraphEdge(String from, String to, String type) {}

    /** A dataset version with its content. */
    public record Dataset(
            String id,
            String name,
            String version,
            String contentDigest,
            long sizeBytes,
            String sourceUri,
            String registeredBy,
            Instant registeredAt,
            long eventPosition) {}

    /** A code snapshot and where it came from. */
    public record Code(String snapshotDigest, String repository, String commit, String branch, boolean dirty) {}

    /** An environment fingerprint and its facts. */
    public record Environment(String digest, Map<String, String> properties) {}

    /** One input or output of a run. */
    public record Io(String name, String digest, long sizeBytes) {}

    /** A replay of a run and its verdict. */
    public record Replay(String runId, String verdict, Instant startedAt, List<String> differences) {}

    /**
     * A run that confirms the closure: it produced bytes of the closure again after their origin
     * ({@code reproduced}), or it is a replay of a closure run.
     *
     * @param kind CACHE_HIT, REPLAY or REEXECUTION
     * @param of the run it reused or replayed (null for a re-execution)
     * @param verdict a replay's verdict as of the report's time (PENDING until recorded); null for
     *     other kinds
     */
    public record Confirmation(
            String runId,
            String kind,
            String of,
            String verdict,
            Instant startedAt,
            List<Io> reproduced,
            List<String> differences) {}

    /** A run of the closure. */
    public record Run(
            String id,
            String name,
            String stepName,
            String status,
            Integer exitCode,
            Long durationMillis,
            String failureReason,
            String startedBy,
            Instant startedAt,
            Instant finishedAt,
            List<String> command,
            Map<String, String> parameters,
            String codeSnapshot,
            String codeCommit,
            String environmentDigest,
            List<Io> inputs,
            List<Io> outputs,
            Map<String, Double> metrics,
            String cacheHitOf,
            List<Replay> replays,
            boolean traced,
            List<UndeclaredRead> undeclaredReads,
            List<String> undeclaredWrites) {

        /** An untraced run (the shape before tracing). */
        public Run(
                String id,
                String name,
                String stepName,
                String status,
                Integer exitCode,
                Long durationMillis,
                String failureReason,
                String startedBy,
                Instant startedAt,
                Instant finishedAt,
                List<String> command,
                Map<String, String> parameters,
                String codeSnapshot,
                String codeCommit,
                String environmentDigest,
                List<Io> inputs,
                List<Io> outputs,
                Map<String, Double> metrics,
                String cacheHitOf,
                List<Replay> replays) {
            this(
                    id,
                    name,
                    stepName,
                    status,
                    exitCode,
                    durationMillis,
                    failureReason,
                    startedBy,
                    startedAt,
                    finishedAt,
                    command,
                    parameters,
                    codeSnapshot,
                    codeCommit,
                    environmentDigest,
                    inputs,
                    outputs,
                    metrics,
                    cacheHitOf,
                    replays,
                    false,
                    List.of(),
                    List.of());
        }
    }

    /** A file a traced run read without declaring it; {@code stored} false: digest only. */
    public record UndeclaredRead(String path, String digest, long sizeBytes, boolean stored) {}

    /** A stage change of a model version. */
    public record StageChange(String from, String to, String reason, String principal, Instant at) {}

    /** A model version of the closure. */
    public record Model(
            String id,
            String name,
            String version,
            String runId,
            String outputName,
            String digest,
            long sizeBytes,
            String stage,
            String registeredBy,
            Instant registeredAt,
            List<StageChange> transitions) {}

    /** An artifact of the closure (inputs, outputs, dataset content). */
    public record Artifact(String digest, String label, Long sizeBytes) {}

    /**
     * One event about a node of the closure.
     *
     * @param chainSeq its entry in the hash chain (null: not chained yet)
     * @param entryHash the chain entry's hash
     * @param intact whether the stored event still hashes to its entry (null: not chained yet)
     */
    public record Event(
            long position,
            String eventId,
            String type,
            String aggregateId,
            String principal,
            Instant timestamp,
            Long chainSeq,
            String entryHash,
            Boolean intact) {}

    /** A signed checkpoint and whether its signature holds. */
    public record Checkpoint(
            long length,
            long position,
            String headHash,
            Instant signedAt,
            String keyId,
            String signature,
            boolean signatureValid) {}

    /** The result of checking one artifact of the closure. */
    public record ArtifactCheck(String digest, String status, String detail) {}

    /**
     * The integrity proof.
     *
     * @param chainLength events in the chain at report time
     * @param chainHead hash of its head entry
     * @param checkpoint the oldest signed checkpoint covering every chained event of this report
     * @param eventsChained whether every event of the report is in the chain
     * @param eventsIntact whether every chained event of the report still hashes to its entry
     * @param verification the whole-chain verification at report time (or the latest one, for very
     *     large ledgers; see {@code scope})
     * @param artifactChecks every artifact of the closure, read back and checked
     * @param verdict {@code VERIFIED} when everything above holds, otherwise {@code NOT VERIFIED}
     */
    public record Integrity(
            long chainLength,
            String chainHead,
            String keyId,
            String publicKey,
            Checkpoint checkpoint,
            boolean eventsChained,
            boolean eventsIntact,
            Verification verification,
            List<ArtifactCheck> artifactChecks,
            String verdict) {}

    /** A whole-chain verification. */
    public record Verification(
            boolean ok,
            Instant finishedAt,
            String scope,
            long eventsChecked,
            long checkpointsChecked,
            long problemCount,
            String firstProblem) {}
}
