package dev.provenant.messages.model;

/** A page of model versions in registration order, optionally of one name or stage. */
public record ListModelVersionsQuery(long afterPosition, int limit, String name, ModelStage stage) {
    public ListModelVersionsQuery {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000, got " + limit);
        }
    }
}
