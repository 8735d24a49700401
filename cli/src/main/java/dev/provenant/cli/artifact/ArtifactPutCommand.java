package dev.provenant.cli.artifact;

import dev.provenant.artifacts.DirectoryPutArgs;
import dev.provenant.artifacts.DirectoryPutResult;
import dev.provenant.artifacts.PutArgs;
import dev.provenant.artifacts.PutResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code provenant artifact put <path> [--json] [--progress]}: stores a file, or a directory as a
 * manifest, and prints its id {@code sha256:<hex>}. Identical content is never uploaded twice.
 * Exit codes as in {@link ArtifactCommand}.
 */
@Command(
        name = "put",
        mixinStandardHelpOptions = true,
        description = {
            "Store a file, or a directory as a manifest, and print its id (sha256:<hex>).",
            "Content already in the store is not uploaded again."
        })
public class ArtifactPutCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    ArtifactCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<path>", description = "file or directory to store")
    Path path;

    @Option(
            names = "--json",
            description = "print {\"digest\":…, \"size\":…, \"kind\":\"file|manifest\"} instead of the bare id")
    boolean json;

    @Option(names = "--progress", description = "show progress on stderr even when it is not a terminal")
    boolean progress;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        if (!Files.exists(path)) {
            cmd.getErr().println("provenant artifact put: '" + path + "' does not exist.");
            cmd.getErr().flush();
            return ArtifactCommand.EXIT_ERROR;
        }
        return parent.withStore(cmd, store -> {
            ProgressBar bar = ProgressBar.create(cmd.getErr(), progress);
            String digest;
            long size;
            String kind;
            var doc = dev.provenant.recorder.client.ProvenantClient.JSON.createObjectNode();
            try {
                if (Files.isDirectory(path)) {
                    DirectoryPutResult r = store.putDirectory(DirectoryPutArgs.builder()
                            .directory(path)
                            .progress(bar)
                            .build());
                    digest = r.digest().toString();
                    size = r.manifest().totalSize();
                    kind = "manifest";
                    doc.put("files", r.manifest().entries().size());
                    doc.put("filesUploaded", r.filesUploaded());
                } else {
                    PutResult r =
                            store.put(PutArgs.builder().file(path).progress(bar).build());
                    digest = r.digest().toString();
                    size = r.size();
                    kind = "file";
                    doc.put("uploaded", r.uploaded());
                }
            } finally {
                bar.finish();
            }
            if (json) {
                var out = dev.provenant.recorder.client.ProvenantClient.JSON.createObjectNode();
                out.put("digest", digest);
                out.put("size", size);
                out.put("kind", kind);
                out.setAll(doc);
                cmd.getOut().println(out.toString());
            } else {
                cmd.getOut().println(digest);
            }
            cmd.getOut().flush();
            return 0;
        });
    }
}
