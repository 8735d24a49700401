package dev.provenant.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads GraphQL documents from {@code src/test/resources/graphql-test/}. */
public final class GraphQlDocuments {

    private GraphQlDocuments() {}

    public static String load(String name) {
        try (InputStream in = GraphQlDocuments.class.getResourceAsStream("/graphql-test/" + name + ".graphql")) {
            if (in == null) {
                throw new IllegalArgumentException("no test document graphql-test/" + name + ".graphql");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
