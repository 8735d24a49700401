package dev.provenant.messages.run;

import dev.provenant.messages.common.Sha256Digest;

/**
 * A page of runs in the order they started, optionally filtered.
 *
 * @param afterPosition only runs started after this event position (0 for the first page)
 * @param limit 1-1000
 * @param name only runs with this name, or null
 * @param status only runs in this status, or null
 * @param pipelineRunId only steps of this pipeline run, or null
 * @param cacheKey only runs with this cache key, or null
 */
public record ListRunsQuery(
        long afterPosition, int limit, String name, RunStatus status, RunId pipelineRunId, Sha256Digest cacheKey) {
    public ListRunsQuery {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000, got " + limit);
        }
    }
}
