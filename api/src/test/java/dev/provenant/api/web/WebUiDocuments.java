package dev.provenant.api.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The web app's GraphQL documents as the tests see them: the files under {@code static/ui/graphql/}
 * (served at {@code /ui/graphql/<name>.graphql}) and the names its modules ({@code static/ui/*.js})
 * pass to {@code gql("<name>", …)} and {@code graphqlDocument("<name>")}.
 */
public final class WebUiDocuments {

    /** Where the documents are on the class path, and under which path the server serves them. */
    public static final String DIRECTORY = "static/ui/graphql/";

    public static final String URL_PATH = "/ui/graphql/";

    /** A call of {@code gql(} that is not its definition. */
    private static final Pattern GQL_CALL = Pattern.compile("(?<!function )\\bgql\\(");

    /** A call naming its document by a string literal, the only form the app may use. */
    private static final Pattern NAMED_CALL = Pattern.compile("\\b(?:gql|graphqlDocument)\\(\\s*\"([^\"]*)\"");

    private static final PathMatchingResourcePatternResolver RESOURCES = new PathMatchingResourcePatternResolver();

    private WebUiDocuments() {}

    /** Document name (file name without {@code .graphql}) to its text, sorted by name. */
    public static Map<String, String> files() {
        Map<String, String> files = new TreeMap<>();
        for (Resource r : resources("classpath*:" + DIRECTORY + "*.graphql")) {
            files.put(r.getFilename().replaceFirst("\\.graphql$", ""), read(r));
        }
        return files;
    }

    /** The app's modules: file name ({@code app.js}) to source. */
    public static Map<String, String> modules() {
        Map<String, String> modules = new TreeMap<>();
        for (Resource r : resources("classpath*:static/ui/*.js")) {
            modules.put(r.getFilename(), read(r));
        }
        return modules;
    }

    /** Every document name the modules pass as a string literal, sorted, each once. */
    public static List<String> referencedNames() {
        List<String> names = new ArrayList<>();
        for (String source : modules().values()) {
            Matcher m = NAMED_CALL.matcher(source);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names.stream().distinct().sorted().toList();
    }

    /**
     * The calls of {@code gql(…)} whose first argument is not a string literal (a document written
     * inline or held in a variable), as {@code module: text after the call}; empty when the app
     * names every document.
     */
    public static List<String> callsWithoutADocumentName() {
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, String> module : modules().entrySet()) {
            String source = module.getValue();
            Matcher m = GQL_CALL.matcher(source);
            while (m.find()) {
                String rest = source.substring(m.start(), Math.min(source.length(), m.start() + 60));
                if (!NAMED_CALL.matcher(rest).lookingAt()) {
                    found.add(module.getKey() + ": " + rest.replace('\n', ' '));
                }
            }
        }
        return found;
    }

    private static Resource[] resources(String pattern) {
        try {
            return RESOURCES.getResources(pattern);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Resource r) {
        try (InputStream in = r.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
