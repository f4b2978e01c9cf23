package io.streamscale.readiness;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamscale.common.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads the Spark master's {@code /json} status page: its state and the hosts of its ALIVE workers. */
final class SparkMasterJson {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    record Status(String status, List<String> aliveWorkerHosts) {}

    private SparkMasterJson() {}

    static Status fetch(String jsonUrl) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(jsonUrl))
                .timeout(Duration.ofSeconds(3))
                .GET()
                .build();
        HttpResponse<String> resp = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) {
            throw new IOException("HTTP " + resp.statusCode() + " from " + jsonUrl);
        }
        JsonNode root = Json.MAPPER.readTree(resp.body());
        List<String> alive = new ArrayList<>();
        for (JsonNode w : root.path("workers")) {
            if ("ALIVE".equals(w.path("state").asText())) {
                alive.add(w.path("host").asText());
            }
        }
        return new Status(root.path("status").asText(), alive);
    }
}
