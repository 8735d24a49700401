package dev.provenant.artifacts;

/**
 * What a store knows about a stored artifact without reading it.
 *
 * <p>{@code ArtifactInfo info = store.stat(digest); long bytes = info.size();}
 *
 * @param digest the content address
 * @param size size in bytes
 */
public record ArtifactInfo(Digest digest, long size) {}
