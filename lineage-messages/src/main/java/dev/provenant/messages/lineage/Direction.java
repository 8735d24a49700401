package dev.provenant.messages.lineage;

/** Which way to traverse lineage from a node. */
public enum Direction {
    UPSTREAM,
    DOWNSTREAM,
    BOTH
}
