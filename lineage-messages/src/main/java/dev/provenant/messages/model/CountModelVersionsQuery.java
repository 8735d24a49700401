package dev.provenant.messages.model;

/**
 * How many model versions {@link ListModelVersionsQuery} would page through in all (answered with
 * a {@code Long}).
 *
 * @param name only versions of this model name, or {@code null}
 * @param stage only versions now in this stage, or {@code null}
 */
public record CountModelVersionsQuery(String name, ModelStage stage) {}
