package dev.provenant.api.audit;

/** Renderings of an audit report. */
public enum AuditReportFormat {
    /** Markdown, for review systems. */
    MD("text/markdown; charset=utf-8", "md"),
    /** A self-contained, printable HTML page with the lineage drawn as a graph. */
    HTML("text/html; charset=utf-8", "html"),
    /** The report model as JSON, for machines. */
    JSON("application/json", "json"),
    /** W3C PROV-JSON: entities, activities, agents and their relations. */
    PROV_JSON("application/json", "prov.json");

    private final String mediaType;
    private final String extension;

    AuditReportFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }
}
