package dev.provenant.cli.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.cli.client.ClientCommand;
import dev.provenant.cli.client.Output;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.recorder.client.ProvenantClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code provenant verify [--artifacts none|sample|all] [--json] [--expect-key-id ID]
 * [--export-checkpoints F]}: recomputes the event hash chain from the event store, checks every
 * signed checkpoint and reads back referenced artifacts. Exit 0 only when everything holds; exit 5
 * naming the first bad event or object otherwise.
 *
 * <p>Example: {@code provenant verify --artifacts all}
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Checks the event hash chain, every signed checkpoint and the artifacts events reference.",
            "Exit 0 when everything holds; 5 when something does not (the first bad event or object is named"
                    + " on stderr); 1 on other errors."
        })
public class VerifyCommand extends ClientCommand {

    /** Exit code when the ledger or an artifact does not verify. */
    public static final int INTEGRITY_FAILURE = 5;

    static final String VERIFY = GraphQlDocuments.load("verify");

    static final String CHECKPOINTS = GraphQlDocuments.load("verify-checkpoints");

    /** Which artifacts to read back. */
    public enum Artifacts {
        none,
        sample,
        all
    }

    @Option(
            names = "--artifacts",
            paramLabel = "none|sample|all",
            description = "referenced artifacts to read back and check (default: ${DEFAULT-VALUE})",
            defaultValue = "sample")
    Artifacts artifacts;

    @Option(
            names = "--sample-size",
            paramLabel = "N",
            description = "artifacts in a sample (default: ${DEFAULT-VALUE})",
            defaultValue = "100")
    int sampleSize;

    @Option(
            names = "--expect-key-id",
            paramLabel = "ID",
            description = "fail unless the server signs with this key (ed25519:<16 hex>), e.g. from an earlier export")
    String expectKeyId;

    @Option(
            names = "--export-checkpoints",
            paramLabel = "FILE",
            description = "also write the public key and every signed checkpoint to FILE (JSON)")
    Path export;

    @Option(names = "--json", description = "one JSON document on stdout")
    boolean json;

    @Override
    protected int run(ProvenantClient client) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("artifacts", artifacts.name().toUpperCase(Locale.ROOT));
        vars.put("sampleSize", sampleSize);
        JsonNode v = client.query(VERIFY, vars).path("verifyLedger");
        if (export != null) {
            export(client.query(CHECKPOINTS, Map.of()).path("ledger"));
        }
        boolean keyOk =
                expectKeyId == null || expectKeyId.equals(v.path("keyId").asText());
        if (json) {
            ObjectNode out = v.deepCopy();
            if (expectKeyId != null) {
                out.put("expectedKeyId", expectKeyId);
                out.put("keyMatches", keyOk);
            }
            Output.json(System.out, out);
        } else {
            print(v);
        }
        if (!keyOk) {
            System.err.println("provenant: the server signs with "
                    + v.path("keyId").asText() + ", not the expected " + expectKeyId);
            return INTEGRITY_FAILURE;
        }
        if (!v.path("ok").asBoolean()) {
            JsonNode first = v.path("problems").path(0);
            System.err.println("provenant: verification failed: "
                    + first.path("kind").asText() + ": " + first.path("detail").asText());
            return INTEGRITY_FAILURE;
        }
        return 0;
    }

    private static void print(JsonNode v) {
        System.out.printf(
                "Event chain: %d events checked, chain length %d, head %s (position %d)%n",
                v.path("eventsChecked").asLong(),
                v.path("chainLength").asLong(),
                v.path("headHash").asText(),
                v.path("headPosition").asLong());
        JsonNode cp = v.path("latestCheckpoint");
        if (cp.isMissingNode() || cp.isNull()) {
            System.out.println("Checkpoints: none yet");
        } else {
            System.out.printf(
                    "Checkpoints: %d checked; latest covers %d events, signed %s by %s (%s)%n",
                    v.path("checkpointsChecked").asInt(),
                    cp.path("length").asLong(),
                    cp.path("signedAt").asText(),
                    cp.path("keyId").asText(),
                    cp.path("signatureValid").asBoolean() ? "signature valid" : "SIGNATURE INVALID");
        }
        System.out.printf(
                "Artifacts: %d referenced by events; %d objects read back and checked (--artifacts %s%s)%n",
                v.path("artifactsReferenced").asLong(),
                v.path("artifactsChecked").asLong(),
                v.path("artifactsMode").asText().toLowerCase(Locale.ROOT),
                v.path("artifactsMode").asText().equals("ALL") ? ": every referenced object and manifest file" : "");
        if (v.path("pendingEvents").asLong() > 0) {
            System.out.printf(
                    "Pending: %d events not chained yet (newest, or late commits)%n",
                    v.path("pendingEvents").asLong());
        }
        System.out.println("Signing key: " + v.path("keyId").asText());
        if (v.path("ok").asBoolean()) {
            System.out.println("OK: the history is intact");
            return;
        }
        System.out.printf("FAILED: %d problem(s)%n", v.path("problemCount").asLong());
        for (JsonNode p : v.path("problems")) {
            System.out.printf(
                    "  %-20s %s%n", p.path("kind").asText(), p.path("detail").asText());
        }
    }

    private void export(JsonNode ledger) {
        try {
            Files.writeString(
                    export,
                    ProvenantClient.JSON
                                    .copy()
                                    .enable(SerializationFeature.INDENT_OUTPUT)
                                    .writeValueAsString(ledger)
                            + "\n");
        } catch (IOException e) {
            throw new CliException(1, "cannot write " + export + ": " + e.getMessage(), e);
        }
        if (!json) {
            System.out.println("Checkpoints exported to " + export);
        }
    }
}
