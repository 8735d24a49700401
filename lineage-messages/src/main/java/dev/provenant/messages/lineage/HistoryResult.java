package dev.provenant.messages.lineage;

import java.util.List;

/** The answer to a {@link HistoryQuery}; {@code truncated} when the limit cut it short. */
public record HistoryResult(NodeId node, List<HistoryEntry> events, boolean truncated) {}
