package dev.provenant.lineage.run.upcasting;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.lineage.upcasting.RevisionUpcaster;
import dev.provenant.messages.run.RunMetricPointsRecordedEvent;
import java.math.BigDecimal;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Revision 1 of {@link RunMetricPointsRecordedEvent} held one object per point ({@code {name,
 * value, step, timestamp}}, the timestamp in seconds since the epoch with nanoseconds, or null);
 * revision 2 holds columns per series. Each run of consecutive points of the same name becomes one
 * series, so the points keep their order (and their ordinals in the read model); timestamps become
 * microseconds (what the read model stores); a column with no entry becomes null.
 */
@Component
@Order(1)
public class RunMetricPointsRecordedEvent1To2Upcaster extends RevisionUpcaster<byte[]> {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000L);
    private static final ObjectMapper EXACT = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    public RunMetricPointsRecordedEvent1To2Upcaster() {
        super(
                RunMetricPointsRecordedEvent.class,
                "1",
                "2",
                byte[].class,
                RunMetricPointsRecordedEvent1To2Upcaster::toColumns);
    }

    /**
     * Read from the stored bytes with exact decimals: a timestamp like {@code 1796018400.000001500}
     * read as a double would be off by a microsecond.
     */
    static byte[] toColumns(byte[] payload) {
        try {
            return EXACT.writeValueAsBytes(toColumns(EXACT.readTree(payload)));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable revision-1 metric event: " + e.getMessage(), e);
        }
    }

    static JsonNode toColumns(JsonNode node) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode out = f.objectNode();
        out.set("runId", node.get("runId"));
        ArrayNode series = out.putArray("series");
        JsonNode points = node.path("points");
        int i = 0;
        while (i < points.size()) {
            String name = points.get(i).path("name").asText();
            ArrayNode values = f.arrayNode();
            ArrayNode steps = f.arrayNode();
            ArrayNode at = f.arrayNode();
            boolean anyStep = false;
            boolean anyTime = false;
            for (; i < points.size() && points.get(i).path("name").asText().equals(name); i++) {
                JsonNode p = points.get(i);
                values.add(p.get("value").doubleValue());
                JsonNode step = p.get("step");
                if (step == null || step.isNull()) {
                    steps.addNull();
                } else {
                    steps.add(step.asLong());
                    anyStep = true;
                }
                JsonNode ts = p.get("timestamp");
                if (ts == null || ts.isNull()) {
                    at.addNull();
                } else {
                    at.add(micros(ts));
                    anyTime = true;
                }
            }
            ObjectNode s = series.addObject();
            s.put("name", name);
            s.set("values", values);
            s.set("steps", anyStep ? steps : f.nullNode());
            s.set("atMicros", anyTime ? at : f.nullNode());
        }
        out.set("idempotencyKey", node.has("idempotencyKey") ? node.get("idempotencyKey") : f.nullNode());
        return out;
    }

    /** Seconds since the epoch as Jackson wrote an Instant (decimal, or ISO text), in microseconds. */
    private static long micros(JsonNode ts) {
        if (ts.isTextual()) {
            java.time.Instant t = java.time.Instant.parse(ts.asText());
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), (t.getNano() + 500) / 1000);
        }
        return ts.decimalValue()
                .multiply(MILLION)
                .setScale(0, java.math.RoundingMode.HALF_UP)
                .longValueExact();
    }
}
