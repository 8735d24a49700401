package dev.provenant.api.replay;

import dev.provenant.api.auth.Caller;
import dev.provenant.api.auth.Role;
import dev.provenant.api.auth.TokenRegistry;
import dev.provenant.api.config.ReplayProperties;
import dev.provenant.api.home.ProvenantHome;
import dev.provenant.messages.run.FindRunQuery;
import dev.provenant.messages.run.RunId;
import dev.provenant.messages.run.RunView;
import dev.provenant.recorder.ReplayMain;
import jakarta.annotation.PreDestroy;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Server-side replays: one worker thread and a bounded queue. Each job runs the recorder's {@link
 * ReplayMain} in a child JVM against this server, so the recorded command runs in a bubblewrap
 * sandbox (no network, clean environment, read-only system, as nobody when the server runs as
 * root), never in the server process and never with the server's environment.
 *
 * <p>The child JVM gets an explicit environment: where the server and the store are, and a token
 * issued for this job alone that records as the principal who asked (role recorder) and is revoked
 * when the job ends. It never sees the admin token or {@code PROVENANT_TOKENS}. It writes the id of
 * the replay run it recorded to a result file; the job's verdict is that run's recorded verdict,
 * read from the read model (the child's output is kept, up to 64 KiB, for people only). Each job
 * has a timeout and can be cancelled. Jobs are kept in memory (the last 1000); the verdicts
 * themselves are events.
 */
@Component
public class ReplayJobs {

    /** The executable jar's hidden entry for the worker (see ProvenantCli). */
    static final String JAR_ENTRY = "__replay-job";

    static final int MAX_OUTPUT = 64 * 1024;
    /** Settings of the store the child must reach, copied from the server's own environment. */
    private static final List<String> STORE_VARIABLES = List.of(
            "PROVENANT_S3_ENDPOINT",
            "PROVENANT_S3_BUCKET",
            "PROVENANT_S3_ACCESS_KEY",
            "PROVENANT_S3_SECRET_KEY",
            "PROVENANT_S3_REGION");

    /** A job's state. */
    public enum Status {
        QUEUED,
        RUNNING,
        DONE,
        ERROR,
        TIMED_OUT,
        CANCELLED
    }

    /** A job as the API shows it. */
    public record Job(
            String id,
            String runId,
            Status status,
            String verdict,
            String replayRunId,
            String output,
            String submittedBy,
            Instant submittedAt,
            Instant finishedAt,
            long timeoutSeconds) {

        Job with(Status s, String verdict, String replayRunId, String output, Instant finishedAt) {
            return new Job(
                    id, runId, s, verdict, replayRunId, output, submittedBy, submittedAt, finishedAt, timeoutSeconds);
        }

        boolean finished() {
            return status != Status.QUEUED && status != Status.RUNNING;
        }
    }

    /** What a running or queued job can be stopped by. */
    private static final class Handle {
        volatile Future<?> future;
        volatile Process process;
        volatile boolean cancelled;
        /** Set, under the handle's lock, by the worker when it takes the job. */
        boolean started;
    }

    private final ThreadPoolExecutor worker;
    private final Map<String, Job> jobs = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Job> eldest) {
            return size() > 1000;
        }
    };
    private final Map<String, Handle> handles = new ConcurrentHashMap<>();
    private final ProvenantHome home;
    private final TokenRegistry tokens;
    private final ApplicationContext context;
    private final QueryGateway queryGateway;

    public ReplayJobs(
            ProvenantHome home,
            TokenRegistry tokens,
            ApplicationContext context,
            QueryGateway queryGateway,
            ReplayProperties properties) {
        int queueSize = properties.queueSize();
        this.home = home;
        this.tokens = tokens;
        this.context = context;
        this.queryGateway = queryGateway;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueSize), r -> {
            Thread t = new Thread(r, "provenant-replay-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues a replay on behalf of {@code caller}; empty when the queue is full. */
    public Optional<Job> submit(String runId, boolean strictEnv, Caller caller, Duration timeout) {
        String id = "replay-job:" + UUID.randomUUID();
        Job job = new Job(
                id,
                runId,
                Status.QUEUED,
                null,
                null,
                null,
                caller.principal(),
                Instant.now(),
                null,
                timeout.toSeconds());
        put(job);
        Handle handle = new Handle();
        handles.put(id, handle);
        try {
            handle.future = worker.submit(() -> execute(job, strictEnv, caller, timeout, handle));
            return Optional.of(job);
        } catch (RejectedExecutionException e) {
            handles.remove(id);
            synchronized (jobs) {
                jobs.remove(id);
            }
            return Optional.empty();
        }
    }

    public Optional<Job> find(String id) {
        synchronized (jobs) {
            return Optional.ofNullable(jobs.get(id));
        }
    }

    /**
     * Cancels a queued or running job (a running one: its replay is stopped, then killed after 10 s,
     * and records itself as failed). Empty when there is no such job; the job as it stands when it has
     * already finished.
     */
    public Optional<Job> cancel(String id) {
        Handle handle = handles.get(id);
        if (handle == null) {
            return find(id);
        }
        synchronized (handle) {
            handle.cancelled = true;
            if (!handle.started) {
                Future<?> f = handle.future;
                if (f != null) {
                    f.cancel(false);
                }
                handles.remove(id);
                find(id).ifPresent(j ->
                        put(j.with(Status.CANCELLED, null, null, "cancelled before it started", Instant.now())));
                return find(id);
            }
        }
        // running: stop it; the worker sees the flag once the process is gone and reports CANCELLED
        Process p = handle.process;
        if (p != null) {
            stop(p);
        }
        return find(id);
    }

    private void put(Job job) {
        synchronized (jobs) {
            jobs.put(job.id(), job);
        }
    }

    private void execute(Job queued, boolean strictEnv, Caller caller, Duration timeout, Handle handle) {
        synchronized (handle) {
            if (handle.cancelled) {
                return; // cancel() has reported it
            }
            handle.started = true;
        }
        put(queued.with(Status.RUNNING, null, null, null, null));
        // the replay records as the caller who asked, with no more than a recorder's rights
        String token = tokens.issueEphemeral(new Caller(caller.principal(), Role.RECORDER));
        Status status;
        String output;
        String verdict = null;
        String replayRunId = null;
        Path resultFile = null;
        try {
            resultFile = Files.createTempFile(home.root(), "replay-job-", ".result");
            Process p =
                    childBuilder(queued.runId(), strictEnv, token, resultFile).start();
            handle.process = p;
            if (handle.cancelled) {
                stop(p); // cancelled between taking the job and starting its process
            }
            Exited child = await(p, timeout);
            boolean exited = child.exited();
            output = child.output();
            // the worker names the replay run it recorded; its verdict is read from the events
            String written = Files.readString(resultFile).trim();
            replayRunId = written.startsWith("run:") ? written : null;
            if (handle.cancelled) {
                status = Status.CANCELLED;
                output = "cancelled while running; the replay run records itself as failed\n" + output;
            } else if (!exited) {
                status = Status.TIMED_OUT;
                output = "timed out after " + timeout.toSeconds() + " s; the replay was stopped and records itself as"
                        + " failed\n" + output;
            } else if (replayRunId != null && (verdict = recordedVerdict(replayRunId)) != null) {
                status = Status.DONE;
            } else {
                status = Status.ERROR;
                output = "the replay worker exited " + p.exitValue()
                        + (replayRunId == null
                                ? " without recording a replay run"
                                : " but " + replayRunId + " has no verdict yet")
                        + ": " + output;
            }
        } catch (IOException e) {
            status = Status.ERROR;
            output = "could not start the replay: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Process p = handle.process;
            if (p != null) {
                stop(p);
            }
            status = Status.ERROR;
            output = "interrupted: the server is stopping";
        } finally {
            tokens.revoke(token);
            handles.remove(queued.id());
            deleteQuietly(resultFile);
        }
        put(queued.with(status, verdict, replayRunId, output, Instant.now()));
        io.micrometer.core.instrument.Metrics.counter("provenant.replay.jobs", "status", status.name())
                .increment();
    }

    /** Deletes the job's result file, if any; a file left behind is only a temp file in the home. */
    private static void deleteQuietly(Path resultFile) {
        if (resultFile != null) {
            try {
                Files.deleteIfExists(resultFile);
            } catch (IOException ignored) {
                // a temp file in the home
            }
        }
    }

    /** How the worker's process ended: within its time or not, and what it printed (drained as it ran). */
    private record Exited(boolean exited, String output) {}

    /** Waits up to {@code timeout} for the worker (stopping it after), draining its output meanwhile. */
    private static Exited await(Process p, Duration timeout) throws InterruptedException {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> drain(p.getInputStream(), captured), "provenant-replay-output");
        drain.setDaemon(true);
        drain.start();
        boolean exited = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
            stop(p);
        }
        drain.join(10_000);
        synchronized (captured) {
            return new Exited(exited, captured.toString(StandardCharsets.UTF_8));
        }
    }

    /** The verdict recorded for a replay run, waiting briefly for the read model to show it. */
    private String recordedVerdict(String replayRunId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            java.util.Optional<RunView> run = queryGateway
                    .query(new FindRunQuery(RunId.parse(replayRunId)), ResponseTypes.optionalInstanceOf(RunView.class))
                    .join();
            if (run.isPresent() && run.get().verdict() != null) {
                return run.get().verdict().toString();
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
            Thread.sleep(50);
        }
    }

    /**
     * The child JVM: the recorder's {@code ReplayMain} (through the executable jar's hidden {@code
     * __replay-job} entry when the server runs from it), with an environment built from nothing.
     */
    private ProcessBuilder childBuilder(String runId, boolean strictEnv, String token, Path resultFile) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        String classPath = System.getProperty("java.class.path");
        if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
            // the server runs from the CLI's executable jar (provenant server)
            cmd.add("-jar");
            cmd.add(classPath);
            cmd.add(JAR_ENTRY);
        } else {
            cmd.add("-cp");
            cmd.add(classPath);
            cmd.add(ReplayMain.class.getName());
        }
        cmd.add(runId);
        cmd.add("--result-file");
        cmd.add(resultFile.toString());
        if (strictEnv) {
            cmd.add("--strict-env");
        }
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("PROVENANT_URL", "http://127.0.0.1:" + port);
        env.put("PROVENANT_TOKEN", token);
        env.put("PROVENANT_HOME", home.root().toString());
        Map<String, String> settings = dev.provenant.artifacts.ArtifactStores.processEnvironment();
        for (String name : STORE_VARIABLES) {
            String value = settings.get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        return pb;
    }

    private static void drain(InputStream in, ByteArrayOutputStream captured) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (captured) {
                    int room = MAX_OUTPUT - captured.size();
                    if (room > 0) {
                        captured.write(buf, 0, Math.min(room, n));
                    }
                }
            }
        } catch (IOException e) {
            // the child is gone
        }
    }

    /** Asks the replay to stop (it records itself as failed), then kills what is left after 10 s. */
    private static void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
        handles.values().forEach(h -> {
            Process p = h.process;
            if (p != null) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        });
    }
}
