package dev.provenant.cli;

import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.ArtifactStores;
import dev.provenant.cli.client.Output;
import dev.provenant.cli.client.ServerLocator;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.client.ProvenantClient;
import dev.provenant.recorder.run.ReplayWorkdirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code provenant gc --temp}: removes leftovers of interrupted work — temporary files of uploads
 * that never finished, and replay work directories — older than {@code --older-than}. Stored
 * artifacts and events are never touched.
 */
@Command(
        name = "gc",
        mixinStandardHelpOptions = true,
        description = "Remove leftovers of interrupted work: temporary upload files in the artifact store and old"
                + " replay work directories (PROVENANT_HOME/replays, the system temp directory). Stored artifacts"
                + " and events are never touched.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:error", "2:usage"})
public class GcCommand implements Callable<Integer> {

    @Option(
            names = "--temp",
            description = "collect temporary files and replay directories (the one kind of garbage so far)")
    boolean temp;

    @Option(
            names = "--older-than",
            paramLabel = "AGE",
            defaultValue = "1h",
            description = "only what was last modified longer ago than this: 30m, 1h, 2d, or ISO-8601 (PT1H); default"
                    + " ${DEFAULT-VALUE}. 0s removes everything, including temp files of uploads running right now.")
    String olderThan;

    @Option(names = "--json", description = "print one JSON document on stdout")
    boolean json;

    @Override
    public Integer call() {
        if (!temp) {
            System.err.println("provenant: say what to collect: provenant gc --temp [--older-than 1h]");
            return 2;
        }
        Duration age;
        try {
            age = parse(olderThan);
        } catch (IllegalArgumentException e) {
            System.err.println("provenant: --older-than: " + e.getMessage());
            return 2;
        }
        try {
            ServerLocator locator = ServerLocator.fromEnvironment();
            ArtifactStore.Removed temps;
            try (ArtifactStore store = ArtifactStores.fromEnvironment(locator.home(), locator.env())) {
                temps = store.removeStaleTemp(age);
            }
            List<Path> replays = new java.util.ArrayList<>(
                    ReplayWorkdirs.older(locator.home().resolve("replays"), "replay-", age));
            Path systemTemp = Path.of(System.getProperty("java.io.tmpdir"));
            for (Path root : ReplayWorkdirs.older(systemTemp, "provenant-replays-", age)) {
                // hermetic replays run as root make these; only ever remove our own
                if (Files.getOwner(root).getName().equals(System.getProperty("user.name"))) {
                    replays.add(root);
                }
            }
            long replayBytes = 0;
            int removed = 0;
            for (Path p : replays) {
                replayBytes += ReplayWorkdirs.removeTree(p);
                if (!Files.exists(p)) {
                    removed++;
                }
            }
            if (json) {
                var doc = ProvenantClient.JSON.createObjectNode();
                doc.put("olderThanSeconds", age.toSeconds());
                doc.put("tempFiles", temps.files());
                doc.put("tempBytes", temps.bytes());
                doc.put("replayDirectories", removed);
                doc.put("replayBytes", replayBytes);
                Output.json(System.out, doc);
            } else {
                System.out.printf(
                        "removed %d temp file(s) (%s) and %d replay director%s (%s) older than %s%n",
                        temps.files(),
                        human(temps.bytes()),
                        removed,
                        removed == 1 ? "y" : "ies",
                        human(replayBytes),
                        olderThan);
            }
            return 0;
        } catch (CliException e) {
            System.err.println("provenant: " + e.getMessage());
            return e.exitCode();
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("provenant: gc failed: " + e.getMessage());
            return 1;
        }
    }

    static Duration parse(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT);
        try {
            return Duration.parse(t.startsWith("P") ? t : t.endsWith("D") ? "P" + t : "PT" + t);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + s + "' is not an age: use 30m, 1h, 2d or PT1H");
        }
    }

    private static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
