package dev.provenant.api.openlineage;

import static dev.provenant.messages.common.Ids.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.messages.openlineage.RecordOpenLineageRunEventCommand;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How one OpenLineage event becomes Provenant commands, and how a bad one is refused by field. */
class OpenLineageMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = "0192b2f4-1111-7222-8333-444455556666";
    private static final String PARENT = "0192b2f4-aaaa-7222-8333-444455556666";

    private static ObjectNode runEvent() {
        ObjectNode e = JSON.createObjectNode();
        e.put("eventType", "COMPLETE");
        e.put("eventTime", "2026-11-30T06:00:00.123Z");
        e.put("producer", "https://github.com/apache/airflow");
        e.put("schemaURL", "https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent");
        ObjectNode run = e.putObject("run");
        run.put("runId", RUN);
        run.putObject("facets").putObject("parent").putObject("run").put("runId", PARENT);
        ObjectNode job = e.putObject("job");
        job.put("namespace", "airflow");
        job.put("name", "churn.features");
        ObjectNode code = job.putObject("facets").putObject("sourceCodeLocation");
        code.put("type", "git");
        code.put("version", "4f3c2a1b");
        e.putArray("inputs").add(dataset("postgres://db:5432", "public.customers"));
        e.putArray("outputs").add(dataset("s3://features", "churn/features.parquet"));
        return e;
    }

    private static ObjectNode dataset(String ns, String name) {
        ObjectNode d = JSON.createObjectNode();
        d.put("namespace", ns);
        d.put("name", name);
        return d;
    }

    private static OpenLineageMapper.Mapped map(JsonNode e) {
        return OpenLineageMapper.map(e, e.toString());
    }

    private static InvalidEventException refused(JsonNode e) {
        return catchThrowableOfType(InvalidEventException.class, () -> map(e));
    }

    @Test
    void givenARunEvent_thenOneRunCommandWithParentCodeInputsAndOutputs() {
        OpenLineageMapper.Mapped m = map(runEvent());
        assertThat(m.kind()).isEqualTo("RunEvent");
        RecordOpenLineageRunEventCommand c = m.runCommand();
        assertThat(c.runId()).hasToString("run:" + RUN);
        assertThat(c.parentRunId()).hasToString("run:" + PARENT);
        assertThat(c.jobName()).isEqualTo("airflow.churn.features");
        assertThat(c.eventType()).isEqualTo("COMPLETE");
        assertThat(c.eventTime()).isEqualTo(Instant.parse("2026-11-30T06:00:00.123Z"));
        assertThat(c.parameters())
                .containsEntry("openlineage.job.namespace", "airflow")
                .containsEntry("code.version", "4f3c2a1b")
                .containsEntry("code.type", "git");
        assertThat(c.inputs()).singleElement().satisfies(in -> {
            assertThat(in.name()).isEqualTo("postgres://db:5432/public.customers");
            assertThat(in.datasetVersionId().toString()).startsWith("dataset:postgres_//db_5432/public.customers@ol-");
        });
        assertThat(c.outputs())
                .singleElement()
                .satisfies(out -> assertThat(out.kind()).isEqualTo("DATASET"));
        assertThat(m.datasetCommands()).hasSize(2);
        assertThat(m.staticCommand()).isNull();
    }

    @Test
    void givenTheSameDatasetTwice_thenTheSameVersionId_andAnExplicitVersionIsKept() {
        String a = text(map(runEvent()).runCommand().inputs().get(0).datasetVersionId());
        String b = text(map(runEvent()).runCommand().inputs().get(0).datasetVersionId());
        assertThat(a).isEqualTo(b);
        ObjectNode e = runEvent();
        ((ObjectNode) e.withArray("inputs").get(0))
                .putObject("facets")
                .putObject("version")
                .put("datasetVersion", "2026-11-30 snapshot/1");
        assertThat(map(e).runCommand().inputs().get(0).datasetVersionId())
                .hasToString("dataset:postgres_//db_5432/public.customers@2026-11-30_snapshot_1");
    }

    @Test
    void givenAnUpperCaseRunId_thenOneRunWhateverTheSpelling() {
        ObjectNode e = runEvent();
        ((ObjectNode) e.get("run")).put("runId", RUN.toUpperCase());
        assertThat(map(e).runCommand().runId()).hasToString("run:" + RUN);
    }

    @Test
    void givenAFailEventWithAnErrorFacet_thenTheReasonIsKept() {
        ObjectNode e = runEvent();
        e.put("eventType", "FAIL");
        ((ObjectNode) e.get("run").get("facets"))
                .putObject("errorMessage")
                .put("message", "java.lang.OutOfMemoryError: Java heap space");
        assertThat(map(e).runCommand().failureReason()).contains("OutOfMemoryError");
    }

    @Test
    void givenDatasetAndJobEvents_thenStaticCommandsNamedAfterTheirSubject() {
        ObjectNode ds = JSON.createObjectNode();
        ds.put("eventTime", "2026-11-30T06:00:00Z");
        ds.put("producer", "p");
        ds.put("schemaURL", "https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/DatasetEvent");
        ds.set("dataset", dataset("s3://lake", "raw/trips"));
        OpenLineageMapper.Mapped m = map(ds);
        assertThat(m.kind()).isEqualTo("DatasetEvent");
        assertThat(m.subjectId()).isEqualTo("openlineage:dataset:s3://lake/raw/trips");
        assertThat(m.runCommand()).isNull();

        ObjectNode job = JSON.createObjectNode();
        job.put("eventTime", "2026-11-30T06:00:00Z");
        job.put("producer", "p");
        job.put("schemaURL", "https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/JobEvent");
        job.putObject("job").put("namespace", "dbt").put("name", "models.orders");
        assertThat(map(job).subjectId()).isEqualTo("openlineage:job:dbt/models.orders");
    }

    @Test
    void givenMissingOrMalformedFields_thenRefusedNamingTheField() {
        ObjectNode noRunId = runEvent();
        ((ObjectNode) noRunId.get("run")).remove("runId");
        assertThat(refused(noRunId).field()).isEqualTo("run.runId");

        ObjectNode notUuid = runEvent();
        ((ObjectNode) notUuid.get("run")).put("runId", "../../etc/passwd");
        assertThat(refused(notUuid).getMessage()).contains("is not a UUID");

        ObjectNode badType = runEvent();
        badType.put("eventType", "EXPLODE");
        assertThat(refused(badType).field()).isEqualTo("eventType");

        ObjectNode badTime = runEvent();
        badTime.put("eventTime", "yesterday");
        assertThat(refused(badTime).field()).isEqualTo("eventTime");

        ObjectNode noJob = runEvent();
        noJob.remove("job");
        assertThat(refused(noJob).field()).isEqualTo("job");

        ObjectNode inputsNotArray = runEvent();
        inputsNotArray.put("inputs", "customers");
        assertThat(refused(inputsNotArray).field()).isEqualTo("inputs");

        ObjectNode badParent = runEvent();
        ((ObjectNode) badParent.get("run").get("facets").get("parent").get("run")).put("runId", "parent");
        assertThat(refused(badParent).field()).isEqualTo("run.facets.parent.run.runId");

        assertThat(refused(JSON.createArrayNode()).field()).isEqualTo("$");
        ObjectNode nothing = JSON.createObjectNode();
        nothing.put("eventTime", "2026-11-30T06:00:00Z");
        nothing.put("producer", "p");
        nothing.put("schemaURL", "s");
        assertThat(refused(nothing).field()).isEqualTo("run");
    }

    @Test
    void givenControlCharactersInANameOrAnOverLongName_thenRefused() {
        ObjectNode nul = runEvent();
        ((ObjectNode) nul.get("job")).put("name", "churn\u0000features");
        assertThat(refused(nul)).isNotNull();

        ObjectNode longName = runEvent();
        ((ObjectNode) longName.get("job")).put("name", "x".repeat(5000));
        assertThat(refused(longName).field()).startsWith("job.name");

        ObjectNode longDataset = runEvent();
        ArrayNode inputs = longDataset.withArray("inputs");
        ((ObjectNode) inputs.get(0)).put("name", "t".repeat(5000));
        assertThat(refused(longDataset).field()).startsWith("inputs[0]");
    }

    @Test
    void sanitizedNamesAndVersionsStayWithinTheIdAlphabet() {
        assertThat(OpenLineageMapper.sanitizeName("s3://bucket/../secret data"))
                .isEqualTo("s3_//bucket/__/secret_data")
                .doesNotContain("..");
        assertThat(OpenLineageMapper.sanitizeName("///")).isEqualTo("dataset");
        assertThat(OpenLineageMapper.sanitizeName("n".repeat(500))).hasSizeLessThanOrEqualTo(200);
        assertThat(OpenLineageMapper.sanitizeVersion("v1.2+build 7")).isEqualTo("v1.2+build_7");
        assertThat(OpenLineageMapper.sanitizeVersion("!!!")).startsWith("v-").hasSize(34);
    }
}
