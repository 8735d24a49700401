package dev.provenant.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * The build's training run for the CLI's class-data sharing archive (not a user command: {@code
 * java -XX:ArchiveClassesAtExit=provenant.jsa -jar target/provenant/provenant.jar __cds-training},
 * see cli/pom.xml). It drives the client commands a user runs per step ({@code run}, {@code
 * pipeline run}, {@code runs}) through their real code against a stand-in server in this JVM that
 * answers every GraphQL request with one canned document, in a temporary home with a local
 * artifact store; the JVM then writes every class it loaded into the archive, so the next {@code
 * provenant run} maps them instead of loading, verifying and linking them again.
 *
 * <p>Nothing here is part of a recording: the stand-in server and the home are thrown away, and
 * the commands' output is discarded.
 */
final class CdsTraining {

    static final String ENTRY = "__cds-training";

    /** Every field the client commands read, so that each finds its part and takes its normal path. */
    private static final String ANSWER = """
            {"data":{
              "startRun":{"id":"run:00000000-0000-4000-8000-000000000001","readModelBehind":false,"errors":[],
                "run":{"id":"run:00000000-0000-4000-8000-000000000001","status":"RUNNING","metrics":[],"outputs":[]}},
              "finishRun":{"id":"run:00000000-0000-4000-8000-000000000001","readModelBehind":false,"errors":[],
                "run":{"id":"run:00000000-0000-4000-8000-000000000001","status":"SUCCEEDED",
                  "metrics":[{"name":"loss","value":0.5}],"outputs":[]}},
              "recordRunExecution":{"id":"run:00000000-0000-4000-8000-000000000001","errors":[],"run":{}},
              "recordCacheHit":{"id":"run:00000000-0000-4000-8000-000000000001","errors":[],"run":{}},
              "recordRunOutputs":{"id":"run:00000000-0000-4000-8000-000000000001","errors":[],"run":{}},
              "recordRunMetrics":{"id":"run:00000000-0000-4000-8000-000000000001","errors":[],"run":{}},
              "renewRunLease":{"status":"RUNNING","expiresAt":"2026-01-01T00:00:00Z","leaseSeconds":300,"errors":[]},
              "runs":{"edges":[],"pageInfo":{"hasNextPage":false,"endCursor":null}}
            }}
            """;

    private CdsTraining() {}

    static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("provenant-cds-training-");
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] answer = ANSWER.getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody();
                    OutputStream out = exchange.getResponseBody()) {
                in.readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                out.write(answer);
            }
        });
        server.start();
        try {
            Path home = Files.createDirectories(dir.resolve("home"));
            Path work = Files.createDirectories(dir.resolve("work"));
            Files.writeString(work.resolve("data.csv"), "1,2,3\n");
            Files.writeString(work.resolve("s0.txt"), "seed\n");
            Files.writeString(
                    work.resolve("pipeline.yaml"),
                    "name: training\nsteps:\n  - name: one\n    command: [sh, -c, \"cat s0.txt > s1.txt\"]\n"
                            + "    inputs: [s0.txt]\n    outputs: [s1.txt]\n");
            System.setProperty("PROVENANT_HOME", home.toString());
            System.setProperty(
                    "PROVENANT_URL", "http://127.0.0.1:" + server.getAddress().getPort());
            System.setProperty("PROVENANT_TOKEN", "training");
            PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            System.setOut(discard);
            System.setErr(discard);
            String python =
                    "import json; open('model.txt','w').write('1'); json.dump({'loss': 0.5}, open('metrics.json','w'))";
            String step = onPath("python3")
                    ? "python3"
                    : "sh"; // the Python probe's classes when there is an interpreter to probe
            List<String> run = step.equals("python3")
                    ? List.of("python3", "-c", python)
                    : List.of("sh", "-c", "echo 1 > model.txt; echo '{\"loss\": 0.5}' > metrics.json");
            String[] runArgs = concat(
                    List.of("run", "-C", work.toString(), "--input", "data.csv", "--output", "model.txt", "--"), run);
            for (int i = 0; i < 2; i++) { // twice: the second run takes the paths of a warm process
                ProvenantCli.execute(runArgs);
            }
            ProvenantCli.execute(
                    "pipeline", "run", work.resolve("pipeline.yaml").toString());
            ProvenantCli.execute("runs", "--limit", "1");
            ProvenantCli.execute("runs", "--limit", "1", "--json");
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
            server.stop(0);
            deleteTree(dir);
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    private static String[] concat(List<String> a, List<String> b) {
        String[] all = new String[a.size() + b.size()];
        for (int i = 0; i < a.size(); i++) {
            all[i] = a.get(i);
        }
        for (int i = 0; i < b.size(); i++) {
            all[a.size() + i] = b.get(i);
        }
        return all;
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a temp directory
                }
            });
        } catch (IOException ignored) {
            // a temp directory
        }
    }
}
