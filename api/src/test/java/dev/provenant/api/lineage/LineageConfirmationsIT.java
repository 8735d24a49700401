package dev.provenant.api.lineage;

import static dev.provenant.api.lineage.Recorder.digest;
import static dev.provenant.api.lineage.Recorder.io;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.api.AbstractGraphQlIT;
import dev.provenant.api.ProvenantTestSupport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One origin per artifact, over HTTP on real PostgreSQL. Recorded through GraphQL as the CLI does:
 * a training run (the origin of the model bytes), a cache hit of it in a second pipeline run, a
 * replay of it (IDENTICAL), the model registered from the original, and, after that, an independent
 * run that produced the same bytes. The model's lineage is the origin chain; the others are
 * confirmations, shown only when asked, never ancestors; reports and PROV-JSON agree.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LineageConfirmationsIT extends AbstractGraphQlIT {

    /** {@code lineage} as {@code lineage/lineage} selects it. */
    record Lineage(
            String root, boolean truncated, List<Node> nodes, List<Edge> edges, List<Confirmation> confirmations) {}

    record Node(String id, String kind, int distance, String recordedAt) {}

    record Edge(String from, String to, String type, String label) {}

    record Confirmation(
            String run, String artifact, String origin, String kind, String of, String verdict, String recordedAt) {}

    private final String input = digest('1');
    private final String model = digest('2');
    private String original;
    private String pipeline2;
    private String cacheHit;
    private String replay;
    private String later;
    private Instant beforeReplay;
    private Instant beforeVerdict;
    private Instant registeredAt;

    @BeforeAll
    void record() throws Exception {
        Recorder recorder = new Recorder(client(ProvenantTestSupport.ALICE_TOKEN));
        List<Map<String, Object>> in = List.of(io("data/train.csv", input, 800));
        List<Map<String, Object>> out = List.of(io("model/model.bin", model, 50));

        original = recorder.run("train", in, out, "42");
        // the pipeline again: its train step is a cache hit of the original
        pipeline2 = recorder.start("churn", List.of(), "0", Map.of());
        cacheHit = recorder.start("train", in, "42", Map.of("pipelineRunId", pipeline2));
        recorder.ok("common/recordCacheHit", Map.of("runId", cacheHit, "reusedRunId", original), "recordCacheHit");
        recorder.ok("common/recordRunOutputs", Map.of("runId", cacheHit, "outputs", out), "recordRunOutputs");
        recorder.ok("common/finishRun", Map.of("runId", cacheHit, "exitCode", 0, "durationMillis", 0), "finishRun");
        Thread.sleep(20);
        beforeReplay = Instant.now();
        Thread.sleep(20);
        replay = recorder.start("train", in, "42", Map.of("replayOf", original));
        recorder.complete(replay, out, "42");
        Thread.sleep(20);
        beforeVerdict = Instant.now();
        Thread.sleep(20);
        recorder.ok(
                "common/recordReplayVerdict", Map.of("runId", replay, "verdict", "IDENTICAL"), "recordReplayVerdict");
        recorder.ok(
                "common/registerModelVersion",
                Map.of("name", "churn", "version", "1", "runId", original, "outputName", "model/model.bin"),
                "registerModelVersion");
        registeredAt = Instant.now();
        Thread.sleep(20);
        later = recorder.run("train", in, out, "42"); // an independent re-execution, after the registration
    }

    /** The lineage as the reader sees it. */
    private Lineage lineage(String node, String direction, int depth, Instant asOf, boolean confirmations) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("node", node);
        vars.put("direction", direction);
        vars.put("depth", depth);
        vars.put("asOf", asOf == null ? null : asOf.toString());
        vars.put("confirmations", confirmations);
        return reader.documentName("lineage/lineage")
                .variables(vars)
                .execute()
                .path("lineage")
                .entity(Lineage.class)
                .get();
    }

    /** The elements of an array in an audit report's own JSON. */
    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static List<String> runs(Lineage lineage) {
        return lineage.nodes().stream()
                .filter(n -> n.kind().equals("RUN"))
                .map(Node::id)
                .toList();
    }

    @Test
    void givenConfirmations_whenAskingTheModelsLineage_thenOnlyTheOriginChainAndNothingMadeAfterTheModel() {
        Lineage up = lineage("model:churn@1", "UPSTREAM", 10, null, false);

        assertThat(runs(up)).containsExactly(original);
        assertThat(up.nodes())
                .extracting(Node::id)
                .contains("model:churn@1", model, input)
                .doesNotContain(cacheHit, replay, later, pipeline2);
        assertThat(up.nodes())
                .allSatisfy(n -> assertThat(Instant.parse(n.recordedAt())).isBefore(registeredAt));
        assertThat(up.edges()).extracting(Edge::type).doesNotContain("REPRODUCED");
        assertThat(up.edges())
                .extracting(Edge::from, Edge::type, Edge::to)
                .contains(
                        tuple(original, "PRODUCED", model),
                        tuple(model, "REGISTERED_FROM", "model:churn@1"),
                        tuple(input, "CONSUMED", original));
        assertThat(up.confirmations()).isEmpty();
    }

    @Test
    void givenIncludeConfirmations_whenAskingTheModelsLineage_thenTheOthersAreTypedConfirmationsOfTheOrigin() {
        Lineage up = lineage("model:churn@1", "UPSTREAM", 10, null, true);

        assertThat(runs(up)).containsExactlyInAnyOrder(original, cacheHit, replay, later);
        // confirmations are shown, not traversed: the cache hit's pipeline run is not reached
        assertThat(runs(up)).doesNotContain(pipeline2);
        assertThat(up.edges())
                .filteredOn(e -> e.type().equals("REPRODUCED"))
                .extracting(Edge::from, Edge::to, Edge::label)
                .containsExactlyInAnyOrder(
                        tuple(cacheHit, model, "reproduced"),
                        tuple(replay, model, "reproduced"),
                        tuple(later, model, "reproduced"));
        assertThat(up.edges())
                .filteredOn(e -> e.type().equals("PRODUCED"))
                .extracting(Edge::from)
                .containsExactly(original);
        assertThat(up.confirmations())
                .extracting(
                        Confirmation::run,
                        Confirmation::artifact,
                        Confirmation::origin,
                        Confirmation::kind,
                        Confirmation::of,
                        Confirmation::verdict)
                .containsExactly(
                        tuple(cacheHit, model, original, "CACHE_HIT", original, null),
                        tuple(replay, model, original, "REPLAY", original, "IDENTICAL"),
                        tuple(later, model, original, "REEXECUTION", null, null));
    }

    @Test
    void givenAsOfBeforeTheReplay_whenAskingWithConfirmations_thenTheReplayAndLaterRunsAreNotThere() {
        Lineage then = lineage(model, "UPSTREAM", 2, beforeReplay, true);

        assertThat(then.confirmations())
                .extracting(Confirmation::run, Confirmation::origin)
                .containsExactly(tuple(cacheHit, original));
        assertThat(runs(then)).containsExactlyInAnyOrder(original, cacheHit);
        assertThat(runs(lineage(model, "UPSTREAM", 2, beforeReplay, false))).containsExactly(original);

        // a replay whose verdict came later: pending then, IDENTICAL now
        assertThat(lineage(model, "UPSTREAM", 1, beforeVerdict, true).confirmations())
                .extracting(Confirmation::run, Confirmation::verdict)
                .containsExactly(tuple(cacheHit, null), tuple(replay, null));
    }

    @Test
    void givenRunsLinkedByReplayAndCacheHit_whenTraversing_thenEdgesPointFromParentToChildWithReadableLabels() {
        Lineage down = lineage(original, "DOWNSTREAM", 1, null, false);
        assertThat(down.edges())
                .extracting(Edge::from, Edge::type, Edge::label, Edge::to)
                .contains(
                        tuple(original, "PRODUCED", "produced", model),
                        tuple(original, "CACHE_HIT_OF", "reused by", cacheHit),
                        tuple(original, "REPLAY_OF", "replayed as", replay));
        // a replay's upstream reaches what it replayed, not the bytes it reproduced
        Lineage replayUp = lineage(replay, "UPSTREAM", 1, null, false);
        assertThat(runs(replayUp)).containsExactlyInAnyOrder(replay, original);
        assertThat(replayUp.nodes()).extracting(Node::id).doesNotContain(model);
        // what came from a later re-execution: nothing (the model came from the original)
        assertThat(lineage(later, "DOWNSTREAM", 5, null, false).nodes())
                .extracting(Node::id)
                .containsExactly(later);
        assertThat(lineage(input, "DOWNSTREAM", 1, null, false).edges())
                .extracting(Edge::label)
                .containsOnly("consumed by");
    }

    @Test
    void givenConfirmations_whenReportingAsProvJson_thenOneGenerationPerEntityAndConfirmationsInformedByTheOrigin()
            throws Exception {
        JsonNode prov = new ObjectMapper().readTree(report("PROV_JSON"));

        List<String> generated = new ArrayList<>();
        prov.path("wasGeneratedBy")
                .forEach(g -> generated.add(g.path("prov:entity").asText()));
        assertThat(generated).doesNotHaveDuplicates().contains(model);
        prov.path("wasGeneratedBy").forEach(g -> {
            if (g.path("prov:entity").asText().equals(model)) {
                assertThat(g.path("prov:activity").asText()).isEqualTo(original);
            }
        });
        assertThat(list(prov.path("wasInformedBy")))
                .extracting(
                        i -> i.path("prov:informed").asText(),
                        i -> i.path("prov:informant").asText())
                .contains(tuple(cacheHit, original), tuple(replay, original), tuple(later, original));
        assertThat(prov.path("activity").path(replay).path("provenant:verdict").asText())
                .isEqualTo("IDENTICAL");
        assertThat(prov.path("activity")
                        .path(cacheHit)
                        .path("provenant:confirmationKind")
                        .asText())
                .isEqualTo("CACHE_HIT");
    }

    @Test
    void givenConfirmations_whenReporting_thenTheClosureHasTheOriginRunAndConfirmationsAreListedApart()
            throws Exception {
        JsonNode json = new ObjectMapper().readTree(report("JSON")).path("report");
        assertThat(list(json.path("runs")))
                .extracting(r -> r.path("id").asText())
                .containsExactly(original);
        assertThat(list(json.path("confirmations")))
                .extracting(
                        c -> c.path("runId").asText(),
                        c -> c.path("kind").asText(),
                        c -> c.path("of").asText(null),
                        c -> c.path("verdict").asText(null))
                .containsExactly(
                        tuple(cacheHit, "CACHE_HIT", original, null),
                        tuple(replay, "REPLAY", original, "IDENTICAL"),
                        tuple(later, "REEXECUTION", null, null));
        assertThat(json.path("confirmations")
                        .get(0)
                        .path("reproduced")
                        .get(0)
                        .path("digest")
                        .asText())
                .isEqualTo(model);
        assertThat(json.path("origins").path(model).asText()).isEqualTo(original);

        String md = report("MD");
        assertThat(md).contains("1 runs, 3 confirmations").contains("## Confirmations");
        String confirmations = md.substring(md.indexOf("## Confirmations"), md.indexOf("## Model versions"));
        assertThat(confirmations)
                .contains("| `" + cacheHit + "` | cache hit | `" + original + "` |")
                .contains("| `" + replay + "` | replay | `" + original + "` | **IDENTICAL** |")
                .contains("| `" + later + "` | re-execution |");
        String runsSection = md.substring(md.indexOf("## Runs"), md.indexOf("## Confirmations"));
        assertThat(runsSection).contains(original).doesNotContain(cacheHit).doesNotContain(later);
    }

    private String report(String format) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("node", "model:churn@1");
        vars.put("format", format);
        return reader.documentName("common/auditReport")
                .variables(vars)
                .execute()
                .path("auditReport.content")
                .entity(String.class)
                .get();
    }
}
