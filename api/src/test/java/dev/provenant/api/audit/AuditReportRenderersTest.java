package dev.provenant.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Golden files: each rendering of a fixed, hand-built report must equal
 * {@code src/test/resources/golden/audit-report.<ext>} byte for byte. After an intended change,
 * regenerate with {@code -Dgolden.update=true} and review the diff.
 */
class AuditReportRenderersTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    @ParameterizedTest
    @EnumSource(AuditReportFormat.class)
    void givenAFixedReport_whenRendered_thenItMatchesTheGoldenFile(AuditReportFormat format) throws IOException {
        String rendered = AuditReportRenderers.render(AuditReportFixture.report(), format);
        Path golden = GOLDEN.resolve("audit-report." + format.extension());
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, rendered, StandardCharsets.UTF_8);
        }
        assertThat(rendered).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    @Test
    void givenTheSameReport_whenRenderedTwice_thenTheOutputIsIdentical() {
        for (AuditReportFormat f : AuditReportFormat.values()) {
            assertThat(AuditReportRenderers.render(AuditReportFixture.report(), f))
                    .isEqualTo(AuditReportRenderers.render(AuditReportFixture.report(), f));
        }
    }

    @Test
    void givenHostileText_whenRenderedAsHtml_thenItIsEscapedAndThePageFetchesNothing() {
        String html = AuditReportRenderers.render(AuditReportFixture.report(), AuditReportFormat.HTML);

        assertThat(html).contains("holdout &lt;2026-01&gt;").doesNotContain("<2026-01>");
        assertThat(html).doesNotContain("<script").doesNotContain("src=").doesNotContain("<link");
        assertThat(html).contains("<svg").contains("marker-end");
    }

    @Test
    void givenAPipeInAParameter_whenRenderedAsMarkdown_thenTablesStayIntact() {
        String md = AuditReportRenderers.render(AuditReportFixture.report(), AuditReportFormat.MD);
        assertThat(md).contains("`note=a\\|b`");
    }

    /** The parts of PROV-JSON a PROV tool needs: declared prefixes, typed records, relations naming known ids. */
    @Test
    void givenTheReport_whenRenderedAsProvJson_thenEveryRelationNamesDeclaredRecordsAndPrefixes() throws IOException {
        JsonNode prov = new ObjectMapper()
                .readTree(AuditReportRenderers.render(AuditReportFixture.report(), AuditReportFormat.PROV_JSON));

        List<String> ids = new ArrayList<>();
        for (String section : List.of("entity", "activity", "agent")) {
            prov.path(section).fieldNames().forEachRemaining(ids::add);
        }
        for (String id : ids) {
            assertThat(prov.path("prefix").has(id.substring(0, id.indexOf(':'))))
                    .as("prefix of %s", id)
                    .isTrue();
        }
        assertThat(prov.path("activity").has("run:00000000-0000-4000-8000-000000000002"))
                .isTrue();
        assertThat(prov.path("entity")
                        .path("model:churn@1")
                        .path("prov:type")
                        .path("$")
                        .asText())
                .isEqualTo("provenant:ModelVersion");
        for (String relation : List.of(
                "used",
                "wasGeneratedBy",
                "wasAssociatedWith",
                "wasDerivedFrom",
                "wasAttributedTo",
                "specializationOf")) {
            assertThat(prov.has(relation)).as(relation).isTrue();
            prov.path(relation)
                    .forEach(r -> r.fields().forEachRemaining(f -> {
                        if (f.getKey().startsWith("prov:")
                                && f.getValue().isTextual()
                                && !f.getKey().equals("prov:role")
                                && !f.getKey().equals("prov:time")) {
                            assertThat(ids)
                                    .as("%s %s", relation, f)
                                    .contains(f.getValue().asText());
                        }
                    }));
        }
    }

    /** A PROV consumer sees one generation per entity; cache hits and replays are informed by the origin. */
    @Test
    void givenConfirmations_whenRenderedAsProvJson_thenOneGenerationPerEntityAndConfirmationsInformedByOrigin()
            throws IOException {
        JsonNode prov = new ObjectMapper()
                .readTree(AuditReportRenderers.render(AuditReportFixture.report(), AuditReportFormat.PROV_JSON));
        List<String> generated = new ArrayList<>();
        prov.path("wasGeneratedBy")
                .forEach(g -> generated.add(g.path("prov:entity").asText()));
        assertThat(generated).doesNotHaveDuplicates().contains(AuditReportFixture.d('3'));
        String train = "run:00000000-0000-4000-8000-000000000002";
        prov.path("wasGeneratedBy").forEach(g -> {
            if (g.path("prov:entity").asText().equals(AuditReportFixture.d('3'))) {
                assertThat(g.path("prov:activity").asText()).isEqualTo(train);
            }
        });
        List<String> informed = new ArrayList<>();
        prov.path("wasInformedBy").forEach(i -> {
            assertThat(i.path("prov:informant").asText()).isEqualTo(train);
            informed.add(i.path("prov:informed").asText());
        });
        assertThat(informed)
                .containsExactlyInAnyOrder(
                        "run:00000000-0000-4000-8000-000000000003",
                        "run:00000000-0000-4000-8000-000000000004",
                        "run:00000000-0000-4000-8000-000000000005");
        assertThat(prov.path("activity")
                        .path("run:00000000-0000-4000-8000-000000000004")
                        .path("provenant:confirmationKind")
                        .asText())
                .isEqualTo("CACHE_HIT");
    }
}
