package dev.provenant.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** A plain HTTP GraphQL client for tests: real requests over loopback, JSON in and out. */
public final class GraphQlClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI endpoint;
    private final String token;

    public GraphQlClient(String baseUrl, String token) {
        this.endpoint = URI.create(baseUrl + "/graphql");
        this.token = token;
    }

    /** Sends a query; returns the status code and the parsed body. */
    public Response post(String query, Map<String, Object> variables) {
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("query", query);
            if (variables != null) {
                body.put("variables", variables);
            }
            HttpRequest.Builder req = HttpRequest.newBuilder(endpoint)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (token != null) {
                req.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(res.statusCode(), JSON.readTree(res.body()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response post(String query) {
        return post(query, null);
    }

    /** Status and body of one response. */
    public record Response(int status, JsonNode body) {
        public JsonNode data() {
            return body.path("data");
        }

        public JsonNode errors() {
            return body.path("errors");
        }
    }
}
