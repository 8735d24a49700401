package dev.provenant.artifacts;

/**
 * The outcome of storing a directory: the manifest (whose digest identifies the whole tree) and
 * how much was actually transferred.
 *
 * <p>{@code DirectoryPutResult r = store.putDirectory(args); System.out.println(r.digest());}
 *
 * @param digest digest of the stored manifest, the id of the tree
 * @param manifest the manifest itself
 * @param manifestSize size of the manifest's canonical bytes
 * @param filesUploaded files whose bytes were written by this call (not already stored)
 * @param bytesUploaded bytes of those files
 */
public record DirectoryPutResult(
        Digest digest, Manifest manifest, long manifestSize, int filesUploaded, long bytesUploaded) {}
