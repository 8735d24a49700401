package dev.provenant.messages.model;

import java.util.List;

/** A page of model versions. */
public record ModelVersionPage(List<ModelVersionView> items, boolean hasMore) {}
