package dev.provenant.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: each rendering of the fixed reports of {@link AuditReportFixture} must equal
 * {@code src/test/resources/audit/golden/<report>.<ext>} byte for byte, so every change to the
 * templates or the report model shows up in review as a diff of these files. After an intended
 * change, regenerate them with {@code -Dprovenant.golden.write=true} on this test and review the
 * diff:
 *
 * <pre>{@code
 * ./mvnw -o -pl api -am test -Dtest=AuditReportRenderersTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dprovenant.golden.write=true
 * }</pre>
 */
class AuditReportRenderersTest {

    private static final Path GOLDEN = Path.of("src/test/resources/audit/golden");

    /** A report with a hostile string in every recorded field: script, pipe, line break, RTL override, NUL, backticks. */
    static final String HOSTILE =
            "<script>alert('x')</script> a|b\n# h\r\n- [l](javascript:x) `c` \u202Eevil\u0000 \"q\"";

    static Stream<Arguments> renderings() {
        Map<String, AuditReport> reports = new LinkedHashMap<>();
        reports.put("report", AuditReportFixture.report());
        reports.put("sparse", AuditReportFixture.sparse());
        reports.put("hostile", AuditReportFixture.hostile(HOSTILE));
        List<Arguments> all = new ArrayList<>();
        reports.forEach((name, report) -> {
            for (AuditReportFormat f : AuditReportFormat.values()) {
                if (name.equals("report") || f == AuditReportFormat.MD || f == AuditReportFormat.HTML) {
                    all.add(Arguments.of(name + "." + f.extension(), report, f));
                }
            }
        });
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void givenAFixedReport_whenRendered_thenItMatchesTheGoldenFile(
            String file, AuditReport report, AuditReportFormat format) throws IOException {
        String rendered = AuditReportRenderers.render(report, format);
        Path golden = GOLDEN.resolve(file);
        if (Boolean.getBoolean("provenant.golden.write")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, rendered, StandardCharsets.UTF_8);
        }
        assertThat(rendered)
                .as(
                        "%s is stale: rerun AuditReportRenderersTest with -Dprovenant.golden.write=true and review the diff",
                        golden)
                .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
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
