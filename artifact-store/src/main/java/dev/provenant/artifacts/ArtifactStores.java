package dev.provenant.artifacts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Chooses the artifact store from the environment, as every Provenant process does.
 *
 * <p>{@code ArtifactStore store = ArtifactStores.fromEnvironment(home, System.getenv());}
 */
public final class ArtifactStores {

    /** Environment variable naming the S3 endpoint; when unset, the local store is used. */
    public static final String S3_ENDPOINT = "PROVENANT_S3_ENDPOINT";
    /** Bucket name (default {@value #DEFAULT_BUCKET}). */
    public static final String S3_BUCKET = "PROVENANT_S3_BUCKET";
    /** Access key. */
    public static final String S3_ACCESS_KEY = "PROVENANT_S3_ACCESS_KEY";
    /** Secret key. */
    public static final String S3_SECRET_KEY = "PROVENANT_S3_SECRET_KEY";
    /** Default bucket. */
    public static final String DEFAULT_BUCKET = "provenant-artifacts";

    private ArtifactStores() {}

    /**
     * This process's environment with {@code PROVENANT_*} system properties on top (how tests and
     * embedders configure a process without changing its environment), as every Provenant process
     * reads its settings.
     */
    public static Map<String, String> processEnvironment() {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        System.getProperties().forEach((k, v) -> {
            if (k.toString().startsWith("PROVENANT_")) {
                env.put(k.toString(), v.toString());
            }
        });
        return env;
    }

    /**
     * The S3 store when {@code PROVENANT_S3_ENDPOINT} is set ({@code PROVENANT_S3_BUCKET}, default
     * {@code provenant-artifacts}, created if missing; {@code PROVENANT_S3_ACCESS_KEY}, {@code
     * PROVENANT_S3_SECRET_KEY}), otherwise the local store under {@code <home>/artifacts}.
     *
     * <p>{@code ArtifactStore store = ArtifactStores.fromEnvironment(Path.of(System.getProperty("user.home"), ".provenant"), System.getenv());}
     *
     * @param provenantHome the PROVENANT_HOME directory
     * @param env environment variables
     * @return an open store; close it when done
     * @throws ArtifactStoreException when the S3 settings are incomplete or invalid
     * @throws StoreUnavailableException when the S3 server cannot be reached
     */
    public static ArtifactStore fromEnvironment(Path provenantHome, Map<String, String> env) {
        String endpoint = blankToNull(env.get(S3_ENDPOINT));
        if (endpoint == null) {
            try {
                // 0700 (narrowed if it exists): the home also holds tokens and the database password
                OwnerOnly.createDirectory(provenantHome);
            } catch (IOException e) {
                throw new ArtifactStoreException(
                        "Cannot create PROVENANT_HOME '" + provenantHome + "': " + e.getMessage(), e);
            }
            return LocalArtifactStore.open(provenantHome.resolve("artifacts"));
        }
        String access = blankToNull(env.get(S3_ACCESS_KEY));
        String secret = blankToNull(env.get(S3_SECRET_KEY));
        if (access == null || secret == null) {
            throw new ArtifactStoreException(S3_ENDPOINT + " is set to " + endpoint + " but " + S3_ACCESS_KEY + " and "
                    + S3_SECRET_KEY + " are not both set; set them, or unset " + S3_ENDPOINT
                    + " to use the local store.");
        }
        String bucket = blankToNull(env.get(S3_BUCKET));
        try {
            return S3ArtifactStore.builder()
                    .endpoint(endpoint)
                    .credentials(access, secret)
                    .bucket(bucket == null ? DEFAULT_BUCKET : bucket)
                    .spoolDirectory(provenantHome.resolve("tmp"))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ArtifactStoreException("Invalid S3 settings: " + e.getMessage(), e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
