package dev.provenant.api.openlineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.api.auth.Caller;
import dev.provenant.api.auth.SecurityConfig;
import dev.provenant.api.config.OpenLineageProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * OpenLineage ingestion (spec 2-0-x): {@code POST /api/v1/lineage} takes one event, {@code POST
 * /api/v1/lineage/batch} a JSON array with a result per event (an invalid event does not reject the
 * rest; the valid ones are recorded in one transaction, all or none). Bad input: 400 naming the field, nothing recorded; a body over {@code
 * provenant.openlineage.max-bytes}: 413.
 */
@RestController
@RequestMapping("/api/v1/lineage")
public class OpenLineageController {

    private final OpenLineageIngestion ingestion;
    private final long maxBytes;
    private final ObjectMapper json = new ObjectMapper();

    private final dev.provenant.api.graphql.RecordingLimits limits;

    public OpenLineageController(
            OpenLineageIngestion ingestion,
            OpenLineageProperties properties,
            dev.provenant.api.graphql.RecordingLimits limits) {
        this.ingestion = ingestion;
        this.maxBytes = properties.maxBytes();
        this.limits = limits;
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> one(HttpServletRequest request) throws IOException {
        Body body;
        try {
            body = read(request);
        } catch (Rejected r) {
            return r.response;
        }
        JsonNode event = body.json();
        try {
            checkDatasets(event);
            OpenLineageMapper.Mapped mapped =
                    OpenLineageMapper.map(event, new String(body.bytes(), StandardCharsets.UTF_8));
            OpenLineageIngestion.Result r = ingestion.record(mapped, caller(request));
            Map<String, Object> res = new LinkedHashMap<>();
            res.put("status", r.status());
            res.put("id", r.subject());
            return ResponseEntity.status(r.status().equals("recorded") ? HttpStatus.CREATED : HttpStatus.OK)
                    .body(res);
        } catch (InvalidEventException e) {
            return error(HttpStatus.BAD_REQUEST, "invalid_event", e.field(), e.getMessage());
        }
    }

    @PostMapping("/batch")
    public ResponseEntity<Map<String, Object>> batch(HttpServletRequest request) throws IOException {
        Body body;
        try {
            body = read(request);
        } catch (Rejected r) {
            return r.response;
        }
        JsonNode events = body.json();
        if (!events.isArray()) {
            return error(HttpStatus.BAD_REQUEST, "invalid_batch", "$", "a batch must be a JSON array of events");
        }
        String principal = caller(request);
        List<Map<String, Object>> results = new ArrayList<>();
        List<OpenLineageMapper.Mapped> valid = new ArrayList<>();
        List<Integer> validIndexes = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < events.size(); i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("index", i);
            try {
                JsonNode ev = events.get(i);
                checkDatasets(ev);
                valid.add(OpenLineageMapper.map(ev, json.writeValueAsString(ev)));
                validIndexes.add(i);
            } catch (InvalidEventException e) {
                r.put("status", "invalid");
                r.put("field", e.field());
                r.put("message", e.getMessage());
                failed++;
            }
            results.add(r);
        }
        int recorded = 0;
        List<OpenLineageIngestion.Result> outcomes = ingestion.recordAll(valid, principal);
        for (int k = 0; k < outcomes.size(); k++) {
            Map<String, Object> r = results.get(validIndexes.get(k));
            OpenLineageIngestion.Result res = outcomes.get(k);
            if (res.status().startsWith("invalid")) {
                r.put("status", "invalid");
                r.put("message", res.status().substring("invalid: ".length()));
                failed++;
            } else {
                r.put("status", res.status());
                r.put("id", res.subject());
                if (res.status().equals("recorded")) {
                    recorded++;
                }
            }
        }
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("received", events.size());
        res.put("recorded", recorded);
        res.put("invalid", failed);
        res.put("results", results);
        return ResponseEntity.ok(res);
    }

    /** The database cannot be reached: 503 with Retry-After; nothing was recorded. */
    @org.springframework.web.bind.annotation.ExceptionHandler(RuntimeException.class)
    ResponseEntity<Map<String, Object>> unavailable(RuntimeException e) {
        java.util.Optional<String> database = dev.provenant.api.db.DatabaseUnavailable.describe(e);
        if (database.isEmpty()) {
            throw e;
        }
        ResponseEntity<Map<String, Object>> r =
                error(HttpStatus.SERVICE_UNAVAILABLE, "database_unavailable", null, database.get());
        return ResponseEntity.status(r.getStatusCode())
                .header("Retry-After", "5")
                .body(r.getBody());
    }

    /** Caps the datasets one event may carry (a flood stalls the projections for everyone). */
    private void checkDatasets(JsonNode event) throws InvalidEventException {
        int max = limits.maxDatasetsPerEvent();
        for (String side : new String[] {"inputs", "outputs"}) {
            int n = event.path(side).size();
            if (n > max) {
                throw new InvalidEventException(
                        side,
                        side + ": " + n + " datasets is more than the " + max + " one event may carry"
                                + " (provenant.limits.max-datasets-per-openlineage-event); split the event");
            }
        }
    }

    /** A request body within the size limit, parsed. */
    private record Body(byte[] bytes, JsonNode json) {}

    /** A request refused before any event is looked at (too large, not JSON, empty). */
    private static final class Rejected extends Exception {
        private final transient ResponseEntity<Map<String, Object>> response;

        Rejected(ResponseEntity<Map<String, Object>> response) {
            super(null, null, false, false);
            this.response = response;
        }
    }

    private Body read(HttpServletRequest request) throws IOException, Rejected {
        byte[] bytes = readBounded(request.getInputStream());
        if (bytes == null) {
            throw new Rejected(tooLarge());
        }
        JsonNode node;
        try {
            node = json.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new Rejected(error(
                    HttpStatus.BAD_REQUEST,
                    "malformed_json",
                    null,
                    "body is not valid JSON: " + e.getOriginalMessage()));
        }
        if (node == null || node.isMissingNode()) {
            throw new Rejected(error(HttpStatus.BAD_REQUEST, "malformed_json", null, "body is empty"));
        }
        return new Body(bytes, node);
    }

    private static String caller(HttpServletRequest request) {
        Object c = request.getAttribute(SecurityConfig.CALLER_ATTRIBUTE);
        return c instanceof Caller caller ? caller.principal() : "unknown";
    }

    private byte[] readBounded(InputStream in) throws IOException {
        byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        return data.length > maxBytes ? null : data;
    }

    private ResponseEntity<Map<String, Object>> tooLarge() {
        return error(
                HttpStatus.CONTENT_TOO_LARGE,
                "payload_too_large",
                null,
                "body exceeds " + maxBytes + " bytes (provenant.openlineage.max-bytes)");
    }

    private static ResponseEntity<Map<String, Object>> error(
            HttpStatus status, String code, String field, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        if (field != null) {
            body.put("field", field);
        }
        body.put("message", message);
        return ResponseEntity.status(status).body(body);
    }
}
