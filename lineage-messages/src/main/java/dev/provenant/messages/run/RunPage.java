package dev.provenant.messages.run;

import java.util.List;

/** A page of runs. */
public record RunPage(List<RunView> items, boolean hasMore) {}
