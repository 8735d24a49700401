package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.cli.client.Args;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The pure parts of the CLI contracts: help width, usage messages, --as-of, not-found messages. */
class ContractsUnitTest {

    @Test
    void givenColumns_thenHelpWidthFollowsThemBetween60And120() {
        assertThat(ProvenantCli.helpWidth(null)).isEqualTo(100);
        assertThat(ProvenantCli.helpWidth("abc")).isEqualTo(100);
        assertThat(ProvenantCli.helpWidth("40")).isEqualTo(60);
        assertThat(ProvenantCli.helpWidth("90")).isEqualTo(90);
        assertThat(ProvenantCli.helpWidth("300")).isEqualTo(120);
    }

    @Test
    void givenPicocliDoubledWord_thenTheUsageMessageSaysItOnce() {
        assertThat(ProvenantCli.usageMessage(
                        "Value for option option '--param' (K=V) should be in KEY=VALUE format but was foo"))
                .isEqualTo("Value for option '--param' (K=V) should be in KEY=VALUE format but was foo");
    }

    @Test
    void givenServerArguments_thenOnlyAServerStartIsCheckedBeforeTheCommandLineIsBuilt() {
        java.util.function.Predicate<String> starts =
                a -> dev.provenant.cli.server.LocalServer.startsAServer(a.isEmpty() ? new String[0] : a.split(" "));
        assertThat(starts).accepts("server", "server --port 0", "server --port=9000", "server --idle-timeout 10m");
        assertThat(starts)
                .rejects("", "lineage x", "server status", "server stop", "server --help", "server -h", "server help");
    }

    @Test
    void givenCommandArguments_whenShown_thenQuotedAsAShellNeedsThem() {
        assertThat(dev.provenant.cli.query.ShowCommand.shellQuoted("train.py")).isEqualTo("train.py");
        assertThat(dev.provenant.cli.query.ShowCommand.shellQuoted("echo hi > out.txt"))
                .isEqualTo("'echo hi > out.txt'");
        assertThat(dev.provenant.cli.query.ShowCommand.shellQuoted("it's")).isEqualTo("'it'\\''s'");
        assertThat(dev.provenant.cli.query.ShowCommand.shellQuoted("")).isEqualTo("''");
    }

    @Test
    void givenAsOf_thenIsoInstantsAndOffsetsAreAccepted_inUtc_andOthersAreUsageErrors() {
        Args.AsOf c = new Args.AsOf();
        assertThat(c.convert("2026-01-05T10:00:00Z")).isEqualTo("2026-01-05T10:00:00Z");
        assertThat(c.convert("2026-01-05T11:00:00+01:00")).isEqualTo("2026-01-05T10:00:00Z");
        assertThatThrownBy(() -> c.convert("yesterday"))
                .isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("'yesterday' is not an ISO-8601 instant");
        assertThatThrownBy(() -> c.convert("2026-01-05")).isInstanceOf(CommandLine.TypeConversionException.class);
    }

    @Test
    void givenEachKindOfNode_whenNotFound_thenTheMessageNamesItAndWhatToDo() {
        assertThat(Args.notFound("run:x", null)).isEqualTo("no run 'run:x'; list runs with `provenant runs`");
        assertThat(Args.notFound("model:m@1", "2026-01-05T10:00:00Z"))
                .startsWith("no model version 'model:m@1' as of 2026-01-05T10:00:00Z; check the name and version");
        assertThat(Args.notFound("dataset:d@1", null)).startsWith("no dataset version 'dataset:d@1';");
        assertThat(Args.notFound("sha256:" + "a".repeat(64), null)).startsWith("nothing recorded about 'sha256:");
    }

    @Test
    void givenDurations_thenRunsPrintsThemShort() {
        var f = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        assertThat(dev.provenant.cli.query.RunsCommand.duration(f.nullNode())).isEqualTo("-");
        assertThat(dev.provenant.cli.query.RunsCommand.duration(f.numberNode(840L)))
                .isEqualTo("840 ms");
        assertThat(dev.provenant.cli.query.RunsCommand.duration(f.numberNode(12_345L)))
                .isEqualTo("12.3 s");
        assertThat(dev.provenant.cli.query.RunsCommand.duration(f.numberNode(245_000L)))
                .isEqualTo("4m05s");
        assertThat(dev.provenant.cli.query.RunsCommand.duration(f.numberNode(7_380_000L)))
                .isEqualTo("2h03m");
        assertThat(dev.provenant.cli.query.RunsCommand.started("2026-11-30T03:38:44.123456Z"))
                .isEqualTo("2026-11-30 03:38:44Z");
    }

    @Test
    void givenHistoryFromTheApi_whenJson_thenPayloadsAreObjects() throws Exception {
        var h = dev.provenant.recorder.client.ProvenantClient.JSON.readTree(
                "{\"events\":[{\"position\":1,\"payload\":\"{\\\"runId\\\":\\\"r\\\",\\\"n\\\":[1,2]}\"}]}");
        var nested = dev.provenant.cli.query.HistoryCommand.withPayloadObjects(h);
        assertThat(nested.path("events")
                        .path(0)
                        .path("payload")
                        .path("n")
                        .path(1)
                        .asInt())
                .isEqualTo(2);
        assertThat(h.path("events").path(0).path("payload").isTextual()).isTrue(); // the input is left alone
    }
}
