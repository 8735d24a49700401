package dev.provenant.bench;

import dev.provenant.lineage.graph.projection.LineageProjection;
import dev.provenant.messages.common.ProvenantMetadata;
import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.dataset.DatasetVersionId;
import dev.provenant.messages.dataset.RegisterDatasetVersionCommand;
import dev.provenant.messages.run.CodeVersion;
import dev.provenant.messages.run.EnvironmentFingerprint;
import dev.provenant.messages.run.FinishRunCommand;
import dev.provenant.messages.run.RecordRunMetricsCommand;
import dev.provenant.messages.run.RecordRunOutputsCommand;
import dev.provenant.messages.run.RunId;
import dev.provenant.messages.run.RunInput;
import dev.provenant.messages.run.RunOutput;
import dev.provenant.messages.run.StartRunCommand;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./bench/run rebuild}: the {@code lineage} projection's rebuild rate against a raw scan of
 * the same events. The real service (bench JVM, fresh zonky database) records a realistic mix
 * through commands — datasets, and runs that start with inputs, code, environment and parameters,
 * record outputs and metrics and finish (4 events per run) — then the {@code lineage} processor's
 * tokens are reset and its replay is timed from the reset until its token is back at the head.
 * Baseline, same run and database: {@code SELECT … FROM domainevententry ORDER BY globalindex}
 * read to the end with every payload and metadata deserialized by the service's own serializer.
 */
final class RebuildBench {

    private static final String TOKEN = "bench-token-0123456789abcdef";
    private final int runs = Integer.getInteger("bench.rebuild.runs", 4000);
    private final int datasets = Integer.getInteger("bench.rebuild.datasets", 500);
    private final int clients = Integer.getInteger("bench.rebuild.clients", 8);
    private final int rounds = Integer.getInteger("bench.rebuild.rounds", 2);

    void run(BenchReporter out) throws Exception {
        try (BenchService service = BenchService.start(TOKEN)) {
            ConfigurableApplicationContext ctx = service.context();
            long events = record(ctx.getBean(CommandGateway.class), out);
            StreamingEventProcessor p = ctx.getBean(EventProcessingConfiguration.class)
                    .eventProcessor(LineageProjection.PROCESSING_GROUP, StreamingEventProcessor.class)
                    .orElseThrow();
            long head = head(service);
            waitCaughtUp(p, head, 600_000);
            double raw = 0;
            double rebuild = 0;
            for (int round = 1; round <= rounds; round++) {
                double scan = rawScan(service, ctx.getBean("eventSerializer", Serializer.class));
                p.shutDown();
                p.resetTokens();
                long jvm0 = processCpuNanos();
                long pg0 = childrenCpuNanos();
                long t0 = System.nanoTime();
                p.start();
                waitCaughtUp(p, head, 1_800_000);
                double seconds = (System.nanoTime() - t0) / 1e9;
                double jvmCpu = (processCpuNanos() - jvm0) / 1e9;
                double pgCpu = (childrenCpuNanos() - pg0) / 1e9;
                double rate = events / seconds;
                // CPU spent (this JVM; the PostgreSQL processes it started) moves far less with other
                // load on the machine than the wall-clock rate does
                out.note(String.format(
                        "round %d: rebuild %d events in %.2f s = %.0f events/s; raw scan+decode %.0f events/s;"
                                + " CPU during the rebuild: JVM %.2f s, PostgreSQL %.2f s = %.0f us/event",
                        round, events, seconds, rate, scan, jvmCpu, pgCpu, (jvmCpu + pgCpu) * 1e6 / events));
                raw = Math.max(raw, scan);
                rebuild = Math.max(rebuild, rate);
            }
            out.report("rebuild.lineage_vs_raw_scan", rebuild, "events/s", raw);
            out.report("rebuild.lineage_vs_goal", rebuild, "events/s", 20_000);
        }
    }

    /** Datasets, then runs of 4 events each, from {@link #clients} threads; returns the events stored. */
    private long record(CommandGateway gateway, BenchReporter out) throws Exception {
        Map<String, String> meta = Map.of(ProvenantMetadata.PRINCIPAL, "bench");
        CodeVersion[] code = new CodeVersion[20];
        for (int i = 0; i < code.length; i++) {
            code[i] = new CodeVersion(
                    "https://git.example/ml.git",
                    String.format("%040x", 0xc0de0000L + i),
                    "main",
                    false,
                    Sha256Digest.parse(digest(0xc0de, i)));
        }
        EnvironmentFingerprint[] env = new EnvironmentFingerprint[4];
        for (int i = 0; i < env.length; i++) {
            env[i] = EnvironmentFingerprint.of(Map.of("os.name", "Linux", "java.version", "17." + i, "python", "3.11"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long t0 = System.nanoTime();
        ClientThreads.share(pool, clients, datasets, i -> registerDataset(gateway, meta, i));
        ClientThreads.share(
                pool, clients, runs, i -> recordRun(gateway, meta, i, code[i % code.length], env[i % env.length]));
        pool.shutdown();
        long events = datasets + 4L * runs;
        out.note(String.format(
                "recorded %d events (%d datasets, %d runs x 4) through commands in %.1f s",
                events, datasets, runs, (System.nanoTime() - t0) / 1e9));
        return events;
    }

    private static void registerDataset(CommandGateway gateway, Map<String, String> meta, int i) {
        gateway.sendAndWait(GenericCommandMessage.asCommandMessage(new RegisterDatasetVersionCommand(
                        DatasetVersionId.parse("dataset:raw" + i + "@v1"),
                        "raw" + i,
                        "v1",
                        Sha256Digest.parse(digest(0xda7a, i)),
                        4096 + i,
                        null,
                        null,
                        null))
                .withMetaData(meta));
    }

    /** Run {@code i}: it reads dataset i mod datasets and the previous run's features; 4 events. */
    private void recordRun(
            CommandGateway gateway, Map<String, String> meta, int i, CodeVersion code, EnvironmentFingerprint env) {
        String run = String.format("run:%08x-0000-4000-8000-%012x", i, i);
        List<RunInput> inputs = new ArrayList<>();
        inputs.add(new RunInput(
                "data",
                Sha256Digest.parse(digest(0xda7a, i % datasets)),
                4096,
                DatasetVersionId.parse("dataset:raw" + (i % datasets) + "@v1")));
        if (i > 0) {
            inputs.add(new RunInput("features", Sha256Digest.parse(digest(0x0a7, i - 1)), 1000, null));
        }
        gateway.sendAndWait(GenericCommandMessage.asCommandMessage(new StartRunCommand(
                        RunId.parse(run),
                        "train",
                        null,
                        null,
                        List.of("python3", "train.py"),
                        Map.of("lr", "0.01", "epochs", Integer.toString(i % 50)),
                        code,
                        env,
                        inputs,
                        null,
                        null))
                .withMetaData(meta));
        gateway.sendAndWait(GenericCommandMessage.asCommandMessage(new RecordRunOutputsCommand(
                        RunId.parse(run),
                        List.of(
                                new RunOutput("features", Sha256Digest.parse(digest(0x0a7, i)), 1000, "FILE"),
                                new RunOutput("model", Sha256Digest.parse(digest(0x30de1, i)), 2000, "MODEL"))))
                .withMetaData(meta));
        gateway.sendAndWait(GenericCommandMessage.asCommandMessage(
                        new RecordRunMetricsCommand(RunId.parse(run), Map.of("loss", 1.0 / (i + 1), "accuracy", 0.9)))
                .withMetaData(meta));
        gateway.sendAndWait(
                GenericCommandMessage.asCommandMessage(new FinishRunCommand(RunId.parse(run), 0, 1000, null))
                        .withMetaData(meta));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * User + system CPU of the embedded PostgreSQL this bench started (its postmaster runs from the
     * bench's temp directory and is detached from this JVM; its backends are the postmaster's
     * children), from /proc; 0 where there is none.
     */
    private static long childrenCpuNanos() {
        String tmp = System.getProperty("java.io.tmpdir");
        java.util.Set<Long> postmasters = new java.util.HashSet<>();
        List<ProcessHandle> all = ProcessHandle.allProcesses().toList();
        for (ProcessHandle h : all) {
            if (h.info()
                    .commandLine()
                    .map(c -> c.contains(tmp) && c.contains("postgres"))
                    .orElse(false)) {
                postmasters.add(h.pid());
            }
        }
        long ticks = 0;
        for (ProcessHandle h : all) {
            boolean ours = postmasters.contains(h.pid())
                    || h.parent().map(p -> postmasters.contains(p.pid())).orElse(false);
            if (!ours) {
                continue;
            }
            try {
                String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + h.pid() + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
            } catch (java.io.IOException | RuntimeException gone) {
                // the process ended meanwhile, or no /proc
            }
        }
        return ticks * 10_000_000L; // USER_HZ = 100 on Linux
    }

    private static String digest(long kind, long i) {
        return "sha256:" + String.format("%016x%048x", kind, i);
    }

    private static long head(BenchService service) throws Exception {
        try (Connection c = service.db().connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT max(globalindex) FROM domainevententry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void waitCaughtUp(StreamingEventProcessor p, long head, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            boolean done = !p.processingStatus().isEmpty();
            for (EventTrackerStatus st : p.processingStatus().values()) {
                OptionalLong pos = st.getCurrentPosition();
                // (a replay token stays "replaying" until an event beyond the reset arrives: the position decides)
                done &= pos.isPresent() && pos.getAsLong() >= head && !st.isErrorState();
            }
            if (done) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(
                        "lineage processor did not reach " + head + ": " + p.processingStatus());
            }
            Thread.sleep(5);
        }
    }

    /** Reads every event in global order and deserializes payload and metadata; events/s. */
    private static double rawScan(BenchService service, Serializer serializer) throws Exception {
        long t0 = System.nanoTime();
        long n = 0;
        long sink = 0;
        try (Connection c = service.db().connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT globalindex, eventidentifier, payloadtype,"
                    + " payloadrevision, payload, metadata, timestamp FROM domainevententry ORDER BY globalindex")) {
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        SerializedType type = new SimpleSerializedType(rs.getString(3), rs.getString(4));
                        Object payload = serializer.deserialize(
                                new SimpleSerializedObject<>(rs.getBytes(5), byte[].class, type));
                        Object metadata = serializer.deserialize(new SimpleSerializedObject<>(
                                rs.getBytes(6),
                                byte[].class,
                                new SimpleSerializedType(org.axonframework.messaging.MetaData.class.getName(), null)));
                        sink += payload.hashCode()
                                + metadata.hashCode()
                                + rs.getLong(1)
                                + rs.getString(7).length();
                        n++;
                    }
                }
            }
            c.commit();
        }
        if (sink == 42) {
            System.err.print("");
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }
}
