package dev.provenant.recorder.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The GraphQL documents clients send, kept as files ({@code graphql-documents/<name>.graphql} on
 * the class path: the recorder's and the CLI's resources) rather than string literals, so that one
 * test can check every document against the server's schema ({@code ClientDocumentsTest} in the
 * CLI).
 */
public final class GraphQlDocuments {

    /** Where the documents are on the class path. */
    public static final String DIRECTORY = "graphql-documents/";

    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private GraphQlDocuments() {}

    /** The document {@code graphql-documents/<name>.graphql}; fails loudly when it is missing. */
    public static String load(String name) {
        return CACHE.computeIfAbsent(name, GraphQlDocuments::read);
    }

    private static String read(String name) {
        String path = DIRECTORY + name + ".graphql";
        try (InputStream in = GraphQlDocuments.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("GraphQL document " + path + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
