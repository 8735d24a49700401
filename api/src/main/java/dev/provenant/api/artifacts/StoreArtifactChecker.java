package dev.provenant.api.artifacts;

import dev.provenant.artifacts.ArtifactNotFoundException;
import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.ArtifactStoreException;
import dev.provenant.artifacts.Digest;
import dev.provenant.artifacts.IntegrityException;
import dev.provenant.artifacts.Manifest;
import dev.provenant.artifacts.ManifestEntry;
import dev.provenant.lineage.ledger.ArtifactChecker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Checks artifacts by streaming them from the store to nowhere: the store's verifying stream fails
 * at the end when the bytes do not hash to the digest. Manifests are checked as objects; their
 * files are listed when asked, for the caller to check in turn.
 */
@Component
public class StoreArtifactChecker implements ArtifactChecker {

    private final ArtifactStore store;

    public StoreArtifactChecker(ArtifactStore store) {
        this.store = store;
    }

    @Override
    public Result check(String digest, boolean listFiles) {
        Digest d;
        try {
            d = Digest.parse(digest);
        } catch (IllegalArgumentException e) {
            return new Result(Status.CORRUPT, "not a valid digest: " + e.getMessage(), null);
        }
        boolean manifest;
        try (InputStream in = store.get(d)) {
            byte[] head = in.readNBytes(Manifest.headerLength());
            manifest = Manifest.isManifest(head);
            in.transferTo(OutputStream.nullOutputStream());
        } catch (ArtifactNotFoundException e) {
            return new Result(Status.MISSING, "not found in " + store.location(), null);
        } catch (IntegrityException e) {
            return new Result(Status.CORRUPT, e.getMessage(), null);
        } catch (ArtifactStoreException | IOException e) {
            return new Result(Status.UNAVAILABLE, e.getMessage(), null);
        }
        if (!listFiles || !manifest) {
            return Result.ok(null);
        }
        try {
            List<ManifestFile> files = store.readManifest(d).entries().stream()
                    .filter(e -> e.type() != ManifestEntry.Type.SYMLINK)
                    .map(e -> new ManifestFile(e.path(), e.digest().toString()))
                    .toList();
            return Result.ok(files);
        } catch (ArtifactStoreException e) {
            return new Result(Status.CORRUPT, "not a valid manifest: " + e.getMessage(), null);
        }
    }
}
