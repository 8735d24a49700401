package dev.provenant.cli.artifact;

import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.ArtifactStoreException;
import dev.provenant.artifacts.ArtifactStores;
import dev.provenant.artifacts.IntegrityException;
import dev.provenant.artifacts.InvalidDigestException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code provenant artifact put|get}: the content-addressed artifact store from the command line.
 *
 * <pre>
 *   provenant artifact put &lt;path&gt; [--json] [--progress]      store a file, or a directory as a manifest
 *   provenant artifact get &lt;sha256:…&gt; -o &lt;path&gt; [--force]     materialize it, verifying every digest
 * </pre>
 *
 * <p>The store is the one every Provenant process uses: S3 when {@code PROVENANT_S3_ENDPOINT} is
 * set ({@code PROVENANT_S3_BUCKET}, {@code PROVENANT_S3_ACCESS_KEY}, {@code
 * PROVENANT_S3_SECRET_KEY}), otherwise the local directory {@code PROVENANT_HOME/artifacts}
 * ({@code PROVENANT_HOME} defaults to {@code ~/.provenant}).
 *
 * <p>Progress goes to stderr, only when a terminal is attached or with {@code --progress}.
 *
 * <p>Exit codes:
 *
 * <ul>
 *   <li>0 — done;
 *   <li>1 — error (store unreachable, file not found, target exists…); the message on stderr names
 *       the problem and what to do;
 *   <li>2 — usage error (unknown option, malformed digest);
 *   <li>5 — integrity error: stored bytes do not hash to their digest (message starts with {@code
 *       integrity error:}); nothing is left at the {@code -o} path.
 * </ul>
 */
@Command(
        name = "artifact",
        mixinStandardHelpOptions = true,
        description = "Store and retrieve content-addressed artifacts (files and directory manifests).",
        subcommands = {ArtifactPutCommand.class, ArtifactGetCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:error (message on stderr)",
            "2:usage error, malformed digest",
            "5:integrity error: stored bytes do not match their digest"
        })
public class ArtifactCommand implements Runnable {

    /** Exit code for an integrity failure (damaged or tampered bytes). */
    public static final int EXIT_INTEGRITY = 5;

    /** Exit code for other failures. */
    public static final int EXIT_ERROR = 1;

    /** Exit code for usage errors. */
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;

    /** Uses the process environment ({@code PROVENANT_*} system properties override it, as for every command). */
    public ArtifactCommand() {
        this(ArtifactStores.processEnvironment());
    }

    /** Uses the given environment (tests). */
    public ArtifactCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Opens the store chosen by the environment. */
    ArtifactStore openStore() {
        return ArtifactStores.fromEnvironment(home(), env);
    }

    Path home() {
        String home = env.get("PROVENANT_HOME");
        if (home == null || home.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".provenant");
        }
        return Path.of(home);
    }

    /**
     * Runs an action against the store and maps failures to exit codes and messages on stderr.
     */
    int withStore(CommandLine cmd, StoreAction action) {
        PrintWriter err = cmd.getErr();
        try (ArtifactStore store = openStore()) {
            return action.run(store);
        } catch (IntegrityException e) {
            String msg = e.getMessage();
            err.println(msg.startsWith("integrity error") ? msg : "integrity error: " + msg);
            err.println("The stored bytes are damaged or were tampered with; nothing was written. Run"
                    + " 'provenant verify' and restore the artifact from a good copy.");
            err.flush();
            return EXIT_INTEGRITY;
        } catch (InvalidDigestException e) {
            err.println("provenant artifact: " + e.getMessage());
            err.flush();
            return EXIT_USAGE;
        } catch (ArtifactStoreException | IllegalArgumentException e) {
            err.println("provenant artifact: " + e.getMessage());
            err.flush();
            return EXIT_ERROR;
        }
    }

    @FunctionalInterface
    interface StoreAction {
        int run(ArtifactStore store);
    }
}
