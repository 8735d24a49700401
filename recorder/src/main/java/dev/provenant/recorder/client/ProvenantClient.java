package dev.provenant.recorder.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Talks GraphQL to a Provenant server with a bearer token. {@code client.query(doc, vars)} */
public final class ProvenantClient {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String token;
    private final HttpClient http;

    /**
     * The HTTP client for {@code url}, one per process and kind (creating one starts a selector
     * thread). For plain {@code http:} (the local server) it is built without the JDK's default TLS
     * context, whose trust store (every CA certificate of the JDK) a CLI command would otherwise
     * parse on each start; it has a TLS context that trusts no one, so it could not be misused for
     * an {@code https:} address (and it follows no redirects).
     */
    static HttpClient httpFor(String url) {
        return url.regionMatches(true, 0, "http:", 0, 5) ? Plain.CLIENT : Tls.CLIENT;
    }

    private static final class Plain {
        static final HttpClient CLIENT = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .sslContext(trustingNoOne())
                .build();

        private static javax.net.ssl.SSLContext trustingNoOne() {
            javax.net.ssl.X509TrustManager none = new javax.net.ssl.X509TrustManager() {
                @Override
                public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType)
                        throws java.security.cert.CertificateException {
                    throw new java.security.cert.CertificateException("TLS is not used for http: addresses");
                }

                @Override
                public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType)
                        throws java.security.cert.CertificateException {
                    throw new java.security.cert.CertificateException("TLS is not used for http: addresses");
                }

                @Override
                public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                    return new java.security.cert.X509Certificate[0];
                }
            };
            try {
                javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
                ctx.init(new javax.net.ssl.KeyManager[0], new javax.net.ssl.TrustManager[] {none}, null);
                return ctx;
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("cannot set up the HTTP client: " + e.getMessage(), e);
            }
        }
    }

    private static final class Tls {
        static final HttpClient CLIENT =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public ProvenantClient(String baseUrl, String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
        this.http = httpFor(this.baseUrl);
    }

    public String baseUrl() {
        return baseUrl;
    }

    /**
     * The bearer token, for handing to a recorded command (the Python client inside {@code provenant
     * run} talks to the same server as the CLI). Never log it.
     */
    public String token() {
        return token;
    }

    /**
     * Runs a GraphQL document and returns {@code data}; GraphQL errors become a {@link
     * CliException} carrying the server's message: exit 2 (usage) when the server found an
     * argument the user gave malformed ({@code BAD_REQUEST}), else 1.
     */
    public JsonNode query(String document, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", document);
        body.put("variables", variables == null ? Map.of() : variables);
        HttpResponse<String> res;
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + "/graphql"))
                    .timeout(Duration.ofMinutes(5))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build();
            res = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new ServerUnavailableException(
                    "cannot reach the Provenant server at " + baseUrl
                            + ": is it running? (unset PROVENANT_URL to use a local one)",
                    e);
        } catch (IOException e) {
            // reset, closed mid-answer, timed out: the server went away (its answer is unknown)
            throw new ServerUnavailableException("request to " + baseUrl + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(130, "interrupted");
        }
        if (res.statusCode() == 502 || res.statusCode() == 503 || res.statusCode() == 504) {
            throw new ServerUnavailableException(
                    "the Provenant server at " + baseUrl + " is unavailable (HTTP " + res.statusCode() + ")", null);
        }
        JsonNode root;
        try {
            root = JSON.readTree(res.body());
        } catch (IOException e) {
            throw new CliException(
                    1,
                    "server at " + baseUrl + " answered HTTP " + res.statusCode() + " with something that is not JSON");
        }
        if (res.statusCode() == 401 || res.statusCode() == 403 || res.statusCode() == 413) {
            throw new CliException(
                    1,
                    "server refused (HTTP " + res.statusCode() + "): "
                            + root.path("message").asText());
        }
        if (root.has("errors") && root.path("errors").size() > 0) {
            JsonNode first = root.path("errors").get(0);
            if ("DATABASE_UNAVAILABLE"
                    .equals(first.path("extensions").path("classification").asText())) {
                throw new ServerUnavailableException(first.path("message").asText(), null);
            }
            boolean usage = "BAD_REQUEST"
                    .equals(first.path("extensions").path("classification").asText());
            throw new CliException(usage ? 2 : 1, first.path("message").asText());
        }
        return root.path("data");
    }

    /** Whether the server answers its health endpoint with UP. */
    public static boolean healthy(String baseUrl) {
        try {
            HttpResponse<String> r = httpFor(baseUrl)
                    .send(
                            HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health"))
                                    .timeout(Duration.ofSeconds(3))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("UP");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
