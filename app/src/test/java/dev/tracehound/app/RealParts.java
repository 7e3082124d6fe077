package dev.tracehound.app;

import dev.tracehound.fixtures.ThrowawayClickHouse;
import dev.tracehound.fixtures.ThrowawayPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Properties that point a test application at fresh databases on the real parts ./dev test started. */
final class RealParts {

    /** The admin key every test application is started with; {@link #getAsAdmin} sends it. */
    static final String ADMIN_KEY = "test_admin_key_not_secret_0123456789";

    private RealParts() {}

    static String dockerHost() {
        String host = System.getenv("DOCKER_HOST");
        if (host == null || host.isBlank()) {
            throw new IllegalStateException("DOCKER_HOST is not set: run the tests with ./dev test");
        }
        return host;
    }

    static Map<String, Object> properties(ThrowawayClickHouse clickHouse, ThrowawayPostgres postgres) {
        var properties = new LinkedHashMap<String, Object>();
        properties.put("server.port", "0");
        properties.put("tracehound.clickhouse.url", clickHouse.url());
        properties.put("tracehound.clickhouse.database", clickHouse.name());
        properties.put("spring.datasource.url", postgres.url());
        properties.put("spring.datasource.username", ThrowawayPostgres.user());
        properties.put("spring.datasource.password", ThrowawayPostgres.password());
        properties.put("tracehound.docker.host", dockerHost());
        properties.put("tracehound.demo.enabled", "false");
        properties.put("tracehound.ingest.grpc.port", "0");
        properties.put("tracehound.admin.key", ADMIN_KEY);
        // Detection on a tick would evaluate every test's projects; the incidents tests turn it on.
        properties.put("tracehound.incidents.enabled", "false");
        return properties;
    }

    /** Starts the application; the properties win over application.yaml, as command-line arguments do. */
    static org.springframework.context.ConfigurableApplicationContext start(Map<String, Object> properties) {
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new org.springframework.boot.builder.SpringApplicationBuilder(TracehoundApplication.class).run(args);
    }

    record Response(int status, JsonNode body) {}

    static Response get(int port, String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)));
    }

    /** A GET as the admin, e.g. health with each part's details. */
    static Response getAsAdmin(int port, String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + ADMIN_KEY));
    }

    private static Response send(HttpRequest.Builder request) throws Exception {
        var response = HttpClient.newHttpClient().send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), JsonMapper.builder().build().readTree(response.body()));
    }
}
