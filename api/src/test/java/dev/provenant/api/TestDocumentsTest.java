package dev.provenant.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.api.web.WebUiDocuments;
import dev.provenant.recorder.client.GraphQlDocuments;
import graphql.language.Document;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Every GraphQL document the API's tests and the bench suites send ({@code graphql-documents/} in
 * {@code api/src/test/resources}, {@code bench/src/main/resources} and {@code
 * recorder/src/test/resources}, plus the recorder's on the class path) and the web app
 * ({@code static/ui/graphql/}) is valid against the server's schema, so a renamed field fails here
 * rather than as a confusing assertion in an IT or a broken page. Documents under an {@code invalid/} folder are the exception: they
 * are attacks and malformed requests kept as files, and this test checks that each of them really
 * is refused by parsing or validation (see {@code graphql-documents/security/invalid/README.md}).
 */
class TestDocumentsTest {

    private static final Path BENCH_DOCUMENTS =
            Path.of("..", "bench", "src", "main", "resources", GraphQlDocuments.DIRECTORY);

    private static final Path RECORDER_TEST_DOCUMENTS =
            Path.of("..", "recorder", "src", "test", "resources", GraphQlDocuments.DIRECTORY);

    private final PathMatchingResourcePatternResolver resources = new PathMatchingResourcePatternResolver();

    private GraphQLSchema schema() throws Exception {
        TypeDefinitionRegistry registry = new TypeDefinitionRegistry();
        Resource[] files = resources.getResources("classpath*:graphql/*.graphqls");
        assertThat(files).as("the server's schema files on the class path").hasSizeGreaterThan(5);
        for (Resource r : files) {
            try (Reader in = new InputStreamReader(r.getInputStream(), StandardCharsets.UTF_8)) {
                registry.merge(new SchemaParser().parse(in));
            }
        }
        return UnExecutableSchemaGenerator.makeUnExecutableSchema(registry);
    }

    /** Document names ({@code security/runs}) of every file on the class path, fragments excluded. */
    private List<String> classpathDocuments() throws Exception {
        List<String> names = new ArrayList<>();
        for (Resource r : resources.getResources("classpath*:" + GraphQlDocuments.DIRECTORY + "**/*.graphql")) {
            String url = r.getURL().toString();
            String name = url.substring(
                            url.lastIndexOf(GraphQlDocuments.DIRECTORY) + GraphQlDocuments.DIRECTORY.length())
                    .replaceFirst("\\.graphql$", "");
            if (!name.startsWith("fragments/")) {
                names.add(name);
            }
        }
        return names.stream().sorted().distinct().toList();
    }

    private static List<String> problems(GraphQLSchema schema, String text) {
        try {
            Document doc = Parser.parse(text);
            return new Validator()
                    .validateDocument(schema, doc, Locale.ROOT).stream()
                            .map(ValidationError::getMessage)
                            .toList();
        } catch (InvalidSyntaxException e) {
            return List.of(e.getMessage());
        }
    }

    @Test
    void everyTestDocumentIsValidAgainstTheServersSchema() throws Exception {
        GraphQLSchema schema = schema();
        List<String> names = classpathDocuments().stream()
                .filter(n -> !n.contains("invalid/"))
                .toList();
        assertThat(names).as("documents of the API's tests").hasSizeGreaterThanOrEqualTo(80);
        List<String> problems = new ArrayList<>();
        for (String name : names) {
            problems(schema, GraphQlDocuments.load(name)).forEach(p -> problems.add(name + ": " + p));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyDocumentUnderInvalidIsRefusedByParsingOrValidation() throws Exception {
        GraphQLSchema schema = schema();
        List<String> names = classpathDocuments().stream()
                .filter(n -> n.contains("invalid/"))
                .toList();
        assertThat(names).as("deliberately invalid documents").isNotEmpty();
        for (String name : names) {
            assertThat(problems(schema, GraphQlDocuments.loadVerbatim(name)))
                    .as("%s is kept as invalid, so it must be", name)
                    .isNotEmpty();
        }
    }

    @Test
    void everyBenchDocumentIsValidAgainstTheServersSchema() throws Exception {
        assertDocumentsIn(BENCH_DOCUMENTS, 5);
    }

    @Test
    void everyRecorderTestDocumentIsValidAgainstTheServersSchema_andItsInvalidOnesAreNot() throws Exception {
        assertDocumentsIn(RECORDER_TEST_DOCUMENTS, 2);
    }

    @Test
    void everyWebUiDocumentIsValidAgainstTheServersSchema() throws Exception {
        GraphQLSchema schema = schema();
        Map<String, String> files = WebUiDocuments.files();
        assertThat(files)
                .as("the web app's documents in %s", WebUiDocuments.DIRECTORY)
                .hasSizeGreaterThanOrEqualTo(15);
        List<String> problems = new ArrayList<>();
        files.forEach((name, text) -> problems(schema, text).forEach(p -> problems.add(name + ": " + p)));
        assertThat(problems).isEmpty();
    }

    @Test
    void theWebUiNamesEveryDocumentItSends_andEachNameIsAFile_andEachFileIsUsed() {
        assertThat(WebUiDocuments.callsWithoutADocumentName())
                .as("gql(...) calls in static/ui/*.js whose document is not a file named by a string literal")
                .isEmpty();
        List<String> referenced = WebUiDocuments.referencedNames();
        assertThat(referenced).as("documents the web app names").hasSizeGreaterThanOrEqualTo(15);
        assertThat(WebUiDocuments.files().keySet())
                .as("files in %s: each one the app names, no other", WebUiDocuments.DIRECTORY)
                .containsExactlyInAnyOrderElementsOf(referenced);
    }

    /** Documents in a module this test cannot see on its class path (no fragments there). */
    private void assertDocumentsIn(Path dir, int atLeast) throws Exception {
        GraphQLSchema schema = schema();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.toString().endsWith(".graphql")).sorted().toList();
        }
        assertThat(files).as("documents in %s", dir).hasSizeGreaterThanOrEqualTo(atLeast);
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            List<String> found = problems(schema, Files.readString(f, StandardCharsets.UTF_8));
            if (dir.relativize(f).toString().contains("invalid/")) {
                assertThat(found).as("%s is kept as invalid, so it must be", f).isNotEmpty();
            } else {
                found.forEach(p -> problems.add(dir.relativize(f) + ": " + p));
            }
        }
        assertThat(problems).isEmpty();
    }
}
