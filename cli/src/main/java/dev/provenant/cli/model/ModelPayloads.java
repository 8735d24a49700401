package dev.provenant.cli.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.cli.client.Args;
import dev.provenant.recorder.client.CliException;

/** A registry mutation's payload: its first error becomes a {@link CliException} (exit 1). */
final class ModelPayloads {

    private ModelPayloads() {}

    /** The payload's {@code modelVersion}, or exit 1 with the server's error (not found: what to do). */
    static JsonNode modelVersion(JsonNode payload, String notFoundId) {
        JsonNode errors = payload.path("errors");
        if (errors.isArray() && errors.size() > 0) {
            JsonNode e = errors.get(0);
            String code = e.path("code").asText();
            if ("NOT_FOUND".equals(code) && notFoundId != null) {
                throw new CliException(
                        1,
                        Args.notFound(notFoundId, null) + " ("
                                + e.path("message").asText() + ")");
            }
            String field = e.path("field").asText("");
            throw new CliException(
                    1,
                    "refused (" + code + "): " + e.path("message").asText()
                            + (field.isEmpty() || e.path("message").asText().contains(field)
                                    ? ""
                                    : " [" + field + "]"));
        }
        JsonNode mv = payload.path("modelVersion");
        if (mv.isMissingNode() || mv.isNull()) {
            throw new CliException(1, "the server answered without a model version");
        }
        return mv;
    }
}
