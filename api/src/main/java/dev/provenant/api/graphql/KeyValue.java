package dev.provenant.api.graphql;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** GraphQL's view of a map entry. */
public record KeyValue(String key, String value) {

    static List<KeyValue> of(Map<String, ?> map) {
        if (map == null) {
            return List.of();
        }
        return new TreeMap<>(map)
                .entrySet().stream()
                        .map(e -> new KeyValue(e.getKey(), String.valueOf(e.getValue())))
                        .toList();
    }

    static Map<String, String> toMap(List<KeyValue> entries, String field) {
        Map<String, String> map = new TreeMap<>();
        if (entries != null) {
            for (KeyValue kv : entries) {
                if (map.put(kv.key(), kv.value()) != null) {
                    throw new IllegalArgumentException(field + ": key '" + kv.key() + "' appears twice");
                }
            }
        }
        return map;
    }
}
