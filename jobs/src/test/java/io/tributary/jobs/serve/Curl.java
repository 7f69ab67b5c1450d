package io.tributary.jobs.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Calls an HTTP endpoint with the real {@code curl} binary: what a user would type. */
final class Curl {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A response: status, headers (lower-case names) and the body as JSON. */
    record Response(int status, Map<String, String> headers, JsonNode body) {}

    private Curl() {}

    static Response get(String url) throws Exception { return call(List.of(url)); }

    static Response post(String url, String json) throws Exception {
        return call(List.of("-X", "POST", "-H", "Content-Type: application/json", "--data-binary", json, url));
    }

    private static Response call(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "-i", "--max-time", "60"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("curl failed: " + new String(out, StandardCharsets.UTF_8));
        }
        String text = new String(out, StandardCharsets.UTF_8);
        int split = text.indexOf("\r\n\r\n");
        String[] head = text.substring(0, split).split("\r\n");
        int status = Integer.parseInt(head[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            headers.put(head[i].substring(0, colon).toLowerCase(Locale.ROOT), head[i].substring(colon + 1).strip());
        }
        return new Response(status, headers, JSON.readTree(text.substring(split + 4)));
    }
}
