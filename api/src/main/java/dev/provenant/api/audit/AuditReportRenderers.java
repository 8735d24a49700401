package dev.provenant.api.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders an {@link AuditReport}: {@code String md = AuditReportRenderers.render(report,
 * AuditReportFormat.MD);}. Output is deterministic for a given report.
 *
 * <p>HTML and Markdown come from one {@link ReportModel} through the JTE templates under {@code
 * api/src/main/jte} (compiled at build time): {@code html/audit/report.jte}, a self-contained,
 * printable page (inline CSS and SVG, no scripts, nothing fetched) whose values the engine escapes
 * by HTML context, and {@code markdown/audit/report.jte} (GitHub-flavoured tables), whose values
 * {@link ReportOutput} escapes as Markdown text or code spans, so a name, principal or parameter
 * cannot add markup, links, table cells or lines. JSON is the report itself; PROV-JSON is {@link
 * ProvJson}.
 */
public final class AuditReportRenderers {

    /** Identifies the JSON rendering's layout; changes when fields are removed or renamed. */
    public static final String JSON_SCHEMA = "provenant-audit-report/1";

    private static final ObjectWriter JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .writer(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

    private static final TemplateEngine HTML_TEMPLATES = TemplateEngine.createPrecompiled(
            null,
            ContentType.Html,
            AuditReportRenderers.class.getClassLoader(),
            "dev.provenant.api.audit.template.html");
    private static final TemplateEngine MARKDOWN_TEMPLATES = TemplateEngine.createPrecompiled(
            null,
            ContentType.Plain,
            AuditReportRenderers.class.getClassLoader(),
            "dev.provenant.api.audit.template.markdown");
    private static final String REPORT_TEMPLATE = "audit/report.jte";

    private AuditReportRenderers() {}

    public static String render(AuditReport report, AuditReportFormat format) {
        return switch (format) {
            case MD -> markdown(ReportModel.of(report));
            case HTML -> html(ReportModel.of(report));
            case JSON -> json(report);
            case PROV_JSON -> json(ProvJson.of(report)) + "\n";
        };
    }

    private static String html(ReportModel model) {
        ReportOutput out = ReportOutput.html();
        HTML_TEMPLATES.render(
                REPORT_TEMPLATE, Map.of("report", model, "drawing", LineageDrawing.of(model.lineage())), out);
        return out.toString();
    }

    private static String markdown(ReportModel model) {
        ReportOutput out = ReportOutput.markdown();
        MARKDOWN_TEMPLATES.render(REPORT_TEMPLATE, model, out);
        return out.toString();
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
