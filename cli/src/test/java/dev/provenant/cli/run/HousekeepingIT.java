package dev.provenant.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.cli.CliRun;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nothing piles up: a replay that proved IDENTICAL leaves no work directory (unless --keep), one
 * that did not keeps it and says where; gc --temp removes interrupted uploads and old replay
 * directories, never anything younger than asked.
 */
class HousekeepingIT {

    private static RecordedServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new RecordedServer();
        System.setProperty("PROVENANT_HOME", server.home.toString());
        System.setProperty("PROVENANT_URL", "http://127.0.0.1:" + server.port);
        System.setProperty("PROVENANT_TOKEN", RecordedServer.TOKEN);
    }

    @AfterAll
    static void stop() {
        System.clearProperty("PROVENANT_HOME");
        System.clearProperty("PROVENANT_URL");
        System.clearProperty("PROVENANT_TOKEN");
        server.close();
    }

    private static String record(String script) throws Exception {
        Path dir = Files.createTempDirectory("housekeeping");
        CliRun.Result r =
                CliRun.of("run", "-C", dir.toString(), "--output", "o.txt", "--json", "--", "sh", "-c", script);
        assertThat(r.exit()).as(r.err()).isZero();
        return r.json().path("runId").asText();
    }

    private static Path workdir(JsonNode replay) {
        return Path.of(URI.create(replay.path("workdir").asText()));
    }

    @Test
    void givenReplays_thenProvenOnesLeaveNothingAndOthersAreKeptAndNamed() throws Exception {
        String same = record("echo same > o.txt");
        CliRun.Result identical = CliRun.of("replay-run", same, "--json");
        assertThat(identical.exit()).as(identical.err()).isZero();
        assertThat(workdir(identical.json())).doesNotExist();

        CliRun.Result kept = CliRun.of("replay-run", same, "--json", "--keep");
        assertThat(workdir(kept.json())).isDirectory();
        assertThat(kept.err()).contains("replay files kept in " + workdir(kept.json()));

        String random = record("od -An -N8 -tx8 /dev/urandom > o.txt");
        CliRun.Result different = CliRun.of("replay-run", random, "--json");
        assertThat(different.exit()).isEqualTo(3);
        assertThat(workdir(different.json())).isDirectory();
        assertThat(different.err()).contains("replay files kept in").contains("verdict DIFFERENT");
    }

    @Test
    void givenStaleAndFreshLeftovers_whenGcTemp_thenOnlyTheStaleOnesGo() throws Exception {
        Path tmp = server.home.resolve("artifacts").resolve("tmp");
        Files.createDirectories(tmp);
        Path staleUpload = Files.write(tmp.resolve("stream-killed.tmp"), new byte[4096]);
        Path freshUpload = Files.write(tmp.resolve("stream-running.tmp"), new byte[10]);
        Path replays = server.home.resolve("replays");
        Path staleReplay = Files.createDirectories(replays.resolve("replay-old"));
        Files.writeString(staleReplay.resolve("f.txt"), "x".repeat(100));
        Path freshReplay = Files.createDirectories(replays.resolve("replay-new"));
        FileTime twoHoursAgo = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        Files.setLastModifiedTime(staleUpload, twoHoursAgo);
        Files.setLastModifiedTime(staleReplay, twoHoursAgo);

        CliRun.Result usage = CliRun.of("gc");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(CliRun.of("gc", "--temp", "--older-than", "soon").exit()).isEqualTo(2);

        CliRun.Result gc = CliRun.of("gc", "--temp", "--older-than", "1h", "--json");
        assertThat(gc.exit()).as(gc.err()).isZero();
        JsonNode doc = gc.json();
        assertThat(doc.path("tempFiles").asInt()).isEqualTo(1);
        assertThat(doc.path("tempBytes").asLong()).isEqualTo(4096);
        assertThat(doc.path("replayDirectories").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(staleUpload).doesNotExist();
        assertThat(staleReplay).doesNotExist();
        assertThat(freshUpload).exists();
        assertThat(freshReplay).exists();
    }
}
