package dev.provenant.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.api.web.WebUiDocuments;
import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.testsupport.GraphQlDocumentFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Each document file of the API's tests, the bench suites and the recorder's tests is named in full
 * ({@code "common/startRun"}) by some source of that module, and each name a source sends is a file
 * ({@link GraphQlDocumentFiles#usage}).
 */
class TestDocumentsTest {

    private static final Path BENCH_DOCUMENTS =
            Path.of("..", "bench", "src", "main", "resources", GraphQlDocuments.DIRECTORY);

    private static final Path RECORDER_TEST_DOCUMENTS =
            Path.of("..", "recorder", "src", "test", "resources", GraphQlDocuments.DIRECTORY);

    private static final Path API_TEST_DOCUMENTS = Path.of("src", "test", "resources", GraphQlDocuments.DIRECTORY);

    private final PathMatchingResourcePatternResolver resources = new PathMatchingResourcePatternResolver();

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

    @Test
    void everyTestDocumentIsValidAgainstTheServersSchema() throws Exception {
        List<String> names = classpathDocuments().stream()
                .filter(n -> !n.contains("invalid/"))
                .toList();
        assertThat(names).as("documents of the API's tests").hasSizeGreaterThanOrEqualTo(80);
        List<String> problems = new ArrayList<>();
        for (String name : names) {
            GraphQlDocumentFiles.problems(GraphQlDocuments.load(name)).forEach(p -> problems.add(name + ": " + p));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyDocumentUnderInvalidIsRefusedByParsingOrValidation() throws Exception {
        List<String> names = classpathDocuments().stream()
                .filter(n -> n.contains("invalid/"))
                .toList();
        assertThat(names).as("deliberately invalid documents").isNotEmpty();
        for (String name : names) {
            assertThat(GraphQlDocumentFiles.problems(GraphQlDocuments.loadVerbatim(name)))
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
        Map<String, String> files = WebUiDocuments.files();
        assertThat(files)
                .as("the web app's documents in %s", WebUiDocuments.DIRECTORY)
                .hasSizeGreaterThanOrEqualTo(15);
        List<String> problems = new ArrayList<>();
        files.forEach((name, text) -> GraphQlDocumentFiles.problems(text).forEach(p -> problems.add(name + ": " + p)));
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

    @Test
    void everyTestDocumentFileIsNamedInFullBySomeTest_andEveryNameATestSendsIsAFile() {
        GraphQlDocumentFiles.assertEveryFileIsUsedAndEveryNameIsAFile(
                API_TEST_DOCUMENTS, Path.of("src", "test", "java"));
    }

    @Test
    void everyBenchDocumentFileIsNamedInFullBySomeSuite_andEveryNameASuiteSendsIsAFile() {
        GraphQlDocumentFiles.assertEveryFileIsUsedAndEveryNameIsAFile(
                BENCH_DOCUMENTS, Path.of("..", "bench", "src", "main", "java"));
    }

    @Test
    void everyRecorderTestDocumentFileIsNamedInFullBySomeTest_andEveryNameATestSendsIsAFile() {
        GraphQlDocumentFiles.assertEveryFileIsUsedAndEveryNameIsAFile(
                RECORDER_TEST_DOCUMENTS, Path.of("..", "recorder", "src", "test", "java"));
    }

    /**
     * Where a GraphQL document (or a piece of one) in a Java string is meant: generated attacks and checkers'
     * proofs, each with its reason. {@code GraphQlGuardsIT}'s depth bomb and alias flood are built piece by
     * piece with a {@code StringBuilder}, which the scan does not see.
     */
    private static final Map<String, String> INLINE_ON_PURPOSE = Map.of(
            "ClientDocumentsTest.java",
            "a document the validator must refuse (an unknown field), proof that it catches one",
            "JavaStringsTest.java",
            "the documents this scan must find, proof that it joins literals as a reader does",
            "InputValidationIT.java",
            "one mutation generated per string input of every mutation in the schema (' { __typename }' is its tail)");

    /** Documents are files (issue #19): none in a Java string of any module, main or test, but those above. */
    @Test
    void noGraphQlDocumentIsHeldInAJavaString_butThoseGeneratedOrProvingACheckOnPurpose() throws Exception {
        List<Path> roots = new ArrayList<>();
        try (var modules = Files.list(Path.of(".."))) {
            modules.map(m -> m.resolve("src"))
                    .filter(Files::isDirectory)
                    .sorted()
                    .forEach(roots::add);
        }
        roots.add(Path.of("..", "examples"));
        assertThat(roots).as("module sources").hasSizeGreaterThanOrEqualTo(9);
        List<String> found = GraphQlDocumentFiles.documentsInJavaStrings(roots.toArray(Path[]::new));
        assertThat(found)
                .as("documents in Java strings (make them files under graphql-documents/ and name them)")
                .allMatch(f -> INLINE_ON_PURPOSE.keySet().stream().anyMatch(file -> f.contains("/" + file + ":")))
                .as("the scan finds the validator's proof (else it is blind)")
                .anyMatch(f -> f.contains("/ClientDocumentsTest.java:"));
    }

    /** Documents in a module this test cannot see on its class path (no fragments there). */
    private void assertDocumentsIn(Path dir, int atLeast) throws Exception {
        List<Path> files = GraphQlDocumentFiles.files(dir);
        assertThat(files).as("documents in %s", dir).hasSizeGreaterThanOrEqualTo(atLeast);
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            List<String> found = GraphQlDocumentFiles.problems(Files.readString(f, StandardCharsets.UTF_8));
            if (dir.relativize(f).toString().contains("invalid/")) {
                assertThat(found).as("%s is kept as invalid, so it must be", f).isNotEmpty();
            } else {
                found.forEach(p -> problems.add(dir.relativize(f) + ": " + p));
            }
        }
        assertThat(problems).isEmpty();
    }
}
