package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.devstripe.StripeStub;
import dev.tracehound.platform.Entitlements;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.billing.Meter;
import dev.tracehound.platform.billing.WorkspacePlan;
import dev.tracehound.platform.billing.WorkspacePlans;
import dev.tracehound.platform.billing.stripe.PlanChoice;
import dev.tracehound.platform.billing.stripe.ReturnUrls;
import dev.tracehound.platform.billing.stripe.StripeBilling;
import dev.tracehound.platform.identity.Actor;
import dev.tracehound.platform.identity.DemoMembers;
import dev.tracehound.platform.identity.Role;
import dev.tracehound.platform.usage.DailyCount;
import dev.tracehound.platform.usage.IngestQuota;
import dev.tracehound.platform.usage.UsageLedger;
import dev.tracehound.platform.usage.UsageMeter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Billing against the Stripe stub (dev-stripe), which speaks the parts of Stripe's REST API the
 * service uses and signs its webhooks for real: the upgrade end to end, seats, overage, dunning,
 * and every webhook case (replayed, badly signed, for an unknown customer, out of order, Stripe
 * unreachable).
 */
class BillingIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String WEBHOOK_SECRET = "whsec_billing_it_only";
    private static final Duration GRACE = Duration.ofSeconds(3);
    private static final ReturnUrls BACK = new ReturnUrls("http://ui.test/ok?s={CHECKOUT_SESSION_ID}",
            "http://ui.test/canceled", "http://ui.test/billing");

    private static TestIssuer issuer;
    private static StripeStub stripe;
    private static RunningApp app;
    private static String owner;

    record Answer(int status, JsonNode json, String text, HttpResponse<String> response) {}

    @BeforeAll
    static void start() throws Exception {
        issuer = TestIssuer.start();
        stripe = StripeStub.start(WEBHOOK_SECRET, "http://127.0.0.1:9/not-yet");
        app = RunningApp.start(Map.of("tracehound.auth.jwt.issuer-uri", issuer.issuer(),
                "tracehound.identity.default-workspace", "acme",
                "tracehound.usage.initial-delay", "1h",
                "tracehound.billing.stripe.secret-key", "sk_test_billing_it_only",
                "tracehound.billing.stripe.webhook-secret", WEBHOOK_SECRET,
                "tracehound.billing.stripe.api-base", stripe.apiBase(),
                "tracehound.billing.grace", GRACE.toString(),
                "tracehound.billing.interval", "1h"));
        stripe.webhookUrl(app.base() + "/webhooks/stripe");
        owner = issuer.token("owner", "owner@acme.test");
        assertThat(call("GET", "/api/v1/me", null, owner).status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        app.close();
        stripe.close();
        issuer.close();
    }

    @Test
    void anUpgradeThroughCheckoutLetsRefusedIngestResumeWithinAMinute() throws Exception {
        var key = app.newProjectKey("billing-it");
        Project shop = app.bean(ProjectDirectory.class).ensure("acme", "Acme", "shop", "Shop");
        UUID acme = shop.workspaceId();
        app.bean(UsageLedger.class).record(List.of(new DailyCount(shop.id(), acme, today(), UsageMeter.SPANS,
                1_200_000)));
        HttpResponse<String> refused = otlpSpan(key.key());
        assertThat(refused.statusCode()).as("free's 1M spans and its 10%% grace are used up: " + refused.body())
                .isEqualTo(429);
        assertThat(refused.body()).contains("1000000").contains("/w/acme/billing");

        Answer chosen = call("POST", ws(acme, "/billing/plan"), "{\"plan\":\"indie\"}", owner);

        assertThat(chosen.status()).as(chosen.text()).isEqualTo(200);
        assertThat(chosen.json().path("action").asString()).isEqualTo("checkout");
        URI checkout = URI.create(chosen.json().path("url").asString());
        assertThat(checkout.toString()).startsWith(stripe.apiBase() + "/checkout/cs_");
        assertThat(plans().of(acme).plan().id()).as("nothing changes before Stripe confirms").isEqualTo("free");
        var session = stripe.requests().stream().filter(r -> r.path().equals("/v1/checkout/sessions")).toList().getLast();
        assertThat(flat(session.params())).containsEntry("mode", "subscription").containsEntry("metadata[plan]", "indie")
                .containsEntry("success_url", "http://localhost:" + app.port() + "/w/acme/billing?checkout=success"
                        + "&session={CHECKOUT_SESSION_ID}")
                .containsEntry("line_items[1][quantity]", "1");
        assertThat(session.idempotencyKey()).isNotBlank();
        var bytesPrice = stripe.requests().stream().filter(r -> r.path().equals("/v1/prices") && r.method().equals("POST"))
                .map(r -> flat(r.params())).filter(p -> "tracehound:plans-v1:indie:ingested_bytes".equals(p.get("lookup_key")))
                .findFirst().orElseThrow();
        assertThat(bytesPrice).as("0.25 USD a GB, per byte, as a plain decimal")
                .containsEntry("unit_amount_decimal", "0.000000025").containsEntry("recurring[usage_type]", "metered");

        stripe.pay(sessionId(checkout));
        long paid = System.nanoTime();

        // Ingest's verdicts are cached (tracehound.ingest.quota.cache-ttl, 25 s), as in production.
        HttpResponse<String> resumed = otlpSpan(key.key());
        while (resumed.statusCode() == 429 && System.nanoTime() - paid < Duration.ofSeconds(60).toNanos()) {
            Thread.sleep(1_000);
            resumed = otlpSpan(key.key());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - paid);
        System.out.printf("BillingIT: ingest refused before the upgrade, accepted %d ms after the payment%n",
                took.toMillis());
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(took).isLessThan(Duration.ofSeconds(60));
        assertThat(resumed.headers().firstValue("Tracehound-Quota")).as("within indie's 20M spans").isEmpty();
        RunningApp.awaitCount(() -> app.clickHouse().count("SELECT count() AS c FROM spans WHERE project_id = '"
                + shop.id() + "'"), 1, Duration.ofSeconds(10));

        Answer billing = call("GET", ws(acme, "/billing"), null, owner);
        assertThat(billing.json().path("plan").asString()).as(billing.text()).isEqualTo("indie");
        assertThat(billing.json().path("status").asString()).isEqualTo("active");
        assertThat(billing.json().path("subscription").path("status").asString()).isEqualTo("active");
        assertThat(billing.json().path("seatsBilled").asInt()).isEqualTo(1);
        assertThat(billing.json().path("canManage").asBoolean()).isTrue();
        assertThat(app.bean(Entitlements.class).plan(acme).id()).as("this instance forgot the old plan").isEqualTo("indie");
        var standing = quota().standing(acme, Meter.SPANS);
        assertThat(standing.accepts()).as("indie bills the overage instead of refusing: " + standing).isTrue();
        Answer invoices = call("GET", ws(acme, "/billing/invoices"), null, owner);
        assertThat(invoices.status()).as(invoices.text()).isEqualTo(200);
        assertThat(invoices.json().path("invoices").get(0).path("status").asString()).isEqualTo("paid");
        Answer portal = call("POST", ws(acme, "/billing/portal"), "", owner);
        assertThat(portal.json().path("url").asString()).as(portal.text()).startsWith(stripe.apiBase() + "/portal/");
    }

    @Test
    void theSeatItemsQuantityFollowsTheSeatsInUse() {
        UUID team = workspace("seats", Role.MEMBER);
        String subscription = subscribe(team, "startup");
        assertThat(billing().status(team).seatsBilled()).hasValue(2);

        members("seats", Role.MEMBER, Role.ADMIN, Role.VIEWER);
        int sent = billing().sendUsage();

        assertThat(sent).isEqualTo(1);
        var update = stripe.requests().stream().filter(r -> r.path().startsWith("/v1/subscription_items/")).toList()
                .getLast();
        assertThat(flat(update.params())).containsEntry("quantity", "3");
        assertThat(update.idempotencyKey()).isNotBlank();
        assertThat(billing().status(team).seatsBilled()).as("viewers are free").hasValue(3);
        assertThat(seatQuantity(subscription)).isEqualTo(3);
        assertThat(billing().sendUsage()).as("nothing more to send").isZero();
    }

    @Test
    void usagePastThePlansLimitIsReportedToTheMeterOnceUnderAnIdentifier() {
        UUID team = workspace("overage", Role.MEMBER);
        subscribe(team, "indie");
        Project api = app.bean(ProjectDirectory.class).ensure("overage", "overage", "api", "API");
        UsageLedger ledger = app.bean(UsageLedger.class);
        ledger.record(List.of(new DailyCount(api.id(), team, today(), UsageMeter.SPANS, 20_001_500)));

        billing().sendUsage();
        billing().sendUsage();
        ledger.record(List.of(new DailyCount(api.id(), team, today(), UsageMeter.SPANS, 20_002_000)));
        billing().sendUsage();

        var events = stripe.requests().stream().filter(r -> r.path().equals("/v1/billing/meter_events"))
                .map(r -> flat(r.params())).filter(p -> customerOf(team).equals(p.get("payload[stripe_customer_id]")))
                .toList();
        assertThat(events).extracting(p -> p.get("payload[value]")).containsExactly("1500", "500");
        assertThat(events).extracting(p -> p.get("event_name")).containsOnly("tracehound_spans");
        assertThat(events).extracting(p -> p.get("identifier")).doesNotHaveDuplicates();
        assertThat(stripe.meterEvents()).as("what Stripe accepted").hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void sandboxMinutesPastThePlansLimitAreReportedToTheirOwnMeter() {
        UUID team = workspace("sandboxes", Role.MEMBER);
        subscribe(team, "indie");
        var leases = app.bean(dev.tracehound.agent.session.SandboxLeaseStore.class);
        Instant start = today().atStartOfDay(ZoneOffset.UTC).toInstant();
        long lease = leases.open(new dev.tracehound.agent.session.SandboxLeaseStore.NewLease(team, UUID.randomUUID(),
                UUID.randomUUID(), "docker", "billing-it", false, start));
        leases.end(lease, start.plus(Duration.ofMinutes(625)));

        billing().sendUsage();

        var events = stripe.requests().stream().filter(r -> r.path().equals("/v1/billing/meter_events"))
                .map(r -> flat(r.params())).filter(p -> customerOf(team).equals(p.get("payload[stripe_customer_id]")))
                .toList();
        assertThat(events).extracting(p -> p.get("event_name")).containsExactly("tracehound_sandbox_minutes");
        assertThat(events).extracting(p -> p.get("payload[value]")).as("625 minutes, indie's 600 included")
                .containsExactly("25");
    }

    @Test
    void aFailedPaymentGivesAGraceThenFreesLimitsAndTheCancellationEndsItWithoutDeletingData() throws Exception {
        UUID team = workspace("dunning", Role.MEMBER);
        String subscription = subscribe(team, "startup");

        stripe.paymentFailed(subscription);

        WorkspacePlan pastDue = plans().of(team);
        assertThat(pastDue.status()).isEqualTo(WorkspacePlan.Status.PAST_DUE);
        assertThat(pastDue.inEffect().id()).as("within the grace").isEqualTo("startup");
        assertThat(pastDue.graceUntil()).hasValueSatisfying(until -> assertThat(until)
                .isBetween(Instant.now().plus(GRACE).minusSeconds(3), Instant.now().plus(GRACE)));
        assertThat(auditStatuses(team)).contains("past_due");
        stripe.paymentFailed(subscription);
        assertThat(plans().of(team).graceUntil()).as("a second failure does not extend the grace")
                .isEqualTo(pastDue.graceUntil());

        Thread.sleep(GRACE.plusMillis(500).toMillis());
        forget(team);
        assertThat(plans().of(team).inEffect().id()).as("past the grace").isEqualTo("free");
        assertThat(app.bean(Entitlements.class).retentionDays(team)).as("the paid plan's retention while owed")
                .isEqualTo(30);

        stripe.cancel(subscription);
        forget(team);
        assertThat(plans().of(team).status()).isEqualTo(WorkspacePlan.Status.CANCELED);
        assertThat(app.bean(Entitlements.class).plan(team).id()).isEqualTo("free");
        assertThat(app.bean(Entitlements.class).retentionDays(team)).isEqualTo(7);
    }

    @Test
    void aReplayedEventChangesNothingTheSecondTime() throws Exception {
        UUID team = workspace("replay", Role.MEMBER);
        subscribe(team, "indie");
        int auditRows = auditStatuses(team).size();
        String event = event("evt_replay_" + shortId(), "invoice.paid", customerOf(team), Instant.now());

        Answer first = webhook(event, StripeStub.sign(WEBHOOK_SECRET, event, Instant.now().getEpochSecond()));
        Answer again = webhook(event, StripeStub.sign(WEBHOOK_SECRET, event, Instant.now().getEpochSecond()));

        assertThat(first.json().path("outcome").asString()).as(first.text()).isEqualTo("processed");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("outcome").asString()).isEqualTo("duplicate");
        assertThat(storedEvents(eventId(event))).isEqualTo(1);
        assertThat(auditStatuses(team)).hasSize(auditRows);
    }

    @Test
    void aBadSignatureIsRefusedAndChangesNothing() throws Exception {
        UUID team = workspace("forged", Role.MEMBER);
        subscribe(team, "indie");
        // As if an event had been missed: a genuine one would put the plan back in line with Stripe.
        plans().change(Actor.system(), team, "free");
        String event = event("evt_forged_" + shortId(), "customer.subscription.updated", customerOf(team), Instant.now());

        Answer forged = webhook(event, StripeStub.sign("whsec_someone_else", event, Instant.now().getEpochSecond()));
        Answer unsigned = webhook(event, null);
        Answer stale = webhook(event, StripeStub.sign(WEBHOOK_SECRET, event, Instant.now().minusSeconds(3600)
                .getEpochSecond()));

        assertThat(forged.status()).as(forged.text()).isEqualTo(400);
        assertThat(forged.json().path("type").asString()).endsWith("/bad-signature");
        assertThat(unsigned.status()).isEqualTo(400);
        assertThat(stale.status()).as("older than Stripe's five minutes of tolerance").isEqualTo(400);
        assertThat(storedEvents(eventId(event))).isZero();
        assertThat(plans().of(team).plan().id()).as("the subscription was never read").isEqualTo("free");
        Answer genuine = webhook(event, StripeStub.sign(WEBHOOK_SECRET, event, Instant.now().getEpochSecond()));
        assertThat(genuine.json().path("outcome").asString()).as(genuine.text()).isEqualTo("processed");
        assertThat(plans().of(team).plan().id()).isEqualTo("indie");
    }

    @Test
    void anEventForAnUnknownCustomerIsAcknowledgedAndChangesNothing() throws Exception {
        String event = event("evt_stranger_" + shortId(), "customer.subscription.updated", "cus_nobody_here",
                Instant.now());

        Answer answer = webhook(event, StripeStub.sign(WEBHOOK_SECRET, event, Instant.now().getEpochSecond()));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("outcome").asString()).isEqualTo("unknown_customer");
        assertThat(storedEvents(eventId(event))).isEqualTo(1);
    }

    @Test
    void eventsOutOfOrderEndInStripesStateNotTheLastEventsStory() throws Exception {
        UUID team = workspace("order", Role.MEMBER);
        String subscription = subscribe(team, "indie");
        Instant subscribed = Instant.now();
        String lateDeleted = event("evt_early_delete_" + shortId(), "customer.subscription.deleted", customerOf(team),
                subscribed);

        assertThat(webhook(lateDeleted, StripeStub.sign(WEBHOOK_SECRET, lateDeleted, Instant.now().getEpochSecond()))
                .json().path("outcome").asString()).isEqualTo("processed");
        assertThat(plans().of(team).status()).as("deleted says the event, active says Stripe")
                .isEqualTo(WorkspacePlan.Status.ACTIVE);

        stripe.cancel(subscription);
        assertThat(plans().of(team).status()).isEqualTo(WorkspacePlan.Status.CANCELED);
        String lateCreated = event("evt_late_create_" + shortId(), "customer.subscription.created", customerOf(team),
                subscribed.minusSeconds(60));
        webhook(lateCreated, StripeStub.sign(WEBHOOK_SECRET, lateCreated, Instant.now().getEpochSecond()));

        assertThat(plans().of(team).status()).as("a created event after the deletion does not revive it")
                .isEqualTo(WorkspacePlan.Status.CANCELED);
        assertThat(plans().of(team).inEffect().id()).isEqualTo("free");
    }

    @Test
    void whenStripeDoesNotAnswerTheActionFailsClearlyNothingIsHalfChangedAndTheEventComesAgain() throws Exception {
        UUID team = workspace("outage", Role.MEMBER);
        String boss = issuer.token("owner@outage.test", "owner@outage.test");
        String subscription = subscribe(team, "indie");
        int stripeCalls = stripe.requests().size();
        stripe.outage(true);
        try {
            Answer refused = call("POST", ws(team, "/billing/plan"), "{\"plan\":\"growth\"}", boss);

            assertThat(refused.status()).as(refused.text()).isEqualTo(503);
            assertThat(refused.json().path("type").asString()).endsWith("/stripe-unavailable");
            assertThat(refused.response().headers().firstValue("Retry-After")).hasValue("60");
            assertThat(plans().of(team).plan().id()).isEqualTo("indie");
            assertThat(stripe.requests().size()).as("Stripe Java tried again").isGreaterThan(stripeCalls + 1);

            String event = event("evt_outage_" + shortId(), "invoice.paid", customerOf(team), Instant.now());
            Answer during = webhook(event, StripeStub.sign(WEBHOOK_SECRET, event, Instant.now().getEpochSecond()));
            assertThat(during.status()).as("so Stripe delivers it again").isEqualTo(503);
            assertThat(storedEvents(eventId(event))).isZero();

            stripe.outage(false);
            assertThat(planInStripe(subscription)).as("Stripe's side untouched too").isEqualTo("indie");
            Answer after = webhook(event, StripeStub.sign(WEBHOOK_SECRET, event, Instant.now().getEpochSecond()));
            assertThat(after.json().path("outcome").asString()).as(after.text()).isEqualTo("processed");
        } finally {
            stripe.outage(false);
        }
        Answer retried = call("POST", ws(team, "/billing/plan"), "{\"plan\":\"growth\"}", boss);
        assertThat(retried.json().path("action").asString()).as(retried.text()).isEqualTo("changed");
        assertThat(plans().of(team).plan().id()).isEqualTo("growth");
        assertThat(planInStripe(subscription)).isEqualTo("growth");
    }

    @Test
    void aMissedWebhookIsCaughtWhenTheSubscriptionsAreReadBack() {
        UUID team = workspace("missed", Role.MEMBER);
        String subscription = subscribe(team, "indie");
        stripe.webhookUrl("http://127.0.0.1:9/nobody-listens");
        try {
            stripe.cancel(subscription);
        } finally {
            stripe.webhookUrl(app.base() + "/webhooks/stripe");
        }
        assertThat(plans().of(team).status()).as("the deletion never arrived").isEqualTo(WorkspacePlan.Status.ACTIVE);

        assertThat(billing().reconcileAll()).isPositive();

        assertThat(plans().of(team).status()).isEqualTo(WorkspacePlan.Status.CANCELED);
        assertThat(billing().status(team).subscription()).as("none in force").isEmpty();
    }

    @Test
    void aCustomerStripeNoLongerHasIsReadAsNoSubscriptionAndTheNextUpgradeStartsOverWithCheckout() {
        UUID team = workspace("forgotten", Role.MEMBER);
        subscribe(team, "indie");
        // As after switching Stripe accounts, or a stub started afresh on the same database.
        jdbc().sql("""
                UPDATE billing_accounts SET stripe_customer_id = 'cus_forgotten_by_stripe',
                                            stripe_subscription_id = 'sub_forgotten_by_stripe'
                WHERE workspace_id = :w""").param("w", team).update();

        billing().reconcileAll();

        assertThat(billing().status(team).subscription()).as("Stripe lists none for that customer").isEmpty();
        assertThat(plans().of(team).plan().id()).as("nothing known either way: the plan is left").isEqualTo("indie");
        PlanChoice choice = billing().choosePlan(Actor.system(), team, "Team", "growth", BACK);
        assertThat(choice).isInstanceOf(PlanChoice.Checkout.class);
        assertThat(customerOf(team)).startsWith("cus_").isNotEqualTo("cus_forgotten_by_stripe");
    }

    @Test
    void onlyOwnersChooseAPlanAndBadInputIsRefused() throws Exception {
        UUID team = workspace("roles", Role.ADMIN);
        String admin = issuer.token("admin-1@roles.test", "admin-1@roles.test");
        String boss = issuer.token("owner@roles.test", "owner@roles.test");

        assertThat(call("POST", ws(team, "/billing/plan"), "{\"plan\":\"indie\"}", admin).status()).isEqualTo(403);
        assertThat(call("GET", ws(team, "/billing"), null, admin).json().path("canManage").asBoolean()).isFalse();
        Answer unknown = call("POST", ws(team, "/billing/plan"), "{\"plan\":\"platinum\"}", boss);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.text()).contains("no plan 'platinum'");
        assertThat(call("POST", ws(team, "/billing/plan"), "{}", boss).status()).isEqualTo(400);
    }

    // --- helpers ---

    /** A workspace with an owner and one more member of {@code role}; its slug is {@code slug}. */
    private static UUID workspace(String slug, Role role) {
        return members(slug, role).getFirst().workspaceId();
    }

    private static List<dev.tracehound.platform.identity.Membership> members(String slug, Role... roles) {
        List<DemoMembers.Member> members = new java.util.ArrayList<>();
        members.add(new DemoMembers.Member("owner@" + slug + ".test", "Owner", Role.OWNER));
        for (int i = 0; i < roles.length; i++) {
            String who = roles[i].name().toLowerCase(java.util.Locale.ROOT) + "-" + (i + 1);
            members.add(new DemoMembers.Member(who + "@" + slug + ".test", who, roles[i]));
        }
        return new DemoMembers(app.bean(javax.sql.DataSource.class)).ensure(issuer.issuer(), slug, members);
    }

    /** Buys {@code plan} through the stub's checkout; returns the subscription's id. */
    private static String subscribe(UUID workspace, String plan) {
        PlanChoice choice = billing().choosePlan(Actor.system(), workspace, "Team", plan, BACK);
        assertThat(choice).isInstanceOf(PlanChoice.Checkout.class);
        stripe.pay(sessionId(((PlanChoice.Checkout) choice).url()));
        var status = billing().status(workspace);
        assertThat(status.plan().plan().id()).isEqualTo(plan);
        return status.subscription().orElseThrow().id();
    }

    /** One span over OTLP/HTTP JSON, as an exporter sends it. */
    private static HttpResponse<String> otlpSpan(String key) throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        String body = """
                {"resourceSpans": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "shop"}}]},
                  "scopeSpans": [{"spans": [{"traceId": "%s", "spanId": "%s", "name": "GET /", "kind": 2,
                  "startTimeUnixNano": "%d", "endTimeUnixNano": "%d"}]}]}]}""".formatted(shortId() + shortId() + "00000000",
                shortId() + "0000", now - 1_000_000, now);
        return HTTP.send(HttpRequest.newBuilder(URI.create(app.base() + "/v1/traces"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Stripe's side, read through Stripe Java as the service reads it. */
    private static com.stripe.model.Subscription inStripe(String subscription) {
        try {
            return com.stripe.StripeClient.builder().setApiKey("sk_test_billing_it_only").setApiBase(stripe.apiBase())
                    .build().v1().subscriptions().retrieve(subscription);
        } catch (com.stripe.exception.StripeException e) {
            throw new AssertionError(e);
        }
    }

    private static long seatQuantity(String subscription) {
        return inStripe(subscription).getItems().getData().stream()
                .filter(item -> item.getPrice().getLookupKey().endsWith(":seat")).findFirst().orElseThrow().getQuantity();
    }

    private static String planInStripe(String subscription) {
        return inStripe(subscription).getItems().getData().stream().map(item -> item.getPrice().getLookupKey())
                .filter(key -> key.endsWith(":base")).findFirst().orElseThrow().split(":")[2];
    }

    /** Stripe's bracket notation again: {@code line_items[1][quantity]} and its value. */
    private static Map<String, String> flat(Map<String, Object> params) {
        Map<String, String> flat = new java.util.LinkedHashMap<>();
        params.forEach((key, value) -> flatten(key, value, flat));
        return flat;
    }

    private static void flatten(String prefix, Object value, Map<String, String> into) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, inner) -> flatten(prefix + "[" + key + "]", inner, into));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), into);
            }
        } else {
            into.put(prefix, String.valueOf(value));
        }
    }

    private static String sessionId(URI checkout) {
        String path = checkout.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String event(String id, String type, String customer, Instant created) {
        String object = type.startsWith("invoice") ? "invoice" : "subscription";
        return """
                {"id": "%s", "object": "event", "api_version": "%s", "created": %d, "type": "%s", "livemode": false,
                 "pending_webhooks": 1, "data": {"object": {"id": "%s_%s", "object": "%s", "customer": "%s"}}}"""
                .formatted(id, com.stripe.Stripe.API_VERSION, created.getEpochSecond(), type,
                        object.equals("invoice") ? "in" : "sub", shortId(), object, customer);
    }

    private static String eventId(String event) {
        return JSON.readTree(event).path("id").asString();
    }

    private static Answer webhook(String payload, String signature) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(app.base() + "/webhooks/stripe"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(payload));
        if (signature != null) {
            request.header("Stripe-Signature", signature);
        }
        return answer(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private static Answer call(String method, String path, String body, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(app.base() + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return answer(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private static Answer answer(HttpResponse<String> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        JsonNode json = type.contains("json") && !response.body().isEmpty() ? JSON.readTree(response.body())
                : JSON.createObjectNode();
        return new Answer(response.statusCode(), json, response.body(), response);
    }

    private static String customerOf(UUID workspace) {
        return jdbc().sql("SELECT stripe_customer_id FROM billing_accounts WHERE workspace_id = :w")
                .param("w", workspace).query(String.class).single();
    }

    private static long storedEvents(String id) {
        return jdbc().sql("SELECT count(*) FROM stripe_events WHERE id = :id").param("id", id).query(Long.class).single();
    }

    private static List<String> auditStatuses(UUID workspace) {
        return jdbc().sql("""
                SELECT summary ->> 'status' FROM audit_log WHERE workspace_id = :w AND action = 'PLAN_CHANGED'
                ORDER BY id""").param("w", workspace).query(String.class).list();
    }

    private static void forget(UUID workspace) {
        if (app.bean(Entitlements.class) instanceof dev.tracehound.platform.billing.PlanEntitlements cached) {
            cached.forget(workspace);
        }
    }

    /** The quota as ingest asks it, over the service's own ledger and entitlements. */
    private static IngestQuota quota() {
        return new IngestQuota(app.bean(UsageLedger.class), app.bean(Entitlements.class), java.time.Clock.systemUTC());
    }

    private static JdbcClient jdbc() {
        return app.bean(JdbcClient.class);
    }

    private static StripeBilling billing() {
        return app.bean(StripeBilling.class);
    }

    private static WorkspacePlans plans() {
        return app.bean(WorkspacePlans.class);
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private static String ws(UUID workspace, String rest) {
        return "/api/v1/workspaces/" + workspace + rest;
    }

    private static String shortId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
