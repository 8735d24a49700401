package dev.provenant.api.home;

import dev.provenant.api.startup.ProvenantStartupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The service's own directory ({@code PROVENANT_HOME}, default {@code ~/.provenant}): embedded
 * PostgreSQL data, local artifacts, the admin token and the lock that keeps a second server away.
 */
@Component
public class ProvenantHome {

    private final Path root;

    public ProvenantHome(@Value("${provenant.home:}") String configured) {
        Path dir = configured == null || configured.isBlank()
                ? Path.of(System.getProperty("user.home"), ".provenant")
                : Path.of(configured);
        this.root = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new ProvenantStartupException(
                    "Cannot create PROVENANT_HOME directory " + root + ": " + e.getMessage(),
                    "Set PROVENANT_HOME to a writable directory.",
                    e);
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
