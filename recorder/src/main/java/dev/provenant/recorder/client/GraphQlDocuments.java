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
 * CLI; the tests' and bench suites' documents live in sub-folders of the same directory and are
 * checked by {@code TestDocumentsTest} in the API). A document may spread named fragments ({@code ...RunFields}); each is appended from {@code
 * graphql-documents/fragments/<Name>.graphql}, once, with the fragments it spreads in turn.
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

    /**
     * The file {@code graphql-documents/<name>.graphql} exactly as written, without appending the
     * fragments it spreads: for tests that send deliberately malformed documents.
     */
    public static String loadVerbatim(String name) {
        return file(DIRECTORY + name + ".graphql");
    }

    private static final java.util.regex.Pattern SPREAD =
            java.util.regex.Pattern.compile("\\.\\.\\.\\s*(?!on\\b)([A-Za-z_][A-Za-z0-9_]*)");

    private static String read(String name) {
        StringBuilder doc = new StringBuilder(file(DIRECTORY + name + ".graphql"));
        java.util.Set<String> appended = new java.util.LinkedHashSet<>();
        boolean more = true;
        while (more) {
            more = false;
            java.util.regex.Matcher m = SPREAD.matcher(doc.toString());
            java.util.List<String> names = new java.util.ArrayList<>();
            while (m.find()) {
                names.add(m.group(1));
            }
            for (String fragment : names) {
                if (appended.add(fragment)) {
                    doc.append('\n').append(file(DIRECTORY + "fragments/" + fragment + ".graphql"));
                    more = true;
                }
            }
        }
        return doc.toString();
    }

    private static String file(String path) {
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
