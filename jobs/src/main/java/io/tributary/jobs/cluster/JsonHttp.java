package io.tributary.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** JSON over HTTP for Flink's REST APIs, turning error bodies ({"errors": [...]}) into readable messages. */
public final class JsonHttp {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String what;

    /** @param what names the server in error messages, e.g. "the Flink cluster" */
    public JsonHttp(String baseUrl, String what) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.what = what;
    }

    public String baseUrl() { return baseUrl; }

    public JsonNode get(String path) { return send(HttpRequest.newBuilder(uri(path)).GET(), path); }

    public JsonNode post(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body))), path);
    }

    public JsonNode patch(String path) {
        return send(HttpRequest.newBuilder(uri(path)).method("PATCH", HttpRequest.BodyPublishers.noBody()), path);
    }

    public JsonNode delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE(), path);
    }

    JsonNode send(HttpRequest.Builder request, String path) {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(Duration.ofMinutes(2)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new RestException("cannot reach " + what + " at " + baseUrl + " (is it running? `./tributary up` starts "
                    + "the local one; `./tributary status` shows it)", e);
        } catch (IOException e) {
            throw new RestException("request to " + what + " at " + baseUrl + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestException("interrupted while calling " + what, e);
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            throw new RestException(what + " answered " + response.statusCode() + ": " + errorMessage(body, response.body()),
                    response.statusCode(), null);
        }
        return body;
    }

    /** The most useful part of a Flink error body: its root cause, not the whole stack trace. */
    static String errorMessage(JsonNode body, String raw) {
        if (body == null || !body.has("errors")) return raw == null || raw.isBlank() ? "(empty body)" : raw;
        StringBuilder sb = new StringBuilder();
        for (JsonNode e : body.get("errors")) {
            String summary = ErrorText.rootCause(e.asText());
            if (summary.equals("Internal server error.") && body.get("errors").size() > 1) continue;
            if (!sb.isEmpty()) sb.append("; ");
            sb.append(summary);
        }
        return sb.toString();
    }

    URI uri(String path) { return URI.create(baseUrl + path); }

    static JsonNode parse(String s) {
        if (s == null || s.isBlank()) return JSON.createObjectNode();
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            return JSON.createObjectNode().put("raw", s);
        }
    }

    static byte[] bytes(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
