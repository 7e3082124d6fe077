package dev.tracehound.app;

import dev.tracehound.fixtures.ThrowawayClickHouse;
import dev.tracehound.fixtures.ThrowawayPostgres;
import java.util.Map;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The application on fresh databases of the real parts, for one test class; closing drops them. */
final class RunningApp implements AutoCloseable {

    private final ThrowawayClickHouse clickHouse;
    private final ThrowawayPostgres postgres;
    private final Map<String, Object> properties;
    private ConfigurableApplicationContext context;

    private RunningApp(ThrowawayClickHouse clickHouse, ThrowawayPostgres postgres, Map<String, Object> properties) {
        this.clickHouse = clickHouse;
        this.postgres = postgres;
        this.properties = properties;
        this.context = RealParts.start(properties);
    }

    /** @param overrides properties on top of {@link RealParts#properties} */
    static RunningApp start(Map<String, Object> overrides) {
        var clickHouse = ThrowawayClickHouse.create();
        var postgres = ThrowawayPostgres.create();
        try {
            var properties = RealParts.properties(clickHouse, postgres);
            properties.putAll(overrides);
            return new RunningApp(clickHouse, postgres, properties);
        } catch (RuntimeException e) {
            postgres.close();
            clickHouse.close();
            throw e;
        }
    }

    /** Stops the application and starts it again on the same databases, as a restart or a deploy does. */
    void restart() {
        context.close();
        context = RealParts.start(properties);
    }

    /**
     * Another instance of the service on the same databases, as a second replica behind a load
     * balancer is; the caller closes it (a restart is closing it and calling this again).
     */
    ConfigurableApplicationContext startAnother() {
        return RealParts.start(properties);
    }

    ThrowawayClickHouse clickHouse() {
        return clickHouse;
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    String base() {
        return "http://localhost:" + port();
    }

    /** A project of its own and a fresh API key for it. */
    ProjectKey newProjectKey(String keyName) {
        var project = bean(dev.tracehound.platform.ProjectDirectory.class).ensure("acme", "Acme", "shop", "Shop");
        return new ProjectKey(project.id().toString(), bean(dev.tracehound.platform.ApiKeys.class)
                .create(project.id(), keyName, dev.tracehound.platform.ApiKeys.Scope.INGEST));
    }

    /** A project with the given slug, and a fresh key of the given scope for it. */
    ProjectKey newProjectKey(String projectSlug, dev.tracehound.platform.ApiKeys.Scope scope) {
        var project = bean(dev.tracehound.platform.ProjectDirectory.class).ensure("acme", "Acme", projectSlug, projectSlug);
        return new ProjectKey(project.id().toString(),
                bean(dev.tracehound.platform.ApiKeys.class).create(project.id(), projectSlug + " " + scope, scope));
    }

    record ProjectKey(String projectId, String key) {}

    /** Polls a count until it reaches {@code expected} or {@code within} passes, then asserts it. */
    static void awaitCount(java.util.function.LongSupplier count, long expected, java.time.Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (count.getAsLong() < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        org.assertj.core.api.Assertions.assertThat(count.getAsLong()).isEqualTo(expected);
    }

    @Override
    public void close() {
        try {
            context.close();
        } finally {
            postgres.close();
            clickHouse.close();
        }
    }
}
