package dev.provenant.api.db;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test helper run in its own JVM: starts the embedded PostgreSQL of a home, writes the
 * postmaster's pid, then dies without any clean-up (as after kill -9), leaving it running.
 */
public final class OrphanMaker {

    private OrphanMaker() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        EmbeddedDatabase db = new EmbeddedDatabase(home.resolve("postgres"), home.resolve("postgres.password"), true);
        String pid = Files.readAllLines(home.resolve("postgres").resolve("postmaster.pid"))
                .get(0)
                .trim();
        Files.writeString(home.resolve("orphan.pid"), pid);
        System.out.println("started " + db.jdbcUrl());
        Runtime.getRuntime().halt(0);
    }
}
