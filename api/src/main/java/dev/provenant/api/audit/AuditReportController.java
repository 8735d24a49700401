package dev.provenant.api.audit;

import dev.provenant.api.auth.PrincipalGraphQlInterceptor;
import java.time.Instant;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** {@code auditReport}. */
@Controller
public class AuditReportController {

    /** GraphQL {@code AuditReportDocument}. */
    public record AuditReportDocument(
            String node,
            AuditReportFormat format,
            String mediaType,
            String fileExtension,
            Instant generatedAt,
            String verdict,
            String content) {}

    private final AuditReportBuilder builder;

    public AuditReportController(AuditReportBuilder builder) {
        this.builder = builder;
    }

    @QueryMapping
    public AuditReportDocument auditReport(
            @Argument String node,
            @Argument Instant asOf,
            @Argument AuditReportFormat format,
            @ContextValue(PrincipalGraphQlInterceptor.CONTEXT_KEY) String principal) {
        AuditReportFormat f = format == null ? AuditReportFormat.MD : format;
        AuditReport report = builder.build(node, asOf, principal)
                .orElseThrow(() -> new IllegalArgumentException("node '" + node + "' not found"
                        + (asOf == null ? "" : " as of " + asOf) + ": nothing was recorded about it"));
        return new AuditReportDocument(
                report.subject().id(),
                f,
                f.mediaType(),
                f.extension(),
                report.generatedAt(),
                report.integrity().verdict(),
                AuditReportRenderers.render(report, f));
    }
}
