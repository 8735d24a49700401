package dev.provenant.api.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A fixed, hand-built report of a small churn pipeline: every id, digest and time is stable. */
final class AuditReportFixture {

    private AuditReportFixture() {}

    static String d(char c) {
        return "sha256:" + String.valueOf(c).repeat(64);
    }

    static Instant t(String hhmmss) {
        return Instant.parse("2026-01-05T" + hhmmss + "Z");
    }

    static AuditReport report() {
        String raw = d('1');
        String prepared = d('2');
        String modelBin = d('3');
        String code = d('c');
        String env = d('e');
        String prep = "run:00000000-0000-4000-8000-000000000001";
        String train = "run:00000000-0000-4000-8000-000000000002";
        String replay = "run:00000000-0000-4000-8000-000000000003";
        String cacheHit = "run:00000000-0000-4000-8000-000000000004";
        String unseeded = "run:00000000-0000-4000-8000-000000000005";
        String model = "model:churn@1";
        String dataset = "dataset:customers@2026-01";

        List<AuditReport.GraphNode> nodes = List.of(
                new AuditReport.GraphNode(model, "MODEL_VERSION", "churn@1", 0),
                new AuditReport.GraphNode(train, "RUN", "train", 1),
                new AuditReport.GraphNode(modelBin, "ARTIFACT", "model/model.bin", 1),
                new AuditReport.GraphNode(prepared, "ARTIFACT", "data/prepared.csv", 2),
                new AuditReport.GraphNode(code, "CODE_SNAPSHOT", "abc1234def56", 2),
                new AuditReport.GraphNode(env, "ENVIRONMENT", "environment", 2),
                new AuditReport.GraphNode(prep, "RUN", "prepare", 3),
                new AuditReport.GraphNode(raw, "ARTIFACT", "data/customers.csv", 4),
                new AuditReport.GraphNode(dataset, "DATASET_VERSION", "customers@2026-01", 5));
        List<AuditReport.GraphEdge> edges = List.of(
                new AuditReport.GraphEdge(train, model, "REGISTERED_FROM"),
                new AuditReport.GraphEdge(modelBin, model, "REGISTERED_FROM"),
                new AuditReport.GraphEdge(train, modelBin, "PRODUCED"),
                new AuditReport.GraphEdge(prepared, train, "CONSUMED"),
                new AuditReport.GraphEdge(code, train, "RAN_CODE"),
                new AuditReport.GraphEdge(env, train, "RAN_IN_ENV"),
                new AuditReport.GraphEdge(prep, prepared, "PRODUCED"),
                new AuditReport.GraphEdge(raw, prep, "CONSUMED"),
                new AuditReport.GraphEdge(dataset, raw, "CONTENT"));
        Map<String, String> envProps = new TreeMap<>(
                Map.of("java.version", "17.0.15", "os.arch", "amd64", "os.name", "Linux", "lockfile:pom.xml", d('f')));
        List<AuditReport.Run> runs = List.of(
                new AuditReport.Run(
                        prep,
                        "prepare",
                        "prepare",
                        "SUCCEEDED",
                        0,
                        1_250L,
                        null,
                        "alice",
                        t("10:01:00"),
                        t("10:01:01.250"),
                        List.of("java", "Prepare.java", "--in", "data/customers.csv"),
                        new TreeMap<>(Map.of("split", "0.8")),
                        code,
                        "abc1234def5678",
                        env,
                        List.of(new AuditReport.Io("data/customers.csv", raw, 4_551)),
                        List.of(new AuditReport.Io("data/prepared.csv", prepared, 3_900)),
                        new TreeMap<>(),
                        null,
                        List.of(),
                        true,
                        List.of(new AuditReport.UndeclaredRead("config/prepare.yaml", d('6'), 120, true)),
                        List.of("scratch/split.tmp")),
                new AuditReport.Run(
                        train,
                        "train",
                        "train",
                        "SUCCEEDED",
                        0,
                        83_400L,
                        null,
                        "alice",
                        t("10:02:00"),
                        t("10:03:23.400"),
                        List.of("java", "Train.java", "--seed", "42"),
                        new TreeMap<>(Map.of("seed", "42", "epochs", "20", "note", "a|b")),
                        code,
                        "abc1234def5678",
                        env,
                        List.of(new AuditReport.Io("data/prepared.csv", prepared, 3_900)),
                        List.of(
                                new AuditReport.Io("model/model.bin", modelBin, 2_097_152),
                                new AuditReport.Io("log", d('4'), 812)),
                        new TreeMap<>(Map.of("accuracy", 0.912, "loss", 0.231)),
                        null,
                        List.of(
                                new AuditReport.Replay(replay, "IDENTICAL", t("11:00:00"), List.of()),
                                new AuditReport.Replay(
                                        unseeded,
                                        "DIFFERENT",
                                        t("11:10:00"),
                                        List.of("model/model.bin: " + modelBin + " → " + d('5')
                                                + " (line 3 differs)")))));
        List<AuditReport.Model> models = List.of(new AuditReport.Model(
                model,
                "churn",
                "1",
                train,
                "model/model.bin",
                modelBin,
                2_097_152,
                "PRODUCTION",
                "bob",
                t("10:05:00"),
                List.of(
                        new AuditReport.StageChange("NONE", "STAGING", "first candidate", "bob", t("10:06:00")),
                        new AuditReport.StageChange(
                                "STAGING",
                                "PRODUCTION",
                                "accuracy 0.912 > 0.9 on holdout <2026-01>",
                                "carol",
                                t("12:00:00")))));
        List<AuditReport.Event> events = List.of(
                event(1, 1, "DatasetVersionRegisteredEvent", dataset, "alice", "10:00:00", 'a'),
                event(2, 2, "RunStartedEvent", prep, "alice", "10:01:00", 'b'),
                event(3, 3, "RunOutputsRecordedEvent", prep, "alice", "10:01:01", 'c'),
                event(4, 4, "RunCompletedEvent", prep, "alice", "10:01:01.250", 'd'),
                event(5, 5, "RunStartedEvent", train, "alice", "10:02:00", 'e'),
                event(6, 6, "RunOutputsRecordedEvent", train, "alice", "10:03:23", 'f'),
                event(7, 7, "RunMetricsRecordedEvent", train, "alice", "10:03:23.100", '0'),
                event(8, 8, "RunCompletedEvent", train, "alice", "10:03:23.400", '1'),
                event(9, 9, "ModelVersionRegisteredEvent", model, "bob", "10:05:00", '2'),
                event(10, 10, "ModelStageTransitionedEvent", model, "bob", "10:06:00", '3'),
                event(14, 14, "ReplayVerdictRecordedEvent", replay, "alice", "11:00:00", '4'),
                event(15, 15, "ModelStageTransitionedEvent", model, "carol", "12:00:00", '5'));
        AuditReport.Integrity integrity = new AuditReport.Integrity(
                15,
                d('9'),
                "ed25519:0123456789abcdef",
                "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=",
                new AuditReport.Checkpoint(
                        15, 15, d('9'), t("12:00:01"), "ed25519:0123456789abcdef", "c2lnbmF0dXJl", true),
                true,
                true,
                new AuditReport.Verification(true, t("12:30:00.500"), "whole chain at report time", 15, 2, 0, null),
                List.of(
                        new AuditReport.ArtifactCheck(raw, "OK", null),
                        new AuditReport.ArtifactCheck(code, "OK", null),
                        new AuditReport.ArtifactCheck(prepared, "OK", null),
                        new AuditReport.ArtifactCheck(modelBin, "OK", null),
                        new AuditReport.ArtifactCheck(d('4'), "OK", null)),
                "VERIFIED");
        return new AuditReport(
                new AuditReport.Subject(model, "MODEL_VERSION", "churn@1"),
                null,
                t("12:30:00"),
                "admin",
                nodes,
                edges,
                false,
                List.of(new AuditReport.Dataset(
                        dataset,
                        "customers",
                        "2026-01",
                        raw,
                        4_551,
                        "s3://lake/customers/2026-01.csv",
                        "alice",
                        t("10:00:00"),
                        1)),
                List.of(new AuditReport.Code(
                        code, "https://git.example.com/ml/churn.git", "abc1234def5678", "main", false)),
                List.of(new AuditReport.Environment(env, envProps)),
                runs,
                List.of(
                        new AuditReport.Confirmation(
                                cacheHit,
                                "CACHE_HIT",
                                train,
                                null,
                                t("10:30:00"),
                                List.of(new AuditReport.Io("model/model.bin", modelBin, 2_097_152)),
                                List.of()),
                        new AuditReport.Confirmation(
                                replay,
                                "REPLAY",
                                train,
                                "IDENTICAL",
                                t("11:00:00"),
                                List.of(new AuditReport.Io("model/model.bin", modelBin, 2_097_152)),
                                List.of()),
                        new AuditReport.Confirmation(
                                unseeded,
                                "REPLAY",
                                train,
                                "DIFFERENT",
                                t("11:10:00"),
                                List.of(),
                                List.of("model/model.bin: " + modelBin + " → " + d('5') + " (line 3 differs)"))),
                models,
                List.of(
                        new AuditReport.Artifact(modelBin, "model/model.bin", 2_097_152L),
                        new AuditReport.Artifact(prepared, "data/prepared.csv", 3_900L),
                        new AuditReport.Artifact(raw, "data/customers.csv", 4_551L)),
                new TreeMap<>(Map.of(prepared, prep, modelBin, train, d('4'), train)),
                events,
                false,
                integrity,
                new dev.provenant.api.reproducibility.Reproducibility(2, 1, 0.5, List.of(prep)));
    }

    /**
     * A report that takes the other branch of every section: as of a time, truncated, no lineage,
     * no datasets or code, an environment without properties, a failed, traced cache-hit run with
     * an output first produced elsewhere, no confirmations, a model without stage changes,
     * unchained and altered events, no checkpoint or verification, a missing artifact.
     */
    static AuditReport sparse() {
        String run = "run:00000000-0000-4000-8000-000000000007";
        String earlier = "run:00000000-0000-4000-8000-000000000006";
        return new AuditReport(
                new AuditReport.Subject(run, "RUN", "score"),
                t("12:00:00"),
                t("12:30:00"),
                "auditor",
                List.of(),
                List.of(),
                true,
                List.of(),
                List.of(),
                List.of(new AuditReport.Environment(d('e'), new TreeMap<>())),
                List.of(new AuditReport.Run(
                        run,
                        "score",
                        "score",
                        "FAILED",
                        null,
                        null,
                        "exit code 3",
                        "bob",
                        t("10:00:00"),
                        null,
                        List.of(),
                        new TreeMap<>(),
                        null,
                        null,
                        null,
                        List.of(),
                        List.of(new AuditReport.Io("scores.csv", d('8'), 10L * 1024 * 1024 * 1024)),
                        new TreeMap<>(),
                        earlier,
                        List.of(),
                        true,
                        List.of(),
                        List.of("tmp/cache.bin"))),
                List.of(),
                List.of(new AuditReport.Model(
                        "model:score@3",
                        "score",
                        "3",
                        run,
                        "scores.csv",
                        d('8'),
                        0,
                        "NONE",
                        "bob",
                        t("10:05:00"),
                        List.of())),
                List.of(),
                Map.of(d('8'), earlier),
                List.of(
                        new AuditReport.Event(1, "e1", "RunStartedEvent", run, "bob", t("10:00:00"), 1L, d('a'), false),
                        new AuditReport.Event(2, "e2", "RunFailedEvent", run, "bob", t("10:00:05"), null, null, null)),
                true,
                new AuditReport.Integrity(
                        1,
                        d('a'),
                        "ed25519:0123456789abcdef",
                        "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=",
                        null,
                        false,
                        false,
                        null,
                        List.of(
                                new AuditReport.ArtifactCheck(d('8'), "MISSING", "not in the store"),
                                new AuditReport.ArtifactCheck(d('e'), "OK", null)),
                        "NOT VERIFIED"));
    }

    /**
     * A small report in which every recorded string (ids, names, principals, parameters, reasons,
     * problems, property keys and values, …) is {@code p}: for escaping tests. Digests and times
     * stay well-formed.
     */
    static AuditReport hostile(String p) {
        String run = "run:" + p;
        String model = "model:" + p;
        return new AuditReport(
                new AuditReport.Subject(model, p, p),
                null,
                t("12:30:00"),
                p,
                List.of(
                        new AuditReport.GraphNode(model, "MODEL_VERSION", p, 0),
                        new AuditReport.GraphNode(run, p, p, 1)),
                List.of(new AuditReport.GraphEdge(run, model, p)),
                false,
                List.of(new AuditReport.Dataset("dataset:" + p, p, p, d('1'), 1, p, p, t("10:00:00"), 1)),
                List.of(new AuditReport.Code(d('c'), p, p, p, true)),
                List.of(new AuditReport.Environment(d('e'), new TreeMap<>(Map.of(p, p)))),
                List.of(new AuditReport.Run(
                        run,
                        p,
                        p,
                        p,
                        1,
                        10L,
                        p,
                        p,
                        t("10:01:00"),
                        t("10:01:01"),
                        List.of(p, p),
                        new TreeMap<>(Map.of(p, p)),
                        d('c'),
                        p,
                        d('e'),
                        List.of(new AuditReport.Io(p, d('1'), 1)),
                        List.of(new AuditReport.Io(p, d('2'), 2)),
                        new TreeMap<>(Map.of(p, 0.5)),
                        "run:" + p,
                        List.of(new AuditReport.Replay("run:" + p, p, t("11:00:00"), List.of(p))))),
                List.of(new AuditReport.Confirmation(
                        "run:" + p,
                        p,
                        "run:" + p,
                        p,
                        t("11:00:00"),
                        List.of(new AuditReport.Io(p, d('2'), 2)),
                        List.of(p))),
                List.of(new AuditReport.Model(
                        model,
                        p,
                        p,
                        run,
                        p,
                        d('2'),
                        2,
                        p,
                        p,
                        t("10:05:00"),
                        List.of(new AuditReport.StageChange(p, p, p, p, t("10:06:00"))))),
                List.of(new AuditReport.Artifact(d('2'), p, 2L)),
                Map.of(d('2'), "run:" + p),
                List.of(new AuditReport.Event(1, p, p, model, p, t("10:00:00"), 1L, p, true)),
                false,
                new AuditReport.Integrity(
                        1,
                        p,
                        p,
                        p,
                        new AuditReport.Checkpoint(1, 1, p, t("12:00:01"), p, p, true),
                        true,
                        true,
                        new AuditReport.Verification(false, t("12:30:00.500"), p, 1, 1, 1, p),
                        List.of(new AuditReport.ArtifactCheck(d('1'), p, p)),
                        p));
    }

    private static AuditReport.Event event(
            long position, long seq, String type, String aggregate, String who, String at, char hash) {
        return new AuditReport.Event(
                position,
                "00000000-0000-4000-9000-" + String.format("%012d", position),
                type,
                aggregate,
                who,
                t(at),
                seq,
                d(hash),
                true);
    }
}
