package dev.provenant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the CLI in this JVM as a user types it, capturing its exit code, stdout and stderr. */
public final class CliRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CliRun() {}

    /** One command's outcome. */
    public record Result(int exit, String out, String err) {
        public String all() {
            return out + err;
        }

        /** stdout as the one JSON document a {@code --json} command prints. */
        public JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    /** {@code provenant <args>}; settings come from {@code PROVENANT_*} system properties. */
    public static synchronized Result of(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = ProvenantCli.execute(args);
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
