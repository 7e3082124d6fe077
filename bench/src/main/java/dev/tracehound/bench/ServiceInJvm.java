package dev.tracehound.bench;

import dev.tracehound.fixtures.ThrowawayClickHouse;
import dev.tracehound.fixtures.ThrowawayPostgres;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service started in the benchmark's JVM, as the service's own integration tests start it,
 * on a ClickHouse and a PostgreSQL database of its own, with {@link SecurityClock} added to it.
 * Closing stops it and drops both databases.
 */
final class ServiceInJvm implements AutoCloseable {

    private static final String APPLICATION = "dev.tracehound.app.TracehoundApplication";

    private final ConfigurableApplicationContext context;
    private final URI base;

    private ServiceInJvm(ConfigurableApplicationContext context, URI base) {
        this.context = context;
        this.base = base;
    }

    /**
     * Starts the service on {@code port} with {@code properties} on top of its databases; they win
     * over application.yaml, as command-line arguments do. Databases are registered with
     * {@code closer} at once, so a start that fails still drops them.
     */
    static ServiceInJvm start(Closer closer, int port, Map<String, String> properties) {
        return start(closer, port, "bench_auth", properties);
    }

    /** As above, its PostgreSQL database named {@code prefix} and a random suffix. */
    static ServiceInJvm start(Closer closer, int port, String prefix, Map<String, String> properties) {
        var clickHouse = closer.add(ThrowawayClickHouse.create());
        var postgres = closer.add(BenchPostgres.create(prefix));
        var all = new LinkedHashMap<String, String>();
        all.put("server.port", Integer.toString(port));
        all.put("tracehound.clickhouse.url", clickHouse.url());
        all.put("tracehound.clickhouse.database", clickHouse.name());
        all.put("spring.datasource.url", postgres.url());
        all.put("spring.datasource.username", ThrowawayPostgres.user());
        all.put("spring.datasource.password", ThrowawayPostgres.password());
        all.put("tracehound.ingest.grpc.port", "0");
        all.put("spring.main.register-shutdown-hook", "false");
        all.put("logging.level.root", "WARN");
        all.put("spring.main.banner-mode", "off");
        all.putAll(properties);
        String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        var context = new SpringApplicationBuilder(application(), SecurityClock.class).run(args);
        return closer.add(new ServiceInJvm(context, URI.create("http://localhost:" + port)));
    }

    /**
     * The service's main class, by name: bench runs the service as its user would, it does not
     * compile against it (the layering test holds it to that).
     */
    private static Class<?> application() {
        try {
            return Class.forName(APPLICATION);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(APPLICATION + " is not on the class path: run this with ./dev bench auth, "
                    + "which puts app/target/classes there (app's jar is repackaged, its classes are not where a "
                    + "class loader looks)");
        }
    }

    URI base() {
        return base;
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
