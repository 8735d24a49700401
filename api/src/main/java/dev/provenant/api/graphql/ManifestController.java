package dev.provenant.api.graphql;

import dev.provenant.artifacts.ArtifactInfo;
import dev.provenant.artifacts.ArtifactNotFoundException;
import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.ArtifactStoreException;
import dev.provenant.artifacts.Digest;
import dev.provenant.artifacts.InvalidDigestException;
import dev.provenant.artifacts.Manifest;
import java.util.List;
import java.util.Optional;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/**
 * {@code manifest}: the files of a directory artifact (a run's code snapshot, a multi-file
 * dataset), so the web app can list them and fetch one file's bytes by its digest.
 */
@Controller
public class ManifestController {

    /** Manifests above this size are not listed over GraphQL (about 100 000 entries). */
    static final long MAX_LISTED_BYTES = 16L * 1024 * 1024;

    static final int MAX_FIRST = 10_000;

    /** A manifest as GraphQL returns it. */
    public record ManifestView(String digest, int entryCount, long totalBytes, List<EntryView> entries) {}

    /** One entry. */
    public record EntryView(String path, String digest, long sizeBytes, String type, String target) {}

    private final ArtifactStore store;

    public ManifestController(ArtifactStore store) {
        this.store = store;
    }

    @QueryMapping
    public ManifestView manifest(@Argument String digest, @Argument Integer first) {
        int limit = first == null ? 1000 : first;
        if (limit < 1 || limit > MAX_FIRST) {
            throw new IllegalArgumentException("first must be between 1 and " + MAX_FIRST + ", was " + limit);
        }
        Digest d;
        try {
            d = Digest.parse(digest == null ? "" : digest.trim());
        } catch (InvalidDigestException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        ArtifactInfo info;
        try {
            info = store.stat(d);
        } catch (ArtifactNotFoundException e) {
            return null;
        }
        if (info.size() > MAX_LISTED_BYTES) {
            throw new IllegalArgumentException("artifact " + d + " has " + info.size()
                    + " bytes; manifests over " + MAX_LISTED_BYTES + " bytes are not listed here"
                    + " (provenant artifact get " + d + " fetches it)");
        }
        Optional<Manifest> found;
        try {
            found = store.findManifest(d);
        } catch (ArtifactNotFoundException e) {
            return null;
        } catch (ArtifactStoreException e) {
            // an invalid or unsafe manifest is refused, not listed
            throw new IllegalArgumentException("artifact " + d + " is not a valid manifest: " + e.getMessage(), e);
        }
        Manifest m = found.orElseThrow(() -> new IllegalArgumentException("artifact " + d
                + " is a single file, not a manifest (a directory); fetch it with GET /api/artifacts/" + d));
        List<EntryView> entries = m.entries().stream()
                .limit(limit)
                .map(e -> new EntryView(
                        e.path(), e.digest().toString(), e.size(), e.type().name(), e.linkTarget()))
                .toList();
        return new ManifestView(m.digest().toString(), m.entries().size(), m.totalSize(), entries);
    }
}
