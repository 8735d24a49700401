package dev.provenant.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.recorder.client.ProvenantClient;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The newest {@code limit} nodes of a connection that runs oldest first (runs, model versions),
 * paged through 1,000 at a time, and how many matched in all — what the list commands print.
 */
public record NewestPage(List<JsonNode> nodes, int matched) {

    /** Pages {@code field} of {@code document} (variables {@code first}, {@code after} and {@code filters}). */
    public static NewestPage of(
            ProvenantClient client, String document, String field, Map<String, Object> filters, int limit) {
        Deque<JsonNode> newest = new ArrayDeque<>();
        int matched = 0;
        String after = null;
        do {
            Map<String, Object> vars = new HashMap<>(filters);
            vars.put("first", 1000);
            vars.put("after", after);
            JsonNode page = client.query(document, vars).path(field);
            for (JsonNode e : page.path("edges")) {
                newest.addLast(e.path("node"));
                matched++;
                if (newest.size() > limit) {
                    newest.removeFirst();
                }
            }
            after = page.path("pageInfo").path("hasNextPage").asBoolean()
                    ? page.path("pageInfo").path("endCursor").asText(null)
                    : null;
        } while (after != null);
        return new NewestPage(List.copyOf(newest), matched);
    }

    /** {@code {"<key>": [...], "count", "matched", "truncated"}} on standard output. */
    public void printJson(String key) {
        ObjectNode doc = ProvenantClient.JSON.createObjectNode();
        ArrayNode list = doc.putArray(key);
        nodes.forEach(list::add);
        doc.put("count", nodes.size());
        doc.put("matched", matched);
        doc.put("truncated", matched > nodes.size());
        Output.json(System.out, doc);
    }
}
