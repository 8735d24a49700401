package dev.provenant.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphQlDocumentFilesTest {

    @TempDir
    Path tmp;

    private void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void aFileNoSourceNames_andANameThatIsNoFile_areBothReported() throws IOException {
        Path docs = tmp.resolve("graphql-documents");
        write(docs.resolve("common/used.graphql"), "query { a ...Used }");
        write(docs.resolve("common/tested.graphql"), "query { b }");
        write(docs.resolve("common/forgotten.graphql"), "query { c }");
        write(docs.resolve("top.graphql"), "query { d }");
        write(docs.resolve("fragments/Used.graphql"), "fragment Used on Query { e }");
        write(docs.resolve("fragments/Orphan.graphql"), "fragment Orphan on Query { f }");
        Path src = tmp.resolve("src");
        write(src.resolve("a/SomeIT.java"), """
                class SomeIT {
                    void t() {
                        send(GraphQlDocuments.load("common/used"));
                        tester.documentName("common/tested").execute();
                        tester.documentName("top").execute();
                        send(GraphQlDocuments.load("common/" + field));
                        send(GraphQlDocuments.load("common/typo"));
                        tester.documentName("nowhere").execute();
                        String unrelated = "run:abc";
                        // send(GraphQlDocuments.load("common/forgotten")); a comment names no document
                    }
                }
                """);
        write(src.resolve("client.py"), "c.graphql(documents(\"gone\"))\n");

        GraphQlDocumentFiles.Usage usage = GraphQlDocumentFiles.usage(docs, List.of(src));

        assertThat(usage.unused()).containsExactly("common/forgotten", "fragments/Orphan");
        assertThat(usage.unknown())
                .containsExactlyInAnyOrder(
                        "common/ (" + Path.of("a", "SomeIT.java") + ")",
                        "common/typo (" + Path.of("a", "SomeIT.java") + ")",
                        "nowhere (" + Path.of("a", "SomeIT.java") + ")",
                        "gone (client.py)");
    }

    @Test
    void whenEveryFileIsNamedInFull_nothingIsReported() throws IOException {
        Path docs = tmp.resolve("graphql-documents");
        write(docs.resolve("web/churn/startRun.graphql"), "mutation { a }");
        Path src = tmp.resolve("src");
        write(src.resolve("ChurnIT.java"), "class ChurnIT { String d = \"web/churn/startRun\"; }");

        GraphQlDocumentFiles.Usage usage = GraphQlDocumentFiles.usage(docs, List.of(src));

        assertThat(usage.unused()).isEmpty();
        assertThat(usage.unknown()).isEmpty();
    }
}
