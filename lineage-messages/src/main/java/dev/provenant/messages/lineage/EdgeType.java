package dev.provenant.messages.lineage;

/**
 * Kinds of lineage edges, always drawn in the direction data flows (upstream → downstream).
 *
 * <ul>
 *   <li>{@code CONTENT}: dataset version → the artifact holding its bytes
 *   <li>{@code CONSUMED}: input artifact → run
 *   <li>{@code PRODUCED}: run → output artifact
 *   <li>{@code RAN_CODE}: code snapshot → run
 *   <li>{@code RAN_IN_ENV}: environment → run
 *   <li>{@code REGISTERED_FROM}: run, and the output artifact, → the model version registered from it
 *   <li>{@code REPLAY_OF}: original run → its replay
 *   <li>{@code CACHE_HIT_OF}: earlier run → the run that reused its outputs
 *   <li>{@code PART_OF}: pipeline run → step run
 * </ul>
 */
public enum EdgeType {
    CONTENT,
    CONSUMED,
    PRODUCED,
    RAN_CODE,
    RAN_IN_ENV,
    REGISTERED_FROM,
    REPLAY_OF,
    CACHE_HIT_OF,
    PART_OF
}
