package dev.tracehound.platform.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.tracehound.fixtures.ThrowawayPostgres;
import dev.tracehound.platform.PlatformSchema;
import dev.tracehound.platform.ProjectDirectory;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class NotificationOutboxIT {

    private static final String SECRET = "whsec_" + UUID.randomUUID();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final GreenMailExtension smtpServer = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("tracehound", "mail-secret"));

    private ThrowawayPostgres postgres;
    private WebhookReceiver receiver;
    private MutableClock clock;
    private NotificationChannels channels;
    private UUID workspace;

    @BeforeEach
    void setUp() throws Exception {
        postgres = ThrowawayPostgres.create("notify");
        Flyway.configure().dataSource(postgres.dataSource()).locations(PlatformSchema.MIGRATIONS).load().migrate();
        JdbcClient jdbc = JdbcClient.create(postgres.dataSource());
        workspace = new ProjectDirectory(jdbc).ensure("acme", "Acme", "shop", "Shop").workspaceId();
        channels = new NotificationChannels(jdbc);
        receiver = new WebhookReceiver(SECRET);
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    @AfterEach
    void tearDown() {
        receiver.close();
        postgres.close();
    }

    private NotificationOutbox outbox(RetryPolicy policy) {
        var smtp = new SmtpSettings("127.0.0.1", smtpServer.getSmtp().getPort(), "alerts@tracehound.test", false,
                "tracehound", "mail-secret");
        return new NotificationOutbox(postgres.dataSource(), smtp, policy, clock);
    }

    private NotificationChannel webhook() {
        return channels.create(workspace, ChannelKind.WEBHOOK, "on-call hook", receiver.url(), SECRET);
    }

    private Notification firing(String key) {
        return new Notification(workspace, Notification.Kind.FIRING, "checkout error rate above 5%",
                "Error rate 12.4% over the last 5 minutes (baseline 0.3%).", "https://tracehound.test/incidents/42",
                Map.of("service", "checkout", "severity", "critical"), key);
    }

    @Test
    void aWebhookIsDeliveredSignedWithTheEventId() throws Exception {
        NotificationOutbox outbox = outbox(RetryPolicy.DEFAULT);
        NotificationChannel hook = webhook();

        assertThat(outbox.enqueue(firing("incident-42/firing"), List.of(hook.id()))).isEqualTo(1);
        assertThat(outbox.deliverDue()).isEqualTo(1);

        assertThat(receiver.received()).singleElement().satisfies(received -> {
            assertThat(received.signatureValid()).as("HMAC checked by the receiver").isTrue();
            assertThat(received.signature()).startsWith("t=" + clock.instant().getEpochSecond() + ",v1=");
            assertThat(received.eventId()).isEqualTo("incident-42/firing");
            JsonNode body = JSON.readTree(received.body());
            assertThat(body.path("id").asString()).isEqualTo("incident-42/firing");
            assertThat(body.path("kind").asString()).isEqualTo("firing");
            assertThat(body.path("workspaceId").asString()).isEqualTo(workspace.toString());
            assertThat(body.path("title").asString()).isEqualTo("checkout error rate above 5%");
            assertThat(body.path("link").asString()).isEqualTo("https://tracehound.test/incidents/42");
            assertThat(body.path("labels").path("service").asString()).isEqualTo("checkout");
        });
        assertThat(outbox.deliveries(hook.id())).singleElement()
                .satisfies(d -> assertThat(d.status()).isEqualTo("sent"))
                .satisfies(d -> assertThat(d.attempts()).isEqualTo(1));
    }

    @Test
    void slackGetsTextAndBlocks() throws Exception {
        NotificationOutbox outbox = outbox(RetryPolicy.DEFAULT);
        NotificationChannel slack = channels.create(workspace, ChannelKind.SLACK, "#incidents", receiver.url(), null);
        var report = new Notification(workspace, Notification.Kind.REPORT_READY, "checkout: payments failing",
                "Suspected cause: *stripe_v3* in checkout 2.3.1 (confidence high).",
                "https://tracehound.test/incidents/42", Map.of("service", "checkout"), "incident-42/report");

        outbox.enqueue(report, List.of(slack.id()));
        assertThat(outbox.deliverDue()).isEqualTo(1);

        JsonNode body = JSON.readTree(receiver.received().getFirst().body());
        assertThat(body.path("text").asString()).contains("Report ready: checkout: payments failing");
        List<String> types = new ArrayList<>();
        body.path("blocks").forEach(block -> types.add(block.path("type").asString()));
        assertThat(types).containsExactly("header", "section", "context", "actions");
        JsonNode blocks = body.path("blocks");
        assertThat(blocks.get(0).path("text").path("type").asString()).isEqualTo("plain_text");
        assertThat(blocks.get(1).path("text").path("text").asString()).contains("*stripe_v3*");
        assertThat(blocks.get(2).path("elements").get(0).path("text").asString()).isEqualTo("service=checkout");
        assertThat(blocks.get(3).path("elements").get(0).path("url").asString())
                .isEqualTo("https://tracehound.test/incidents/42");
    }

    @Test
    void anEmailArrivesWithSubjectAndText() throws Exception {
        NotificationOutbox outbox = outbox(RetryPolicy.DEFAULT);
        NotificationChannel mail = channels.create(workspace, ChannelKind.EMAIL, "on-call", "oncall@acme.test", null);
        var report = new Notification(workspace, Notification.Kind.REPORT_READY, "checkout: payments failing",
                "Suspected cause: stripe_v3 in checkout 2.3.1.", "https://tracehound.test/incidents/42",
                Map.of("service", "checkout"), "incident-42/report");

        outbox.enqueue(report, List.of(mail.id()));
        assertThat(outbox.deliverDue()).isEqualTo(1);

        MimeMessage[] messages = smtpServer.getReceivedMessages();
        assertThat(messages).hasSize(1);
        assertThat(messages[0].getSubject()).isEqualTo("[Tracehound] Report ready: checkout: payments failing");
        assertThat(messages[0].getFrom()[0].toString()).isEqualTo("alerts@tracehound.test");
        assertThat(messages[0].getAllRecipients()[0].toString()).isEqualTo("oncall@acme.test");
        assertThat(messages[0].getHeader("X-Tracehound-Event-Id")).containsExactly("incident-42/report");
        assertThat(GreenMailUtil.getBody(messages[0]))
                .contains("Suspected cause: stripe_v3 in checkout 2.3.1.")
                .contains("Labels: service=checkout")
                .contains("Open in Tracehound: https://tracehound.test/incidents/42");
    }

    @Test
    void theSameEventEnqueuedTwiceIsDeliveredOnce() {
        NotificationOutbox first = outbox(RetryPolicy.DEFAULT);
        NotificationOutbox second = outbox(RetryPolicy.DEFAULT);
        NotificationChannel hook = webhook();

        assertThat(first.enqueue(firing("incident-7/firing"), List.of(hook.id()))).isEqualTo(1);
        assertThat(first.enqueue(firing("incident-7/firing"), List.of(hook.id()))).isZero();
        assertThat(second.enqueue(firing("incident-7/firing"), List.of(hook.id()))).as("another instance").isZero();

        assertThat(first.deliverDue() + second.deliverDue()).isEqualTo(1);
        assertThat(first.deliverDue() + second.deliverDue()).isZero();
        assertThat(receiver.received()).hasSize(1);
        assertThat(first.enqueue(firing("incident-7/firing"), List.of(hook.id()))).as("after sending too").isZero();
        assertThat(first.deliverDue()).isZero();
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void aReceiverAnswering500IsRetriedWithDoublingBackOffThenDelivered() {
        NotificationOutbox outbox = outbox(RetryPolicy.DEFAULT);
        NotificationChannel hook = webhook();
        receiver.answerNext(500, 500);
        outbox.enqueue(firing("incident-9/firing"), List.of(hook.id()));
        Instant start = clock.instant();

        assertThat(outbox.deliverDue()).isZero();
        NotificationOutbox.Delivery afterFirst = outbox.deliveries(hook.id()).getFirst();
        assertThat(afterFirst.status()).isEqualTo("pending");
        assertThat(afterFirst.attempts()).isEqualTo(1);
        assertThat(afterFirst.lastError()).contains("HTTP 500");
        assertThat(afterFirst.nextAttemptAt()).isEqualTo(start.plusSeconds(30));

        clock.advance(Duration.ofSeconds(29));
        assertThat(outbox.deliverDue()).as("not due before its back-off").isZero();
        assertThat(receiver.received()).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(outbox.deliverDue()).isZero();
        assertThat(receiver.received()).hasSize(2);
        assertThat(outbox.deliveries(hook.id()).getFirst().nextAttemptAt())
                .as("the second wait is twice the first")
                .isEqualTo(start.plusSeconds(30 + 60));

        clock.advance(Duration.ofSeconds(59));
        assertThat(outbox.deliverDue()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(outbox.deliverDue()).isEqualTo(1);

        assertThat(receiver.received()).hasSize(3).allSatisfy(r -> assertThat(r.signatureValid()).isTrue());
        NotificationOutbox.Delivery delivered = outbox.deliveries(hook.id()).getFirst();
        assertThat(delivered.status()).isEqualTo("sent");
        assertThat(delivered.attempts()).isEqualTo(3);
        assertThat(delivered.lastError()).isNull();
        assertThat(channels.find(hook.id()).orElseThrow().failing()).isFalse();
    }

    @Test
    void aReceiverThatKeepsFailingEndsWithTheRowFailedAndTheChannelMarkedFailing() {
        NotificationOutbox outbox = outbox(new RetryPolicy(4, Duration.ofSeconds(30), Duration.ofMinutes(10), 3));
        NotificationChannel hook = webhook();
        receiver.answerAlways(503);
        outbox.enqueue(firing("incident-11/firing"), List.of(hook.id()));

        for (int round = 0; round < 10; round++) {
            assertThat(outbox.deliverDue()).isZero();
            clock.advance(Duration.ofMinutes(10));
        }

        assertThat(receiver.received()).as("attempts stop at the maximum").hasSize(4);
        NotificationOutbox.Delivery failed = outbox.deliveries(hook.id()).getFirst();
        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.attempts()).isEqualTo(4);
        assertThat(failed.lastError()).contains("HTTP 503");
        assertThat(channels.find(hook.id()).orElseThrow().failingSince()).isNotNull();

        receiver.answerAlways(200);
        outbox.enqueue(firing("incident-12/firing"), List.of(hook.id()));
        assertThat(outbox.deliverDue()).isEqualTo(1);
        assertThat(channels.find(hook.id()).orElseThrow().failing()).as("a success clears the mark").isFalse();
        assertThat(outbox.deliveries(hook.id())).extracting(NotificationOutbox.Delivery::status)
                .containsExactly("sent", "failed");
    }

    @Test
    void aChannelIsMarkedFailingWhenItsLastRowsAllFailedBeforeAnyIsGivenUp() {
        NotificationOutbox outbox = outbox(new RetryPolicy(8, Duration.ofSeconds(30), Duration.ofHours(1), 3));
        NotificationChannel hook = webhook();
        receiver.answerAlways(500);

        for (int i = 1; i <= 2; i++) {
            outbox.enqueue(firing("incident-" + i + "/firing"), List.of(hook.id()));
        }
        outbox.deliverDue();
        assertThat(channels.find(hook.id()).orElseThrow().failing()).as("two failed rows of three").isFalse();

        outbox.enqueue(firing("incident-3/firing"), List.of(hook.id()));
        outbox.deliverDue();
        assertThat(channels.find(hook.id()).orElseThrow().failing()).isTrue();
        assertThat(outbox.deliveries(hook.id())).allSatisfy(d -> assertThat(d.status()).isEqualTo("pending"));
    }

    @Test
    void twoInstancesDeliveringAtOnceSendEachNotificationExactlyOnce() throws Exception {
        NotificationChannel hook = webhook();
        NotificationChannel mail = channels.create(workspace, ChannelKind.EMAIL, "on-call", "oncall@acme.test", null);
        List<NotificationOutbox> instances = List.of(outbox(RetryPolicy.DEFAULT), outbox(RetryPolicy.DEFAULT));
        int events = 60;
        for (int i = 0; i < events; i++) {
            instances.get(i % 2).enqueue(firing("incident-" + i + "/firing"), List.of(hook.id(), mail.id()));
            instances.get((i + 1) % 2).enqueue(firing("incident-" + i + "/firing"), List.of(hook.id(), mail.id()));
        }

        ExecutorService threads = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> sent = new ArrayList<>();
        try {
            for (NotificationOutbox instance : instances) {
                sent.add(threads.submit(() -> {
                    start.await();
                    return instance.deliverDue();
                }));
            }
            start.countDown();
            assertThat(sent.get(0).get() + sent.get(1).get()).isEqualTo(2 * events);
            assertThat(sent).as("both instances took rows").allSatisfy(f -> assertThat(f.get()).isPositive());
        } finally {
            threads.shutdownNow();
        }

        List<String> eventIds = receiver.received().stream().map(WebhookReceiver.Received::eventId).toList();
        assertThat(eventIds).hasSize(events).doesNotHaveDuplicates();
        assertThat(Set.copyOf(eventIds)).hasSize(events);
        assertThat(smtpServer.getReceivedMessages()).hasSize(events);
        assertThat(instances.get(0).deliverDue() + instances.get(1).deliverDue()).isZero();
    }
}
