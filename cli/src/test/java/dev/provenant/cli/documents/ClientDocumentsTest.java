package dev.provenant.cli.documents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.recorder.client.GraphQlDocuments;
import graphql.language.Document;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Every GraphQL document a client sends (the CLI's and the recorder's {@code graphql-documents/},
 * and the CLI tests' in its sub-folders, the Python client's {@code clients/python/provenant/graphql/}
 * and its tests' {@code clients/python/tests/graphql/}) is valid against the server's
 * schema (the {@code .graphqls} files the server is built from): a renamed field or argument fails
 * here, at build time, not in a user's terminal.
 */
class ClientDocumentsTest {

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

    @Test
    void everyClientDocumentIsValidAgainstTheServersSchema() throws Exception {
        GraphQLSchema schema = schema();
        Resource[] documents = resources.getResources("classpath*:" + GraphQlDocuments.DIRECTORY + "**/*.graphql");
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
                .as("the CLI tests' documents (graphql-documents/<area>/ in src/test/resources)")
                .anyMatch(n -> n.startsWith("run/"));
        List<String> problems = new ArrayList<>();
        for (String name : names) {
            Document doc = Parser.parse(GraphQlDocuments.load(name));
            for (ValidationError e : new Validator().validateDocument(schema, doc, Locale.ROOT)) {
                problems.add(name + ": " + e.getMessage());
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyPythonClientDocumentIsValidAgainstTheServersSchema() throws Exception {
        assertValid(Path.of("..", "clients", "python", "provenant", "graphql"), 5);
    }

    @Test
    void everyPythonTestDocumentIsValidAgainstTheServersSchema() throws Exception {
        assertValid(Path.of("..", "clients", "python", "tests", "graphql"), 2);
    }

    private void assertValid(Path dir, int atLeast) throws Exception {
        GraphQLSchema schema = schema();
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".graphql")).sorted().toList();
        }
        assertThat(files).as("the Python documents in %s", dir).hasSizeGreaterThanOrEqualTo(atLeast);
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            Document doc = Parser.parse(Files.readString(f, StandardCharsets.UTF_8));
            for (ValidationError e : new Validator().validateDocument(schema, doc, Locale.ROOT)) {
                problems.add(f.getFileName() + ": " + e.getMessage());
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void aDocumentNamingAFieldTheSchemaLacksIsCaught() throws Exception {
        Document doc = Parser.parse("query($id: ID!) { run(id: $id) { id noSuchField } }");
        assertThat(new Validator().validateDocument(schema(), doc, Locale.ROOT))
                .extracting(ValidationError::getMessage)
                .anyMatch(m -> m.contains("noSuchField"));
    }
}
