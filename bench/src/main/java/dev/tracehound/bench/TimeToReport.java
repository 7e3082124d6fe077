package dev.tracehound.bench;

import dev.tracehound.analytics.SpanRow;
import dev.tracehound.platform.ApiKeys;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * From an incident's first bad span to its report: the service in this JVM with incidents on (a 1 s
 * tick, the anomaly detectors on 1 min windows every 10 s against the 20 min before, 20 spans at
 * least) and the offline investigator. Each run takes a new service in a new project: 25 minutes of
 * healthy history sent in one request over OTLP/HTTP, then live traffic (two requests a second of three
 * spans, over four payment providers), 30 s healthy, then one provider failing (its spans slow and
 * failed). Times are read from PostgreSQL: the incident's {@code opened_at}, the investigation's
 * {@code finished_at} (the report stored), against the moment the first failing span was sent.
 */
final class TimeToReport {

    private static final Duration HEALTHY_LIVE = Duration.ofSeconds(30);
    private static final Duration OPEN_WITHIN = Duration.ofMinutes(2);
    private static final Duration REPORT_WITHIN = Duration.ofMinutes(3);
    private static final List<String> PROVIDERS = List.of("stripe_v2", "adyen", "paypal", "klarna");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One run: the service, the failing value, and what happened when. */
    record Run(String service, String failing, Duration toOpen, Duration toReport, String status, boolean namesService,
            boolean namesValue, String summary) {

        Duration openToReport() {
            return toReport.minus(toOpen);
        }
    }

    private final ServiceInJvm service;
    private final JdbcClient jdbc;
    private final Random random = new Random(23);
    private Project project;
    private String ingestKey;

    private TimeToReport(ServiceInJvm service) {
        this.service = service;
        this.jdbc = JdbcClient.create(service.bean(DataSource.class));
    }

    /** Starts the service on databases of its own (dropped by {@code closer}). */
    static TimeToReport start(Closer closer) throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var properties = new LinkedHashMap<String, String>();
        properties.put("tracehound.incidents.enabled", "true");
        properties.put("tracehound.incidents.tick", "1s");
        properties.put("tracehound.incidents.anomalies.window", "1m");
        properties.put("tracehound.incidents.anomalies.interval", "10s");
        properties.put("tracehound.incidents.anomalies.baseline", "20m");
        properties.put("tracehound.incidents.anomalies.min-volume", "20");
        properties.put("tracehound.agent.provider", "offline");
        return new TimeToReport(ServiceInJvm.start(closer, port, "bench_incidents", properties));
    }

    /**
     * One incident of a fresh service, from its first failing span to its stored report. Each run has a
     * project of its own: the detectors read an established project's baseline again only every 15 min,
     * so a service new to it would be judged only then.
     */
    Run run(int n) throws Exception {
        project = service.bean(ProjectDirectory.class).ensure("bench", "Bench", "payments-" + n, "Payments " + n);
        ingestKey = service.bean(ApiKeys.class).create(project.id(), "bench/incidents", ApiKeys.Scope.INGEST);
        String name = "ledger-" + n + "-" + HexFormat.of().formatHex(new byte[] {(byte) random.nextInt(256)});
        String failing = PROVIDERS.get((n - 1) % PROVIDERS.size());
        // One request: the detectors keep a baseline read from part of it for 15 minutes.
        send(spans(name, Instant.now().minus(Duration.ofMinutes(25)), 25 * 30, Duration.ofMinutes(25)
                .minusSeconds(30), null));
        var failingNow = new AtomicBoolean();
        var firstBadSent = new AtomicReference<Instant>();
        var sending = new AtomicBoolean(true);
        Thread traffic = Thread.ofVirtual().start(() -> live(name, failing, failingNow, firstBadSent, sending));
        try {
            Thread.sleep(HEALTHY_LIVE.toMillis());
            if (incidentOf(name).isPresent()) {
                throw new IllegalStateException("an incident opened for " + name + " while it was healthy");
            }
            failingNow.set(true);
            Map<String, Object> incident = await("an incident of " + name, OPEN_WITHIN, () -> incidentOf(name));
            Instant opened = ((Timestamp) incident.get("opened_at")).toInstant();
            Map<String, Object> done = await("the report of " + name + "'s incident", REPORT_WITHIN,
                    () -> finishedInvestigation((UUID) incident.get("id")));
            Instant finished = ((Timestamp) done.get("finished_at")).toInstant();
            String report = String.valueOf(done.get("report"));
            Instant bad = firstBadSent.get();
            return new Run(name, failing, Duration.between(bad, opened), Duration.between(bad, finished),
                    String.valueOf(done.get("status")), report.contains(name), report.contains(failing),
                    String.valueOf(done.get("summary")));
        } finally {
            sending.set(false);
            traffic.join(5_000);
        }
    }

    /** Two requests a second; while failing, each carries one span of the failing provider. */
    private void live(String name, String failing, AtomicBoolean failingNow, AtomicReference<Instant> firstBadSent,
            AtomicBoolean sending) {
        while (sending.get()) {
            try {
                boolean bad = failingNow.get();
                ExportTraceServiceRequest request = spans(name, Instant.now().minusMillis(200), 3, Duration.ZERO,
                        bad ? failing : null);
                if (bad) {
                    firstBadSent.compareAndSet(null, Instant.now());
                }
                send(request);
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                System.err.println("live traffic of " + name + ": " + e.getMessage());
            }
        }
    }

    /**
     * {@code count} spans of the service spread over {@code spread} from {@code start}; the first is of the
     * {@code failing} provider (slow and failed) when one is given, the others of healthy providers.
     */
    private ExportTraceServiceRequest spans(String name, Instant start, int count, Duration spread, String failing) {
        var rows = new ArrayList<SpanRow>();
        for (int i = 0; i < count; i++) {
            boolean bad = failing != null && i == 0;
            String provider = bad ? failing : PROVIDERS.stream().filter(p -> !p.equals(failing)).toList()
                    .get(random.nextInt(failing == null ? PROVIDERS.size() : PROVIDERS.size() - 1));
            long startNs = start.plusMillis(spread.toMillis() * i / count).toEpochMilli() * 1_000_000L;
            long millis = bad ? 900 + random.nextInt(300) : 20 + random.nextInt(40);
            byte[] ids = new byte[24];
            random.nextBytes(ids);
            String hex = HexFormat.of().formatHex(ids);
            rows.add(new SpanRow(project.id().toString(), hex.substring(0, 32), hex.substring(32), "", "", "POST /charges",
                    SpanRow.SpanKind.SERVER, bad ? SpanRow.StatusCode.ERROR : SpanRow.StatusCode.OK,
                    bad ? "card network timeout at " + provider : "", name, "bench", "1", startNs, millis * 1_000_000L,
                    Map.of("service.name", name), Map.of("payment.provider", provider, "http.route", "/charges"),
                    List.of(), List.of(), SpanRow.LlmUsage.NONE));
        }
        return OtlpRequests.of(rows);
    }

    private void send(ExportTraceServiceRequest request) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(service.base() + "/v1/traces"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-protobuf")
                .header("Authorization", "Bearer " + ingestKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("OTLP/HTTP answered " + response.statusCode() + ": " + response.body());
        }
    }

    private Optional<Map<String, Object>> incidentOf(String name) {
        return jdbc.sql("SELECT id, opened_at FROM incidents WHERE project_id = :project AND service = :service "
                        + "ORDER BY opened_at LIMIT 1")
                .param("project", project.id()).param("service", name).query().listOfRows().stream().findFirst();
    }

    private Optional<Map<String, Object>> finishedInvestigation(UUID incident) {
        return jdbc.sql("""
                        SELECT status, finished_at, report::text AS report, report ->> 'summary' AS summary
                        FROM investigations WHERE incident_id = :incident AND finished_at IS NOT NULL
                        ORDER BY finished_at LIMIT 1""")
                .param("incident", incident).query().listOfRows().stream().findFirst();
    }

    private interface Probe {
        Optional<Map<String, Object>> find();
    }

    private Map<String, Object> await(String what, Duration within, Probe probe) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Map<String, Object>> found = probe.find();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(what + " did not come within " + within.toSeconds() + " s; alert states: "
                + jdbc.sql("SELECT source || ' ' || series_key || ' ' || state || ': ' || summary FROM alert_states")
                        .query(String.class).list());
    }
}
