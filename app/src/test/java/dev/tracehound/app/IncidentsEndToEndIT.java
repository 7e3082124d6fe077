package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import dev.tracehound.platform.ApiKeys;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.notify.ChannelKind;
import dev.tracehound.platform.notify.NotificationChannels;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The loop from signal to report, on two instances of the service sharing one PostgreSQL and one
 * ClickHouse: healthy traffic of a service the demo does not have flows over OTLP; then one of its
 * database shards starts failing and slowing down; the anomaly detectors fire within two evaluation
 * intervals; the agent's investigation names the service and the shard; a webhook receiver (checking
 * the signature with its own HMAC code) and an SMTP server get the messages, each once although the
 * second instance restarts in the middle; the traffic recovers and the incident resolves. Every
 * evaluation of the project's detectors was made by one instance only.
 */
class IncidentsEndToEndIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String SERVICE = "ledger";
    private static final String BAD_SHARD = "shard-7";
    private static final String SECRET = "whsec_end_to_end_test_secret";
    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private static final List<Received> webhooks = new CopyOnWriteArrayList<>();
    private static final AtomicBoolean failing = new AtomicBoolean();
    private static final AtomicBoolean sending = new AtomicBoolean(true);
    private static final Random random = new Random(7);

    private static GreenMail smtp;
    private static HttpServer receiver;
    private static RunningApp first;
    private static ConfigurableApplicationContext second;
    private static Project project;
    private static String ingestKey;
    private static String readKey;
    private static Thread traffic;

    /** One delivery to the webhook receiver, with what the receiver's own HMAC said of its signature. */
    record Received(String eventId, JsonNode body, boolean signatureValid) {}

    @BeforeAll
    static void start() throws Exception {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String signature = exchange.getRequestHeaders().getFirst("Tracehound-Signature");
            webhooks.add(new Received(exchange.getRequestHeaders().getFirst("Tracehound-Event-Id"), JSON.readTree(body),
                    validSignature(signature, body)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        first = RunningApp.start(Map.ofEntries(
                Map.entry("spring.main.sources", OwnNettyResources.class.getName()),
                Map.entry("tracehound.incidents.enabled", "true"),
                Map.entry("tracehound.incidents.tick", "1s"),
                Map.entry("tracehound.incidents.public-url", "https://tracehound.example"),
                Map.entry("tracehound.incidents.anomalies.window", "1m"),
                Map.entry("tracehound.incidents.anomalies.interval", INTERVAL.toSeconds() + "s"),
                Map.entry("tracehound.incidents.anomalies.baseline", "20m"),
                Map.entry("tracehound.incidents.anomalies.min-volume", "20"),
                Map.entry("tracehound.notifications.interval", "1s"),
                Map.entry("tracehound.notifications.smtp.host", "127.0.0.1"),
                Map.entry("tracehound.notifications.smtp.port", String.valueOf(smtp.getSmtp().getPort())),
                Map.entry("tracehound.notifications.smtp.from", "alerts@tracehound.example")));
        second = first.startAnother();
        project = first.bean(ProjectDirectory.class).ensure("acme", "Acme", "payments", "Payments");
        ingestKey = first.bean(ApiKeys.class).create(project.id(), "e2e ingest", ApiKeys.Scope.INGEST);
        readKey = first.bean(ApiKeys.class).create(project.id(), "e2e read", ApiKeys.Scope.READ);
        var channels = first.bean(NotificationChannels.class);
        channels.create(project.workspaceId(), ChannelKind.WEBHOOK, "on-call hook",
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook", SECRET);
        channels.create(project.workspaceId(), ChannelKind.EMAIL, "on-call mail", "oncall@acme.example", null);
        // 25 minutes of healthy history (the detectors' 20-minute baseline), then live traffic.
        Instant now = Instant.now();
        for (int minute = 25; minute >= 1; minute--) {
            send(first.port(), spans(now.minus(Duration.ofMinutes(minute)), 30, Duration.ofSeconds(59)));
        }
        traffic = Thread.ofVirtual().start(IncidentsEndToEndIT::liveTraffic);
    }

    @AfterAll
    static void stop() throws Exception {
        sending.set(false);
        if (traffic != null) {
            traffic.join(5_000);
        }
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void aFailingShardIsDetectedInvestigatedNotifiedOnceAndResolved() throws Exception {
        // Healthy traffic: a few rounds of evaluation open nothing.
        Thread.sleep(INTERVAL.multipliedBy(3).toMillis());
        assertThat(incidents("all")).as("no incident while the service is healthy").isEmpty();

        Instant badFrom = Instant.now();
        failing.set(true);
        JsonNode incident = await("an incident for " + SERVICE, Duration.ofSeconds(60), () -> {
            JsonNode open = incidents("open");
            return open.isEmpty() ? null : open.get(0);
        });
        Duration detectedAfter = Duration.between(badFrom, Instant.parse(incident.get("openedAt").asString()));
        System.out.printf("incident opened %d s after the first failing span: %s%n", detectedAfter.toSeconds(),
                incident.get("title").asString());
        assertThat(incident.get("service").asString()).isEqualTo(SERVICE);
        // Pending at the first breaching evaluation, firing at the second; a tick's and a window's slack.
        assertThat(detectedAfter).as("fired within two evaluation intervals").isLessThanOrEqualTo(
                INTERVAL.multipliedBy(2).plusSeconds(12));

        // A restart of the second instance in the middle of it all.
        second.close();
        second = first.startAnother();

        String id = incident.get("id").asString();
        JsonNode report = await("the investigation's report", Duration.ofSeconds(120), () -> {
            JsonNode detail = get("/api/v1/projects/" + project.id() + "/incidents/" + id);
            JsonNode investigation = detail.get("investigations").isEmpty() ? null : detail.get("investigations").get(0);
            return investigation != null && investigation.get("status").asString().equals("done")
                    ? investigation.get("report") : null;
        });
        String said = report.get("summary").asString() + "\n" + report.get("suspectedCause").asString();
        System.out.println("report: " + said.replace('\n', ' '));
        assertThat(said).contains(SERVICE).contains(BAD_SHARD);
        assertThat(report.get("traceIds")).as("evidence: trace ids").isNotEmpty();
        assertThat(report.get("sessionId").asString()).as("the session to continue it in chat").isNotBlank();

        failing.set(false);
        await("the incident resolved", Duration.ofSeconds(180),
                () -> incidents("resolved").isEmpty() ? null : incidents("resolved").get(0));
        awaitWebhook(id + "/resolved", Duration.ofSeconds(30));

        assertThat(webhooks).as("every delivery is signed").allMatch(Received::signatureValid);
        List<String> events = webhooks.stream().map(Received::eventId).toList();
        assertThat(events).as("each event once, across two instances and a restart").doesNotHaveDuplicates();
        assertThat(events).filteredOn(e -> e.contains(id)).hasSize(3)
                .anyMatch(e -> e.endsWith("/firing")).anyMatch(e -> e.contains("/report")).anyMatch(e -> e.endsWith("/resolved"));
        JsonNode firing = webhooks.stream().filter(w -> w.eventId().endsWith(id + "/firing")).findFirst().orElseThrow().body();
        assertThat(firing.get("link").asString()).isEqualTo("https://tracehound.example/w/" + project.workspaceId()
                + "/p/" + project.id() + "/incidents/" + id);
        assertThat(firing.get("labels").get("service").asString()).isEqualTo(SERVICE);

        smtp.waitForIncomingEmail(30_000, 3);
        MimeMessage[] mails = smtp.getReceivedMessages();
        List<String> subjects = new ArrayList<>();
        for (MimeMessage mail : mails) {
            subjects.add(mail.getSubject());
            assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("oncall@acme.example");
        }
        assertThat(subjects).as("one email per event").hasSize(3).doesNotHaveDuplicates();
        assertThat(subjects).anyMatch(s -> s.startsWith("[Tracehound] Firing: "))
                .anyMatch(s -> s.startsWith("[Tracehound] Report ready: ")).anyMatch(s -> s.startsWith("[Tracehound] Resolved: "));
        String reportMail = GreenMailUtil.getBody(List.of(mails).stream()
                .filter(m -> subject(m).startsWith("[Tracehound] Report ready")).findFirst().orElseThrow());
        assertThat(reportMail).contains(SERVICE).contains("https://tracehound.example/w/");

        // Each evaluation of the project's detectors was one instance's: as many evaluations as slots.
        long slots = JdbcClient.create(first.bean(javax.sql.DataSource.class))
                .sql("SELECT count(*) FROM evaluation_slots WHERE source = :source")
                .param("source", "anomaly:" + project.id()).query(Long.class).single();
        assertThat(slots).as("evaluated every interval").isGreaterThanOrEqualTo(10);
        long instances = JdbcClient.create(first.bean(javax.sql.DataSource.class))
                .sql("SELECT count(DISTINCT instance) FROM evaluation_slots WHERE source = :source")
                .param("source", "anomaly:" + project.id()).query(Long.class).single();
        assertThat(instances).as("the instances shared the work").isGreaterThanOrEqualTo(2);
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Two requests a second, to either instance, healthy or (while failing) with the bad shard's spans failing slowly. */
    private static void liveTraffic() {
        int turn = 0;
        while (sending.get()) {
            try {
                int port = turn++ % 2 == 0 ? first.port()
                        : ((WebServerApplicationContext) second).getWebServer().getPort();
                send(port, spans(Instant.now().minusMillis(500), 1, Duration.ZERO));
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // the second instance restarting: the next request goes to the other one
            }
        }
    }

    /** {@code count} requests of the service spread over {@code spread} from {@code start}, over eight shards. */
    private static ExportTraceServiceRequest spans(Instant start, int count, Duration spread) {
        var scope = ScopeSpans.newBuilder();
        for (int i = 0; i < count; i++) {
            // While it fails, the bad shard takes the retries too: a third of the requests.
            String shard = failing.get() && random.nextInt(3) == 0 ? BAD_SHARD : "shard-" + (1 + random.nextInt(8));
            boolean bad = failing.get() && shard.equals(BAD_SHARD);
            long startNs = start.plusMillis(count == 1 ? 0 : spread.toMillis() * i / count).toEpochMilli() * 1_000_000L;
            long durationMs = bad ? 900 + random.nextInt(200) : 20 + random.nextInt(30);
            byte[] trace = new byte[16];
            byte[] span = new byte[8];
            random.nextBytes(trace);
            random.nextBytes(span);
            scope.addSpans(Span.newBuilder().setTraceId(ByteString.copyFrom(trace)).setSpanId(ByteString.copyFrom(span))
                    .setName("POST /entries").setKind(Span.SpanKind.SPAN_KIND_SERVER)
                    .setStartTimeUnixNano(startNs).setEndTimeUnixNano(startNs + durationMs * 1_000_000L)
                    .addAttributes(attribute("db.shard", shard)).addAttributes(attribute("http.route", "/entries"))
                    .setStatus(bad ? Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)
                            .setMessage("connection reset by " + shard).build()
                            : Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK).build()));
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attribute("service.name", SERVICE)))
                .addScopeSpans(scope)).build();
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static void send(int port, ExportTraceServiceRequest request) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/traces"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-protobuf")
                .header("Authorization", "Bearer " + ingestKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("OTLP answered " + response.statusCode());
        }
    }

    private static JsonNode incidents(String status) throws Exception {
        return get("/api/v1/projects/" + project.id() + "/incidents?status=" + status);
    }

    private static JsonNode get(String path) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(first.base() + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + readKey).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private interface Probe {
        JsonNode get() throws Exception;
    }

    private static JsonNode await(String what, Duration within, Probe probe) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode found = probe.get();
            if (found != null) {
                return found;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(what + " did not come within " + within.toSeconds() + " s; webhooks so far: "
                + webhooks.stream().map(Received::eventId).toList() + "; alert states: " + JdbcClient.create(
                        first.bean(javax.sql.DataSource.class)).sql("SELECT source, series_key, state, summary FROM alert_states")
                .query((rs, n) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + ": " + rs.getString(4))
                .list() + "; timeline: " + JdbcClient.create(first.bean(javax.sql.DataSource.class))
                .sql("SELECT kind || ' ' || detail::text FROM incident_events ORDER BY id").query(String.class).list()
                + "; investigations: " + JdbcClient.create(first.bean(javax.sql.DataSource.class))
                .sql("SELECT status || ' ' || coalesce(claimed_by, '-') || ' ' || coalesce(error, '') FROM investigations")
                .query(String.class).list());
    }

    private static void awaitWebhook(String eventSuffix, Duration within) throws Exception {
        await("the webhook " + eventSuffix, within, () -> webhooks.stream().anyMatch(w -> w.eventId().endsWith(eventSuffix))
                ? JSON.getNodeFactory().booleanNode(true) : null);
    }

    /** The receiver's own check: HMAC-SHA256 over "t.body" with the channel's secret, and a fresh t. */
    private static boolean validSignature(String header, byte[] body) {
        if (header == null) {
            return false;
        }
        String t = header.replaceAll(".*t=(\\d+).*", "$1");
        String v1 = header.replaceAll(".*v1=([0-9a-f]+).*", "$1");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = HexFormat.of().formatHex(mac.doFinal(body)).getBytes(StandardCharsets.UTF_8);
            return MessageDigest.isEqual(expected, v1.getBytes(StandardCharsets.UTF_8))
                    && Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t)) <= 300;
        } catch (Exception e) {
            return false;
        }
    }
}
