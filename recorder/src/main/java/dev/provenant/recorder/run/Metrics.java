package dev.provenant.recorder.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.recorder.client.ProvenantClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** Reads a step's {@code metrics.json}: numbers, nested objects flattened with dots. */
public final class Metrics {

    private Metrics() {}

    /** Reads the file only if the step wrote it (modified at or after {@code sinceMillis}); stale files are ignored. */
    public static Map<String, Double> readIfWrittenSince(Path file, long sinceMillis) {
        try {
            if (Files.isRegularFile(file) && Files.getLastModifiedTime(file).toMillis() + 1000 < sinceMillis) {
                return new TreeMap<>();
            }
        } catch (IOException e) {
            return new TreeMap<>();
        }
        return read(file);
    }

    public static Map<String, Double> read(Path file) {
        Map<String, Double> m = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            return m;
        }
        try {
            flatten("", ProvenantClient.JSON.readTree(file.toFile()), m);
        } catch (IOException e) {
            System.err.println("provenant: ignoring " + file + ": not valid JSON (" + e.getMessage() + ")");
        }
        return m;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Double> into) {
        if (node.isNumber() && Double.isFinite(node.asDouble())) {
            into.put(prefix, node.asDouble());
        } else if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), into);
            }
        }
    }
}
