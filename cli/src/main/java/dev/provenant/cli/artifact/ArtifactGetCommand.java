package dev.provenant.cli.artifact;

import dev.provenant.artifacts.Digest;
import dev.provenant.artifacts.Manifest;
import dev.provenant.artifacts.MaterializeArgs;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code provenant artifact get <sha256:…> -o <path> [--force] [--raw] [--progress]}: writes an
 * artifact to a file, or a manifest's tree to a directory, verifying every digest. The output
 * appears only when everything was verified: on any failure nothing (not even a partial file) is
 * left at {@code <path>}. Exit code 5 on an integrity error, otherwise as in {@link
 * ArtifactCommand}.
 */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description = {
            "Materialize an artifact (a file, or a manifest's directory tree), verifying every digest.",
            "Nothing is left at the output path when verification fails (exit code 5)."
        })
public class ArtifactGetCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    ArtifactCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<id>", description = "artifact id, sha256:<64 hex digits>")
    String id;

    @Option(
            names = {"-o", "--output"},
            required = true,
            paramLabel = "<path>",
            description = "file to write, or directory to create for a manifest")
    Path output;

    @Option(names = "--force", description = "replace an existing output file or non-empty directory")
    boolean force;

    @Option(names = "--raw", description = "write a manifest's own bytes instead of recreating its tree")
    boolean raw;

    @Option(names = "--progress", description = "show progress on stderr even when it is not a terminal")
    boolean progress;

    @Option(
            names = "--json",
            description = "when done, print {\"digest\":…, \"size\":…, \"kind\":\"file|manifest\", \"path\":…}")
    boolean json;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        return parent.withStore(cmd, store -> {
            Digest digest = Digest.parse(id);
            Optional<Manifest> manifest = raw ? Optional.empty() : store.findManifest(digest);
            ProgressBar bar = ProgressBar.create(cmd.getErr(), progress);
            try {
                MaterializeArgs args = MaterializeArgs.builder()
                        .digest(digest)
                        .target(output)
                        .overwrite(force)
                        .progress(bar)
                        .build();
                if (manifest.isPresent()) {
                    store.materializeTree(args);
                } else {
                    store.materialize(args);
                }
            } finally {
                bar.finish();
            }
            if (json) {
                var doc = dev.provenant.recorder.client.ProvenantClient.JSON.createObjectNode();
                doc.put("digest", digest.toString());
                try {
                    doc.put(
                            "size",
                            manifest.isPresent() ? manifest.get().totalSize() : java.nio.file.Files.size(output));
                } catch (java.io.IOException e) {
                    doc.putNull("size");
                }
                doc.put("kind", manifest.isPresent() ? "manifest" : "file");
                doc.put("path", output.toAbsolutePath().toString());
                cmd.getOut().println(doc.toString());
                cmd.getOut().flush();
            }
            return 0;
        });
    }
}
