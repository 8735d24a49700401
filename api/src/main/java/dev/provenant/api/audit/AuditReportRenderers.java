package dev.provenant.api.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders an {@link AuditReport}: {@code String md = AuditReportRenderers.render(report,
 * AuditReportFormat.MD);}. Output is deterministic for a given report.
 */
public final class AuditReportRenderers {

    /** Identifies the JSON rendering's layout; changes when fields are removed or renamed. */
    public static final String JSON_SCHEMA = "provenant-audit-report/1";

    private static final ObjectWriter JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .writer(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

    private AuditReportRenderers() {}

    public static String render(AuditReport report, AuditReportFormat format) {
        return switch (format) {
            case MD -> MarkdownRenderer.render(report);
            case HTML -> HtmlRenderer.render(report);
            case JSON -> json(report);
            case PROV_JSON -> json(ProvJson.of(report)) + "\n";
        };
    }

    private static String json(AuditReport report) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", JSON_SCHEMA);
        doc.put("report", report);
        return json((Object) doc) + "\n";
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the report as JSON", e);
        }
    }
}
