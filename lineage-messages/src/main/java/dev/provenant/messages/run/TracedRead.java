package dev.provenant.messages.run;

/**
 * A file a traced run read that it did not declare: its path (relative to the run's working
 * directory when inside it, else absolute), the SHA-256 of its bytes when the run read it, its size,
 * and whether its bytes were stored ({@code stored}; false above the capture cap: digest only).
 */
public record TracedRead(String path, String digest, long sizeBytes, boolean stored) {}
