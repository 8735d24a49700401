package dev.provenant.testsupport;

import graphql.language.Document;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * What the tests of GraphQL document files share ({@code TestDocumentsTest} in the API, {@code
 * ClientDocumentsTest} in the CLI): the server's schema as the server builds it, validating one document
 * against it, and checking that a folder of documents and the sources that send them agree — every file is
 * named by some source, every name a source sends is a file.
 *
 * <p>A document is named by its path under the folder without {@code .graphql} ({@code
 * security/every-mutation/startRun}), and sources write that name in full as one string literal: a name
 * built from a folder prefix ({@code "common/" + field}) could not be checked, so a literal that starts with
 * one of the folder's sub-folders and is no file is reported as unknown, prefixes included.
 */
public final class GraphQlDocumentFiles {

    /** Where the server's schema files are on the class path (where Spring for GraphQL looks for them). */
    public static final String SCHEMA_FILES = "classpath*:graphql/**/*.graphqls";

    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");

    /**
     * Calls whose one argument is a document name: the loaders ({@code GraphQlDocuments.load}, {@code
     * loadVerbatim}), the testers' {@code documentName}, the Python client's {@code document}, {@code
     * _mutate} and its tests' {@code documents}.
     */
    private static final Pattern NAMING_CALL = Pattern.compile(
            "(?:GraphQlDocuments\\.load|GraphQlDocuments\\.loadVerbatim|\\bdocumentName|\\bdocuments?|\\b_mutate)"
                    + "\\(\\s*\"((?:[^\"\\\\\\n]|\\\\.)*)\"");

    /** Generated and downloaded files under a source root, not sources. */
    private static final Pattern BUILD_OUTPUT = Pattern.compile("(.*/)?(target|node_modules|\\.venv)/.*");

    private static volatile GraphQLSchema schema;

    private GraphQlDocumentFiles() {}

    /** The server's schema, from the {@code .graphqls} files it is built from (on the class path). */
    public static GraphQLSchema serverSchema() {
        GraphQLSchema s = schema;
        if (s == null) {
            s = readSchema();
            schema = s;
        }
        return s;
    }

    private static GraphQLSchema readSchema() {
        try {
            TypeDefinitionRegistry registry = new TypeDefinitionRegistry();
            Resource[] files = new PathMatchingResourcePatternResolver().getResources(SCHEMA_FILES);
            if (files.length < 5) {
                throw new IllegalStateException(
                        "the server's schema files are not on the class path (" + SCHEMA_FILES + "): " + files.length);
            }
            for (Resource r : files) {
                try (Reader in = new InputStreamReader(r.getInputStream(), StandardCharsets.UTF_8)) {
                    registry.merge(new SchemaParser().parse(in));
                }
            }
            return UnExecutableSchemaGenerator.makeUnExecutableSchema(registry);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What parsing and validating {@code document} against the server's schema reports; empty when it is valid. */
    public static List<String> problems(String document) {
        try {
            Document doc = Parser.parse(document);
            return new Validator()
                    .validateDocument(serverSchema(), doc, Locale.ROOT).stream()
                            .map(ValidationError::getMessage)
                            .toList();
        } catch (InvalidSyntaxException e) {
            return List.of(e.getMessage());
        }
    }

    /** The {@code .graphql} files under {@code dir}, sorted. */
    public static List<Path> files(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".graphql")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document name of {@code file} under {@code dir}: its relative path without {@code .graphql}, with '/'. */
    public static String name(Path dir, Path file) {
        return dir.relativize(file).toString().replace('\\', '/').replaceFirst("\\.graphql$", "");
    }

    /**
     * Files under {@code documents} that no source under {@code sources} names, and names the sources use that
     * are no file there.
     *
     * @param unused a document no source names as a string literal; a fragment ({@code fragments/X}) no
     *     document spreads ({@code ...X})
     * @param unknown a string literal that starts with one of the folder's sub-folders ({@code common/}) and is
     *     no file, or a name passed to a call that takes one ({@code documentName("…")}) that is no file
     */
    public record Usage(List<String> unused, List<String> unknown) {}

    /** See {@link Usage}; sources are the {@code .java} and {@code .py} files under each of {@code sources}. */
    public static Usage usage(Path documents, List<Path> sources) {
        Set<String> names = new TreeSet<>();
        Set<String> folders = new TreeSet<>();
        StringBuilder texts = new StringBuilder();
        for (Path f : files(documents)) {
            String name = name(documents, f);
            names.add(name);
            if (name.contains("/") && !name.startsWith("fragments/")) {
                folders.add(name.substring(0, name.indexOf('/') + 1));
            }
            if (!name.startsWith("fragments/")) {
                texts.append(read(f)).append('\n');
            }
        }
        Set<String> literals = new TreeSet<>();
        Set<String> unknown = new TreeSet<>();
        for (Path root : sources) {
            for (Path f : sources(root)) {
                String text = read(f);
                List<String> inFile = new ArrayList<>();
                if (f.toString().endsWith(".java")) {
                    inFile.addAll(JavaStrings.literals(text)); // comments do not name a document
                } else {
                    Matcher m = LITERAL.matcher(text);
                    while (m.find()) {
                        inFile.add(m.group(1));
                    }
                }
                for (String literal : inFile) {
                    literals.add(literal);
                    if (folders.stream().anyMatch(literal::startsWith) && !names.contains(literal)) {
                        unknown.add(literal + " (" + root.relativize(f) + ")");
                    }
                }
                Matcher call = NAMING_CALL.matcher(text);
                while (call.find()) {
                    if (!names.contains(call.group(1))) {
                        unknown.add(call.group(1) + " (" + root.relativize(f) + ")");
                    }
                }
            }
        }
        List<String> unused = new ArrayList<>();
        for (String name : names) {
            boolean used = name.startsWith("fragments/")
                    ? Pattern.compile("\\.\\.\\.\\s*" + Pattern.quote(name.substring("fragments/".length())) + "\\b")
                            .matcher(texts)
                            .find()
                    : literals.contains(name);
            if (!used) {
                unused.add(name);
            }
        }
        return new Usage(unused, List.copyOf(unknown));
    }

    /**
     * Fails, listing them, when {@link #usage} finds an unused file or an unknown name, or when {@code documents}
     * holds no document at all (a wrong path must not pass).
     */
    public static void assertEveryFileIsUsedAndEveryNameIsAFile(Path documents, Path... sources) {
        if (files(documents).isEmpty()) {
            throw new AssertionError(
                    "no GraphQL documents in " + documents.toAbsolutePath().normalize());
        }
        Usage usage = usage(documents, List.of(sources));
        if (!usage.unused().isEmpty() || !usage.unknown().isEmpty()) {
            throw new AssertionError("GraphQL documents in " + documents + " and the sources in " + List.of(sources)
                    + " disagree:\n  files no source names (delete them or name them in full): " + usage.unused()
                    + "\n  names that are no file (a typo, a deleted file, or a name built from a prefix): "
                    + usage.unknown());
        }
    }

    /**
     * GraphQL documents held in Java string literals under {@code roots} ({@code file:line: text}): a literal, a
     * text block, or literals joined with {@code +} (what stands between them counts as {@code 0}) that parses as
     * a document whose operation selects a root field of the server's schema or an introspection field. Documents
     * built piece by piece ({@code StringBuilder}) are not seen; generated attacks are built that way on purpose.
     */
    public static List<String> documentsInJavaStrings(Path... roots) {
        GraphQLSchema schema = serverSchema();
        Set<String> rootFields = new TreeSet<>(List.of("__schema", "__type", "__typename"));
        for (var type : List.of(schema.getQueryType(), schema.getMutationType())) {
            type.getFieldDefinitions().forEach(f -> rootFields.add(f.getName()));
        }
        if (schema.getSubscriptionType() != null) {
            schema.getSubscriptionType().getFieldDefinitions().forEach(f -> rootFields.add(f.getName()));
        }
        List<String> found = new ArrayList<>();
        for (Path root : roots) {
            for (Path f : sources(root)) {
                if (!f.toString().endsWith(".java")) {
                    continue;
                }
                String text = read(f);
                for (JavaStrings.Joined s : JavaStrings.joined(text)) {
                    if (s.text().indexOf('{') >= 0 && selectsARootField(s.text(), rootFields)) {
                        found.add(f.normalize() + ":" + s.line() + ": "
                                + s.text().strip().replaceAll("\\s+", " "));
                    }
                }
            }
        }
        return found;
    }

    private static boolean selectsARootField(String text, Set<String> rootFields) {
        Document doc;
        try {
            doc = Parser.parse(text);
        } catch (RuntimeException e) {
            return false;
        }
        return doc.getDefinitionsOfType(graphql.language.OperationDefinition.class).stream()
                .flatMap(o -> o.getSelectionSet().getSelectionsOfType(graphql.language.Field.class).stream())
                .anyMatch(field -> rootFields.contains(field.getName()));
    }

    private static List<Path> sources(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(
                            p -> p.toString().endsWith(".java") || p.toString().endsWith(".py"))
                    .filter(p -> !BUILD_OUTPUT
                            .matcher(root.relativize(p).toString().replace('\\', '/'))
                            .matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
