package dev.provenant.api.home;

import dev.provenant.api.config.ProvenantProperties;
import dev.provenant.api.startup.ProvenantStartupException;
import dev.provenant.artifacts.OwnerOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The service's own directory ({@code PROVENANT_HOME}, default {@code ~/.provenant}): embedded
 * PostgreSQL data, local artifacts, the admin token and the lock that keeps a second server away.
 *
 * <p>Only its owner may read it: it is created 0700, and a home made by an earlier version (0755
 * under the usual umask) is narrowed at start, together with the direct children Provenant owns
 * (directories 0700, files 0600). Deeper levels are left alone: a 0700 directory already stops
 * other local users from reaching anything below it.
 */
@Component
public class ProvenantHome {

    private final Path root;

    @Autowired
    public ProvenantHome(ProvenantProperties properties) {
        this(properties.home());
    }

    /** The home at {@code configured} (empty: {@code ~/.provenant}). */
    public ProvenantHome(String configured) {
        Path dir = configured == null || configured.isBlank()
                ? Path.of(System.getProperty("user.home"), ".provenant")
                : Path.of(configured);
        this.root = dir.toAbsolutePath().normalize();
        try {
            OwnerOnly.createDirectory(root);
            tightenChildren(root);
        } catch (IOException e) {
            throw new ProvenantStartupException(
                    "Cannot create PROVENANT_HOME directory " + root + ": " + e.getMessage(),
                    "Set PROVENANT_HOME to a writable directory.",
                    e);
        }
    }

    /** Directories directly under the home that Provenant owns (replay work folders are not here). */
    static final List<String> OWN_DIRECTORIES = List.of("artifacts", "postgres", "tmp", "lib");

    /** Files directly under the home that Provenant owns: secrets first. */
    static final List<String> OWN_FILES =
            List.of("admin.token", "postgres.password", "ledger-key", "server.url", "server.lock", "server.log");

    static void tightenChildren(Path root) {
        for (String d : OWN_DIRECTORIES) {
            Path p = root.resolve(d);
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                OwnerOnly.tighten(p);
            }
        }
        for (String f : OWN_FILES) {
            Path p = root.resolve(f);
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                OwnerOnly.tightenFile(p);
            }
        }
    }

    public Path root() {
        return root;
    }

    public Path resolve(String name) {
        return root.resolve(name);
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
