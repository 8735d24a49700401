package dev.provenant.api.replay;

import dev.provenant.api.auth.TokenRegistry;
import dev.provenant.api.home.ProvenantHome;
import jakarta.annotation.PreDestroy;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Server-side replays: one worker thread and a bounded queue. Each job runs the CLI's {@code
 * replay-run} in a child JVM (the recorded command runs there, not in the server process) against
 * this server, with the same artifact store settings, and records the verdict the same way a user's
 * replay does. Jobs are kept in memory (the last 1000); the verdicts themselves are events.
 */
@Component
public class ReplayJobs {

    static final String CLI_MAIN = "dev.provenant.cli.ProvenantCli";
    private static final Pattern VERDICT = Pattern.compile("verdict: (IDENTICAL|DIFFERENT|FAILED)");
    private static final Pattern REPLAY_ID = Pattern.compile(" as (run:[A-Za-z0-9._-]+) in ");

    /** A job's state. */
    public enum Status {
        QUEUED,
        RUNNING,
        DONE,
        ERROR
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
            Instant finishedAt) {}

    private final ThreadPoolExecutor worker;
    private final Map<String, Job> jobs = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Job> eldest) {
            return size() > 1000;
        }
    };
    private final ProvenantHome home;
    private final TokenRegistry tokens;
    private final ApplicationContext context;

    public ReplayJobs(
            ProvenantHome home,
            TokenRegistry tokens,
            ApplicationContext context,
            @Value("${provenant.replay.queue-size:16}") int queueSize) {
        this.home = home;
        this.tokens = tokens;
        this.context = context;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueSize), r -> {
            Thread t = new Thread(r, "provenant-replay-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues a replay; empty when the queue is full. */
    public Optional<Job> submit(String runId, boolean strictEnv, String principal) {
        String id = "replay-job:" + UUID.randomUUID();
        Job job = new Job(id, runId, Status.QUEUED, null, null, null, principal, Instant.now(), null);
        put(job);
        try {
            worker.execute(() -> execute(job, strictEnv));
            return Optional.of(job);
        } catch (RejectedExecutionException e) {
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

    private void put(Job job) {
        synchronized (jobs) {
            jobs.put(job.id(), job);
        }
    }

    private void execute(Job queued, boolean strictEnv) {
        Job running = new Job(
                queued.id(),
                queued.runId(),
                Status.RUNNING,
                null,
                null,
                null,
                queued.submittedBy(),
                queued.submittedAt(),
                null);
        put(running);
        String output;
        Status status;
        String verdict = null;
        String replayRunId = null;
        try {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            String classPath = System.getProperty("java.class.path");
            if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
                // the server runs from the CLI's executable jar (provenant server)
                cmd.add("-jar");
                cmd.add(classPath);
            } else {
                cmd.add("-cp");
                cmd.add(classPath);
                cmd.add(CLI_MAIN);
            }
            cmd.add("replay-run");
            cmd.add(queued.runId());
            if (strictEnv) {
                cmd.add("--strict-env");
            }
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().put("PROVENANT_URL", "http://127.0.0.1:" + port);
            pb.environment()
                    .put(
                            "PROVENANT_TOKEN",
                            Files.readString(tokens.adminTokenFile()).trim());
            pb.environment().put("PROVENANT_HOME", home.root().toString());
            Process p = pb.start();
            byte[] out = p.getInputStream().readNBytes(64 * 1024);
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            int exit = p.waitFor();
            output = new String(out, StandardCharsets.UTF_8);
            Matcher v = VERDICT.matcher(output);
            Matcher r = REPLAY_ID.matcher(output);
            if (v.find()) {
                verdict = v.group(1);
                status = Status.DONE;
            } else {
                status = Status.ERROR;
                if (output.contains("Could not find or load main class " + CLI_MAIN)) {
                    output = "replay worker unavailable: this server was not started from the provenant CLI";
                } else {
                    output = "replay-run exited " + exit + ": " + output;
                }
            }
            if (r.find()) {
                replayRunId = r.group(1);
            }
        } catch (IOException e) {
            status = Status.ERROR;
            output = "could not start the replay: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = Status.ERROR;
            output = "interrupted";
        }
        put(new Job(
                queued.id(),
                queued.runId(),
                status,
                verdict,
                replayRunId,
                output,
                queued.submittedBy(),
                queued.submittedAt(),
                Instant.now()));
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
