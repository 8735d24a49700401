package dev.provenant.recorder.run;

import dev.provenant.artifacts.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The environment fingerprint of a run: OS and architecture, the Java runtime, digests of the
 * dependency lockfiles found in the working directory, the container image digest if any, and the
 * values of an allowlist of environment variables ({@code PROVENANT_ENV_ALLOWLIST}, comma
 * separated; default {@link #DEFAULT_ALLOWLIST}).
 */
public final class EnvironmentCapture {

    public static final List<String> DEFAULT_ALLOWLIST =
            List.of("LANG", "LC_ALL", "TZ", "PYTHONHASHSEED", "OMP_NUM_THREADS", "CUDA_VISIBLE_DEVICES");
    static final List<String> LOCKFILES = List.of(
            "pom.xml",
            "build.gradle",
            "gradle.lockfile",
            "package-lock.json",
            "yarn.lock",
            "pnpm-lock.yaml",
            "requirements.txt",
            "poetry.lock",
            "Pipfile.lock",
            "uv.lock",
            "environment.yml",
            "conda-lock.yml",
            "Cargo.lock",
            "go.sum");

    private EnvironmentCapture() {}

    public static Map<String, String> capture(Path workdir, Map<String, String> env) {
        Map<String, String> facts = new TreeMap<>();
        facts.put("os.name", System.getProperty("os.name"));
        facts.put("os.arch", System.getProperty("os.arch"));
        facts.put("java.version", System.getProperty("java.version"));
        facts.put("java.vendor", String.valueOf(System.getProperty("java.vendor")));
        for (String lock : LOCKFILES) {
            Path p = workdir.resolve(lock);
            if (Files.isRegularFile(p)) {
                facts.put("lockfile." + lock, sha256(p));
            }
        }
        String image = env.get("PROVENANT_CONTAINER_IMAGE_DIGEST");
        if (image != null && !image.isBlank()) {
            facts.put("container.image", image);
        }
        String allow = env.get("PROVENANT_ENV_ALLOWLIST");
        List<String> names = allow == null || allow.isBlank() ? DEFAULT_ALLOWLIST : List.of(allow.split(","));
        for (String n : names) {
            String v = env.get(n.trim());
            if (v != null && !v.contains("\n") && v.length() <= 4096) {
                facts.put("env." + n.trim(), v);
            }
        }
        return facts;
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = Digest.newSha256();
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return Digest.ofBytes(md.digest()).toString();
        } catch (IOException e) {
            return "unreadable";
        }
    }
}
