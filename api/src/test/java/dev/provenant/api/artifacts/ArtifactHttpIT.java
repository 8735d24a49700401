package dev.provenant.api.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.api.ProvenantApplication;
import dev.provenant.api.ProvenantTestSupport;
import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.ArtifactStores;
import dev.provenant.artifacts.Digest;
import dev.provenant.testsupport.TestS3;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Artifact bytes over HTTP, attacked first, through real HTTP (raw sockets: no client library
 * normalises what we send) against a real server whose store is a real S3 bucket. After every
 * refusal the store is asked whether anything arrived.
 */
@SpringBootTest(
        classes = {ProvenantApplication.class, ArtifactHttpIT.S3Store.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "provenant.artifacts.max-upload-bytes=1048576")
class ArtifactHttpIT {

    static final long LIMIT = 1_048_576;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ProvenantTestSupport.register(registry);
    }

    /** The server's store on a fresh bucket of the test S3 server. */
    @TestConfiguration(proxyBeanMethods = false)
    static class S3Store {
        @Bean(destroyMethod = "close")
        @Primary
        ArtifactStore s3ArtifactStore() throws IOException {
            TestS3.TestBucket b = TestS3.shared().newBucket();
            return ArtifactStores.fromEnvironment(
                    Files.createTempDirectory("artifact-http-home"),
                    Map.of(
                            ArtifactStores.S3_ENDPOINT, b.endpoint(),
                            ArtifactStores.S3_BUCKET, b.bucket(),
                            ArtifactStores.S3_ACCESS_KEY, b.accessKey(),
                            ArtifactStores.S3_SECRET_KEY, b.secretKey()));
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ArtifactStore store;

    static final String ALICE = ProvenantTestSupport.ALICE_TOKEN;
    static final String CAROL = ProvenantTestSupport.READER_TOKEN;

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void givenBytesThatDoNotHashToThePathsDigest_whenPut_then400NamingBothDigests_andNothingStored() throws Exception {
        byte[] body = bytes("the real model bytes " + System.nanoTime());
        Digest actual = Digest.of(body);
        Digest claimed = Digest.of(bytes("something else " + System.nanoTime()));
        Raw r = put("/api/artifacts/" + claimed, ALICE, body);
        assertThat(r.status).isEqualTo(400);
        assertThat(r.body)
                .contains("digest_mismatch")
                .contains(claimed.toString())
                .contains(actual.toString());
        assertThat(store.exists(claimed)).isFalse();
        assertThat(store.exists(actual)).isFalse();
        // chunked (no declared length) is verified the same way
        Raw chunked = putChunked("/api/artifacts/" + claimed, ALICE, body);
        assertThat(chunked.status).isEqualTo(400);
        assertThat(store.exists(claimed)).isFalse();
        assertThat(store.exists(actual)).isFalse();
    }

    @Test
    void givenPathSpellingsThatEscapeOrRoute_whenPut_then400_andNothingStored() throws Exception {
        byte[] body = bytes("escape " + System.nanoTime());
        Digest d = Digest.of(body);
        for (String path : new String[] {
            "/api/artifacts/../graphql",
            "/api/artifacts/../../etc/passwd",
            "/api/artifacts/%2e%2e/graphql",
            "/api/artifacts/sha256:" + d.hex() + "/..",
            "/api/artifacts/sha256:" + d.hex() + ";x=y",
            "/api/artifacts//sha256:" + d.hex(),
            "/api/artifacts/sha256%3a" + d.hex() + "%2f..",
        }) {
            Raw r = put(path, ALICE, body);
            assertThat(r.status).as(path).isEqualTo(400);
        }
        assertThat(store.exists(d)).isFalse();
    }

    @Test
    void givenBadDigestSpellings_whenPutOrGet_then400NamingTheRule() throws Exception {
        byte[] body = bytes("spelling");
        String hex = Digest.of(body).hex();
        for (String id : new String[] {
            "sha256:" + hex.toUpperCase(),
            "sha256:" + hex.substring(1),
            "sha256:" + hex + "0",
            "md5:" + hex,
            hex,
            "sha256:" + "z".repeat(64),
            "sha256:",
        }) {
            Raw r = put("/api/artifacts/" + id, ALICE, body);
            assertThat(r.status).as(id).isEqualTo(400);
            assertThat(r.body).as(id).contains("invalid_digest").contains("sha256:");
            assertThat(get("/api/artifacts/" + id, CAROL).status).as(id).isEqualTo(400);
        }
        assertThat(store.exists(Digest.of(body))).isFalse();
    }

    @Test
    void givenAReaderToken_whenPut_then403_andNoTokenIs401_andNothingStored() throws Exception {
        byte[] body = bytes("reader may not write " + System.nanoTime());
        Digest d = Digest.of(body);
        Raw reader = put("/api/artifacts/" + d, CAROL, body);
        assertThat(reader.status).isEqualTo(403);
        assertThat(reader.body).contains("carol").contains("READER");
        Raw anonymous = put("/api/artifacts/" + d, null, body);
        assertThat(anonymous.status).isEqualTo(401);
        assertThat(anonymous.headers.toLowerCase()).contains("www-authenticate: bearer");
        Raw wrong = put("/api/artifacts/" + d, "not-a-token-0123456789abcdef", body);
        assertThat(wrong.status).isEqualTo(401);
        assertThat(get("/api/artifacts/" + d, null).status).isEqualTo(401);
        assertThat(store.exists(d)).isFalse();
    }

    @Test
    void givenABodyOverTheLimit_whenPut_then413NamingTheSetting_declaredOrChunked_andNothingStored() throws Exception {
        byte[] body = new byte[(int) LIMIT + 1];
        Arrays.fill(body, (byte) 7);
        Digest d = Digest.of(body);
        Raw declared = put("/api/artifacts/" + d, ALICE, body);
        assertThat(declared.status).isEqualTo(413);
        assertThat(declared.body).contains("provenant.artifacts.max-upload-bytes");
        Raw chunked = putChunked("/api/artifacts/" + d, ALICE, body);
        assertThat(chunked.status).isEqualTo(413);
        assertThat(chunked.body).contains("provenant.artifacts.max-upload-bytes");
        assertThat(store.exists(d)).isFalse();
        // a body at the limit is fine: the artifact limit, not GraphQL's 1 MiB, applies (they are equal here)
        byte[] atLimit = Arrays.copyOf(body, (int) LIMIT);
        assertThat(put("/api/artifacts/" + Digest.of(atLimit), ALICE, atLimit).status)
                .isEqualTo(201);
    }

    @Test
    void givenARecorder_whenPutThenGet_thenStoredOnce_readersReadTheSameBytes_andHeadSaysTheSize() throws Exception {
        byte[] body = new byte[300_000];
        new java.util.Random(15).nextBytes(body);
        Digest d = Digest.of(body);
        assertThat(head("/api/artifacts/" + d, CAROL).status).isEqualTo(404);
        Raw first = putChunked("/api/artifacts/" + d, ALICE, body);
        assertThat(first.status).isEqualTo(201);
        assertThat(first.body)
                .contains("\"stored\":true")
                .contains(d.toString())
                .contains("300000");
        assertThat(store.exists(d)).isTrue();
        Raw again = put("/api/v1/artifacts/" + d, ProvenantTestSupport.BOB_TOKEN, body);
        assertThat(again.status).isEqualTo(200);
        assertThat(again.body).contains("\"stored\":false");

        Raw h = head("/api/artifacts/" + d, CAROL);
        assertThat(h.status).isEqualTo(200);
        assertThat(h.headers.toLowerCase()).contains("content-length: 300000");
        Raw got = get("/api/artifacts/" + d, CAROL);
        assertThat(got.status).isEqualTo(200);
        assertThat(got.rawBody).isEqualTo(body);
        assertThat(get("/api/artifacts/" + Digest.of(bytes("never stored")), CAROL).status)
                .isEqualTo(404);

        // ranges: one part (206), a suffix, past the end (416); several ranges get the whole object
        Raw part = getRange("/api/artifacts/" + d, CAROL, "bytes=10-19");
        assertThat(part.status).isEqualTo(206);
        assertThat(part.headers).contains("Content-Range: bytes 10-19/300000");
        assertThat(part.rawBody).isEqualTo(Arrays.copyOfRange(body, 10, 20));
        Raw tail = getRange("/api/artifacts/" + d, CAROL, "bytes=-5");
        assertThat(tail.rawBody).isEqualTo(Arrays.copyOfRange(body, 299_995, 300_000));
        Raw from = getRange("/api/artifacts/" + d, CAROL, "bytes=299990-");
        assertThat(from.rawBody).isEqualTo(Arrays.copyOfRange(body, 299_990, 300_000));
        Raw outside = getRange("/api/artifacts/" + d, CAROL, "bytes=300000-");
        assertThat(outside.status).isEqualTo(416);
        assertThat(outside.headers).contains("Content-Range: bytes */300000");
        Raw several = getRange("/api/artifacts/" + d, CAROL, "bytes=0-1,5-6");
        assertThat(several.status).isEqualTo(200);
        assertThat(several.rawBody).isEqualTo(body);
    }

    // --- raw HTTP ---

    record Raw(int status, String headers, String body, byte[] rawBody) {}

    Raw put(String path, String token, byte[] body) throws IOException {
        return raw(
                "PUT " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                        + auth(token) + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n",
                body);
    }

    Raw putChunked(String path, String token, byte[] body) throws IOException {
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        for (int off = 0; off < body.length; off += 64 * 1024) {
            int n = Math.min(64 * 1024, body.length - off);
            chunks.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunks.write(body, off, n);
            chunks.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunks.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return raw(
                "PUT " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n" + auth(token)
                        + "Connection: close\r\n\r\n",
                chunks.toByteArray());
    }

    Raw get(String path, String token) throws IOException {
        return raw(
                "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth(token) + "Connection: close\r\n\r\n", null);
    }

    Raw getRange(String path, String token, String range) throws IOException {
        return raw(
                "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth(token) + "Range: " + range
                        + "\r\nConnection: close\r\n\r\n",
                null);
    }

    Raw head(String path, String token) throws IOException {
        return raw(
                "HEAD " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth(token) + "Connection: close\r\n\r\n", null);
    }

    private static String auth(String token) {
        return token == null ? "" : "Authorization: Bearer " + token + "\r\n";
    }

    private Raw raw(String head, byte[] body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                try {
                    out.write(body);
                    out.flush();
                } catch (IOException refusedEarly) {
                    // the server may answer (413, 400) and close before reading the whole body
                }
            }
            InputStream in = s.getInputStream();
            byte[] all;
            try {
                all = in.readAllBytes();
            } catch (IOException reset) {
                all = new byte[0];
            }
            int split = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String headers = new String(all, 0, split < 0 ? all.length : split, StandardCharsets.ISO_8859_1);
            if (headers.length() < 12) {
                return new Raw(0, headers, "", new byte[0]);
            }
            byte[] rest = split < 0 ? new byte[0] : Arrays.copyOfRange(all, split + 4, all.length);
            if (headers.toLowerCase().contains("transfer-encoding: chunked")) {
                rest = dechunk(rest);
            }
            return new Raw(
                    Integer.parseInt(headers.substring(9, 12)),
                    headers,
                    new String(rest, StandardCharsets.UTF_8),
                    rest);
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] dechunk(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < in.length) {
            int eol = indexOf(Arrays.copyOfRange(in, i, in.length), "\r\n".getBytes(StandardCharsets.US_ASCII));
            if (eol < 0) {
                break;
            }
            String sizeLine = new String(in, i, eol, StandardCharsets.US_ASCII).trim();
            int semi = sizeLine.indexOf(';');
            int n = Integer.parseInt(semi < 0 ? sizeLine : sizeLine.substring(0, semi), 16);
            i += eol + 2;
            if (n == 0) {
                break;
            }
            out.write(in, i, n);
            i += n + 2;
        }
        return out.toByteArray();
    }
}
