package dev.provenant.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The image and compose files, checked as far as a machine without a Docker engine can: {@code
 * docker-compose config} accepts the compose file (and refuses it without its secrets), the
 * replicas and the proxy agree on names, the image runs as a non-root user on pinned bases.
 * CI installs docker-compose (.ci/run); elsewhere the compose checks are skipped when it is absent.
 */
class DeploymentFilesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Map<String, String> SECRETS = Map.of(
            "PROVENANT_DB_PASSWORD", "db-secret",
            "PROVENANT_S3_SECRET_KEY", "s3-secret",
            "PROVENANT_TOKENS", "ops=0123456789abcdef0123456789abcdef:admin");

    record Result(int exit, String output) {}

    private static Result compose(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("docker-compose", "-f", "docker-compose.yml"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true);
        SECRETS.keySet().forEach(pb.environment()::remove);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    private static void requireCompose() {
        boolean present = System.getenv("PATH") != null
                && java.util.Arrays.stream(System.getenv("PATH").split(java.io.File.pathSeparator))
                        .anyMatch(d -> Files.isExecutable(Path.of(d, "docker-compose")));
        if (!present && System.getenv("CI") != null) {
            throw new AssertionError("docker-compose is missing on CI: .ci/run installs it (apt-get install"
                    + " --no-install-recommends docker-compose)");
        }
        assumeTrue(present, "docker-compose not installed (apt-get install --no-install-recommends docker-compose)");
    }

    @Test
    void givenItsSecrets_thenDockerComposeAcceptsTheFile_withTwoReplicasBehindTheProxy() throws Exception {
        requireCompose();
        Result config = compose(SECRETS, "config", "-q");
        assertThat(config.exit()).as(config.output()).isZero();
        Result services = compose(SECRETS, "config", "--services");
        assertThat(services.output().lines().toList())
                .contains("postgres", "minio", "create-bucket", "provenant-1", "provenant-2", "proxy");
        Result resolved = compose(SECRETS, "config");
        assertThat(resolved.output())
                .contains("PROVENANT_LEDGER_PRIVATE_KEY: /run/secrets/ledger_key")
                .contains("PROVENANT_TOKENS: ops=0123456789abcdef0123456789abcdef:admin");
    }

    @Test
    void givenNoSecrets_thenDockerComposeRefusesNamingTheMissingOne() throws Exception {
        requireCompose();
        Result config = compose(Map.of(), "config", "-q");
        assertThat(config.exit()).isNotZero();
        assertThat(config.output()).contains("set PROVENANT_");
    }

    @Test
    void theProxyForwardsToTheReplicasTheComposeFileDefines() throws IOException {
        String nginx = Files.readString(ROOT.resolve("deploy/nginx.conf"));
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        Matcher m = Pattern.compile("server (provenant-\\d+):8642").matcher(nginx);
        int upstreams = 0;
        while (m.find()) {
            upstreams++;
            assertThat(compose).contains("  " + m.group(1) + ":");
        }
        assertThat(upstreams).isEqualTo(2);
    }

    @Test
    void theImageRunsAsANonRootUserOnBasesPinnedToExactVersions() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("Dockerfile"));
        List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(froms).hasSize(2);
        for (String from : froms) {
            String image = from.split("\\s+")[1];
            assertThat(image)
                    .as("pinned: %s", image)
                    .matches(".+:\\d+\\.\\d+\\.\\d+[^:]*")
                    .doesNotContain("latest");
        }
        String user = lines.stream()
                .filter(l -> l.startsWith("USER "))
                .reduce((a, b) -> b)
                .orElse("");
        assertThat(user).as("the last USER").isNotEmpty().doesNotContain("root").doesNotContain(" 0");
        assertThat(lines).anyMatch(l -> l.startsWith("HEALTHCHECK"));
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        assertThat(compose).doesNotContain(":latest").doesNotContain("eclipse-temurin:17-jre");
    }
}
