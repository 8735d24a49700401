package dev.provenant.cli.documents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.testsupport.GraphQlDocumentFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Every GraphQL document a client sends (the CLI's and the recorder's {@code graphql-documents/},
 * and the CLI tests' in its sub-folders, the Python client's {@code clients/python/provenant/graphql/}
 * and its tests' {@code clients/python/tests/graphql/}) is valid against the server's
 * schema (the {@code .graphqls} files the server is built from): a renamed field or argument fails
 * here, at build time, not in a user's terminal. Each of those files is named in full by some source of
 * its module, and each name a source sends is a file ({@link GraphQlDocumentFiles#usage}).
 */
class ClientDocumentsTest {

    private static final Path CLI_DOCUMENTS = Path.of("src", "main", "resources", GraphQlDocuments.DIRECTORY);
    private static final Path CLI_TEST_DOCUMENTS = Path.of("src", "test", "resources", GraphQlDocuments.DIRECTORY);
    private static final Path RECORDER_DOCUMENTS =
            Path.of("..", "recorder", "src", "main", "resources", GraphQlDocuments.DIRECTORY);
    private static final Path PYTHON_CLIENT = Path.of("..", "clients", "python", "provenant");
    private static final Path PYTHON_TESTS = Path.of("..", "clients", "python", "tests");

    @Test
    void everyClientDocumentIsValidAgainstTheServersSchema() throws Exception {
        Resource[] documents = new PathMatchingResourcePatternResolver()
                .getResources("classpath*:" + GraphQlDocuments.DIRECTORY + "**/*.graphql");
        List<String> names = new ArrayList<>();
        for (Resource r : documents) {
            String url = r.getURL().toString();
            String name = url.substring(
                            url.lastIndexOf(GraphQlDocuments.DIRECTORY) + GraphQlDocuments.DIRECTORY.length())
                    .replaceFirst("\\.graphql$", "");
            if (!name.startsWith("fragments/")) {
                names.add(name);
            }
        }
        assertThat(names).as("client documents").hasSizeGreaterThanOrEqualTo(20);
        assertThat(names)
                .as("the CLI tests' documents (graphql-documents/<area>/ in src/test/resources) are among them")
                .containsAll(GraphQlDocumentFiles.files(CLI_TEST_DOCUMENTS).stream()
                        .map(f -> GraphQlDocumentFiles.name(CLI_TEST_DOCUMENTS, f))
                        .toList());
        List<String> problems = new ArrayList<>();
        for (String name : names) {
            GraphQlDocumentFiles.problems(GraphQlDocuments.load(name)).forEach(p -> problems.add(name + ": " + p));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyPythonClientDocumentIsValidAgainstTheServersSchema() throws Exception {
        assertValid(PYTHON_CLIENT.resolve("graphql"), 5);
    }

    @Test
    void everyPythonTestDocumentIsValidAgainstTheServersSchema() throws Exception {
        assertValid(PYTHON_TESTS.resolve("graphql"), 2);
    }

    private void assertValid(Path dir, int atLeast) throws Exception {
        List<Path> files = GraphQlDocumentFiles.files(dir);
        assertThat(files).as("the Python documents in %s", dir).hasSizeGreaterThanOrEqualTo(atLeast);
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            GraphQlDocumentFiles.problems(Files.readString(f, StandardCharsets.UTF_8))
                    .forEach(p -> problems.add(f.getFileName() + ": " + p));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyCliTestDocumentFileIsNamedInFullBySomeTest_andEveryNameATestSendsIsAFile() {
        GraphQlDocumentFiles.assertEveryFileIsUsedAndEveryNameIsAFile(
                CLI_TEST_DOCUMENTS, Path.of("src", "test", "java"));
    }

    @Test
    void everyClientDocumentFileIsNamedByTheClientThatShipsIt_andEveryNameItSendsIsAFile() {
        GraphQlDocumentFiles.assertEveryFileIsUsedAndEveryNameIsAFile(CLI_DOCUMENTS, Path.of("src", "main", "java"));
        GraphQlDocumentFiles.assertEveryFileIsUsedAndEveryNameIsAFile(
                RECORDER_DOCUMENTS, Path.of("..", "recorder", "src", "main", "java"));
        GraphQlDocumentFiles.assertEveryFileIsUsedAndEveryNameIsAFile(PYTHON_CLIENT.resolve("graphql"), PYTHON_CLIENT);
        GraphQlDocumentFiles.assertEveryFileIsUsedAndEveryNameIsAFile(PYTHON_TESTS.resolve("graphql"), PYTHON_TESTS);
    }

    @Test
    void aDocumentNamingAFieldTheSchemaLacksIsCaught() {
        // inline on purpose: a document that must NOT validate, to prove the validator above catches a stale field
        assertThat(GraphQlDocumentFiles.problems("query($id: ID!) { run(id: $id) { id noSuchField } }"))
                .anyMatch(m -> m.contains("noSuchField"));
    }
}
