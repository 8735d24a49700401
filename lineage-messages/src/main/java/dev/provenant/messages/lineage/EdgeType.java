package dev.provenant.messages.lineage;

/**
 * Kinds of lineage edges. Every edge points from parent to child, the way data flows: {@code from}
 * is upstream, {@code to} downstream, so UPSTREAM traversals follow edges backwards and DOWNSTREAM
 * ones forwards. The names are the relation as the API has always spelled it; {@link #reading()}
 * is the same relation read from {@code from} to {@code to}, which is how the CLI, the web page and
 * audit reports print an edge ({@code run:a -[replayed as]-> run:b}).
 *
 * <ul>
 *   <li>{@code CONTENT}: dataset version → the artifact holding its bytes ("has content")
 *   <li>{@code CONSUMED}: input artifact → the run that read it ("consumed by")
 *   <li>{@code PRODUCED}: run → output artifact, for the artifact's <em>origin</em> only when
 *       traversing: the first run, in event order, that produced those bytes ("produced")
 *   <li>{@code RAN_CODE}: code snapshot → the run that executed it ("code of")
 *   <li>{@code RAN_IN_ENV}: environment → the run that ran in it ("environment of")
 *   <li>{@code REGISTERED_FROM}: run, and its output artifact, → the model version registered from
 *       them ("registered as")
 *   <li>{@code REPLAY_OF}: original run → its replay ("replayed as")
 *   <li>{@code CACHE_HIT_OF}: earlier run → the run that reused its outputs ("reused by")
 *   <li>{@code PART_OF}: pipeline run → step run ("has step")
 *   <li>{@code REPRODUCED}: never stored. A run → an artifact it produced after the artifact's
 *       origin had (a cache hit, replay or independent re-execution: a <em>confirmation</em>). The
 *       read model stores it as {@code PRODUCED}; a traversal returns it as {@code REPRODUCED},
 *       and only when asked to include confirmations ("reproduced").
 * </ul>
 */
public enum EdgeType {
    CONTENT("has content"),
    CONSUMED("consumed by"),
    PRODUCED("produced"),
    RAN_CODE("code of"),
    RAN_IN_ENV("environment of"),
    REGISTERED_FROM("registered as"),
    REPLAY_OF("replayed as"),
    CACHE_HIT_OF("reused by"),
    PART_OF("has step"),
    REPRODUCED("reproduced");

    private final String reading;

    EdgeType(String reading) {
        this.reading = reading;
    }

    /** The relation read from parent ({@code from}) to child ({@code to}), e.g. "replayed as". */
    public String reading() {
        return reading;
    }

    /** True for the types the read model stores ({@link #REPRODUCED} is only ever computed). */
    public boolean stored() {
        return this != REPRODUCED;
    }
}
