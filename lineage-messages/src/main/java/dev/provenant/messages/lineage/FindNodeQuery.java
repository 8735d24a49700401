package dev.provenant.messages.lineage;

import java.time.Instant;

/** One node of the lineage graph (as of a time, or now); answered with an optional {@link LineageGraph.Node}. */
public record FindNodeQuery(NodeId node, Instant asOf) {}
