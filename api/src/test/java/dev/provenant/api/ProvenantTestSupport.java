package dev.provenant.api;

import dev.provenant.testsupport.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Wires a Spring Boot test to a fresh database on the real test PostgreSQL and a fresh home. */
public final class ProvenantTestSupport {

    public static final String ALICE_TOKEN = "alice-token-0123456789abcdef";
    public static final String BOB_TOKEN = "bob-token-0123456789abcdef";
    public static final String READER_TOKEN = "carol-token-0123456789abcdef";

    private ProvenantTestSupport() {}

    public static TestPostgres.TestDatabase register(DynamicPropertyRegistry registry) {
        TestPostgres.TestDatabase db = TestPostgres.shared().newDatabase();
        Path home;
        try {
            home = Files.createTempDirectory("provenant-home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("provenant.db.url", db::jdbcUrl);
        registry.add("provenant.db.user", db::username);
        registry.add("provenant.db.password", db::password);
        registry.add("provenant.home", home::toString);
        registry.add(
                "provenant.tokens",
                () -> "alice=" + ALICE_TOKEN + ",bob=" + BOB_TOKEN + ":recorder,carol=" + READER_TOKEN + ":reader");
        registry.add("server.port", () -> "0");
        return db;
    }
}
