package dev.provenant.messages.run;

import dev.provenant.messages.common.Sha256Digest;
import java.time.Instant;

/**
 * A page of runs for the runs table: filtered and sorted on the server.
 *
 * <p>Without a sort, runs come in the order they started and {@code after} is an event position
 * (keyset paging); with a sort, {@code after} is the number of rows already returned (offset paging,
 * ties broken by event position so pages never overlap).
 *
 * @param after event position (no sort) or offset (sorted); 0 for the first page
 * @param limit 1-1000
 * @param filter what a run must match (never null; empty matches all)
 * @param sort how to order, or null for start order
 */
public record RunTableQuery(long after, int limit, Filter filter, Sort sort) {

    public RunTableQuery {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000, got " + limit);
        }
        if (after < 0) {
            throw new IllegalArgumentException("after must not be negative, got " + after);
        }
        if (filter == null) {
            filter = Filter.NONE;
        }
    }

    /**
     * What a run must match; every non-null field must hold.
     *
     * @param name exact name
     * @param nameContains case-insensitive substring of the name
     * @param status status
     * @param pipelineRunId only steps of this pipeline run
     * @param cacheKey cache key
     * @param pipelineName only steps of a pipeline run with this name (e.g. {@code pipeline:churn})
     * @param parameterKey with {@code parameterValue}: parameter equal to the value; alone: parameter present
     * @param parameterValue see parameterKey
     * @param metricName with min/max: metric within the range (inclusive); alone: metric present
     * @param metricMin lower bound or null
     * @param metricMax upper bound or null
     * @param startedAfter started at or after
     * @param startedBefore started before
     */
    public record Filter(
            String name,
            String nameContains,
            RunStatus status,
            RunId pipelineRunId,
            Sha256Digest cacheKey,
            String pipelineName,
            String parameterKey,
            String parameterValue,
            String metricName,
            Double metricMin,
            Double metricMax,
            Instant startedAfter,
            Instant startedBefore) {

        /** Matches every run. */
        public static final Filter NONE =
                new Filter(null, null, null, null, null, null, null, null, null, null, null, null, null);

        public Filter {
            if (parameterValue != null && parameterKey == null) {
                throw new IllegalArgumentException("a parameter value needs its key");
            }
            if ((metricMin != null || metricMax != null) && metricName == null) {
                throw new IllegalArgumentException("a metric range needs the metric's name");
            }
            if (metricMin != null && metricMax != null && metricMin > metricMax) {
                throw new IllegalArgumentException("metric range is empty: min " + metricMin + " > max " + metricMax);
            }
        }
    }

    /** What to order by. */
    public enum SortField {
        STARTED_AT,
        DURATION,
        NAME,
        STATUS,
        STARTED_BY,
        METRIC,
        PARAMETER
    }

    /**
     * An order.
     *
     * @param field what to order by
     * @param key the metric or parameter name, for METRIC and PARAMETER
     * @param descending largest first
     */
    public record Sort(SortField field, String key, boolean descending) {
        public Sort {
            if (field == null) {
                throw new IllegalArgumentException("sort needs a field");
            }
            if ((field == SortField.METRIC || field == SortField.PARAMETER) && (key == null || key.isBlank())) {
                throw new IllegalArgumentException(
                        "sorting by " + field + " needs the " + field.name().toLowerCase() + "'s name (sortKey)");
            }
        }
    }
}
