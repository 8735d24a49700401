package dev.provenant.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.client.ProvenantClient;
import java.io.PrintStream;

/** Writes one JSON document on stdout (for {@code --json}). */
public final class Output {

    private Output() {}

    public static void json(PrintStream out, JsonNode node) {
        try {
            out.println(ProvenantClient.JSON
                    .copy()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new CliException(1, "cannot write JSON: " + e.getMessage());
        }
    }
}
