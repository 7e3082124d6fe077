package dev.tracehound.devstripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.model.Price;
import com.stripe.model.StripeCollection;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.model.billing.Meter;
import com.stripe.model.billing.MeterEvent;
import com.stripe.model.checkout.Session;
import com.stripe.param.InvoiceListParams;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.PriceListParams;
import com.stripe.param.SubscriptionItemUpdateParams;
import com.stripe.param.SubscriptionListParams;
import com.stripe.param.SubscriptionUpdateParams;
import com.stripe.param.billing.MeterEventCreateParams;
import com.stripe.param.billing.MeterListParams;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionRetrieveParams;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stripe Java, as the service uses it, against every endpoint the stub speaks: it must read every answer. */
class StripeJavaAgainstTheStubTest {

    private StripeStub stub;
    private StripeClient stripe;

    @BeforeEach
    void start() {
        stub = StripeStub.start(StubCatalogue.WEBHOOK_SECRET, null);
        stripe = StubCatalogue.client(stub);
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void pricesAreCreatedAndFoundByLookupKey() throws Exception {
        StubCatalogue team = StubCatalogue.create(stripe, "team");
        StubCatalogue.create(stripe, "indie");

        List<Price> found = stripe.v1().prices().list(PriceListParams.builder()
                .addAllLookupKey(List.of("tracehound_1_team_base", "tracehound_1_team_spans", "tracehound_1_gone_base"))
                .setActive(true).setLimit(100L).build()).getData();

        assertThat(found).extracting(Price::getLookupKey).containsExactlyInAnyOrder("tracehound_1_team_base", "tracehound_1_team_spans");
        Price base = found.stream().filter(p -> p.getLookupKey().endsWith("_base")).findFirst().orElseThrow();
        assertThat(base.getId()).isEqualTo(team.base().getId()).startsWith("price_");
        assertThat(base.getUnitAmount()).isEqualTo(1900L);
        assertThat(base.getCurrency()).isEqualTo("usd");
        assertThat(base.getRecurring().getInterval()).isEqualTo("month");
        assertThat(base.getRecurring().getUsageType()).isEqualTo("licensed");
        assertThat(base.getMetadata()).containsEntry("plan", "team");
        assertThat(base.getProduct()).startsWith("prod_");
        Price overage = found.stream().filter(p -> p.getLookupKey().endsWith("_spans")).findFirst().orElseThrow();
        assertThat(overage.getUnitAmount()).isNull();
        assertThat(overage.getUnitAmountDecimal()).isEqualByComparingTo("0.00005");
        assertThat(overage.getRecurring().getUsageType()).isEqualTo("metered");
        assertThat(overage.getRecurring().getMeter()).isEqualTo(team.meter().getId());
        assertThat(stub.requests()).anySatisfy(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.path()).isEqualTo("/v1/prices");
            assertThat(request.params()).containsEntry("active", "true").containsKey("lookup_keys");
        });
    }

    @Test
    void aLookupKeyIsTakenOnceAndMetersAreListed() throws Exception {
        StubCatalogue team = StubCatalogue.create(stripe, "team");

        assertThatThrownBy(() -> stripe.v1().prices().create(PriceCreateParams.builder().setCurrency("usd").setUnitAmount(1L)
                .setLookupKey("tracehound_1_team_base").setProduct(team.base().getProduct()).build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("already uses that lookup key");
        List<Meter> meters = stripe.v1().billing().meters().list(MeterListParams.builder().setLimit(100L).build()).getData();
        assertThat(meters).singleElement().satisfies(meter -> {
            assertThat(meter.getId()).startsWith("mtr_");
            assertThat(meter.getEventName()).isEqualTo("tracehound_spans_team");
            assertThat(meter.getStatus()).isEqualTo("active");
            assertThat(meter.getDefaultAggregation().getFormula()).isEqualTo("sum");
            assertThat(meter.getCustomerMapping().getEventPayloadKey()).isEqualTo("stripe_customer_id");
            assertThat(meter.getValueSettings().getEventPayloadKey()).isEqualTo("value");
        });
    }

    @Test
    void aPriceOfMoreThanTwelveDecimalPlacesIsRefused() throws Exception {
        StubCatalogue team = StubCatalogue.create(stripe, "team");

        assertThatThrownBy(() -> stripe.v1().prices().create(PriceCreateParams.builder().setCurrency("usd")
                .setUnitAmountDecimal(new java.math.BigDecimal("0.0000000000001")).setProduct(team.base().getProduct())
                .setRecurring(PriceCreateParams.Recurring.builder().setInterval(PriceCreateParams.Recurring.Interval.MONTH).build())
                .build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("at most 12 decimal places");
    }

    @Test
    void customersAreCreatedAndRetrieved() throws Exception {
        Customer created = StubCatalogue.create(stripe, "team").customer();

        Customer read = stripe.v1().customers().retrieve(created.getId());

        assertThat(read.getId()).startsWith("cus_").isEqualTo(created.getId());
        assertThat(read.getName()).isEqualTo("Acme team");
        assertThat(read.getEmail()).isEqualTo("owner@acme.example");
        assertThat(read.getMetadata()).containsEntry("workspace", "ws-team");
        assertThatThrownBy(() -> stripe.v1().customers().retrieve("cus_missing"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getCode()).isEqualTo("resource_missing");
                });
    }

    @Test
    void aCheckoutSessionPointsAtTheStubsPageAndIsReadBack() throws Exception {
        StubCatalogue team = StubCatalogue.create(stripe, "team");

        Session session = team.checkout(stripe, "team", 3);
        Session read = stripe.v1().checkout().sessions().retrieve(session.getId(),
                SessionRetrieveParams.builder().addExpand("line_items").build());

        assertThat(session.getId()).startsWith("cs_");
        assertThat(session.getUrl()).isEqualTo(stub.apiBase() + "/checkout/" + session.getId());
        assertThat(session.getStatus()).isEqualTo("open");
        assertThat(session.getMode()).isEqualTo("subscription");
        assertThat(session.getCustomer()).isEqualTo(team.customer().getId());
        assertThat(session.getMetadata()).containsEntry("plan", "team");
        assertThat(session.getAmountTotal()).isEqualTo(1900L + 3 * 500L);
        assertThat(read.getLineItems().getData()).extracting(item -> item.getPrice().getId(), item -> item.getQuantity())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(team.base().getId(), 1L),
                        org.assertj.core.groups.Tuple.tuple(team.seat().getId(), 3L),
                        org.assertj.core.groups.Tuple.tuple(team.overage().getId(), null));
    }

    @Test
    void aMeteredLineWithAQuantityOrALicensedOneWithoutIsRefusedAsStripeRefusesIt() throws Exception {
        StubCatalogue team = StubCatalogue.create(stripe, "team");
        SessionCreateParams.Builder params = SessionCreateParams.builder().setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                .setCustomer(team.customer().getId()).setSuccessUrl("http://localhost/ok");

        assertThatThrownBy(() -> stripe.v1().checkout().sessions().create(params.addLineItem(SessionCreateParams.LineItem.builder()
                .setPrice(team.overage().getId()).setQuantity(1L).build()).build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("usage_type is `metered`");
        assertThatThrownBy(() -> stripe.v1().checkout().sessions().create(SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SUBSCRIPTION).setSuccessUrl("http://localhost/ok")
                .addLineItem(SessionCreateParams.LineItem.builder().setPrice(team.base().getId()).build()).build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("Quantity is required");
    }

    @Test
    void aPortalSessionPointsAtTheStubsPortal() throws Exception {
        StubCatalogue team = StubCatalogue.create(stripe, "team");

        com.stripe.model.billingportal.Session portal = stripe.v1().billingPortal().sessions().create(
                com.stripe.param.billingportal.SessionCreateParams.builder().setCustomer(team.customer().getId())
                        .setReturnUrl("http://localhost:5173/w/acme/billing").build());

        assertThat(portal.getId()).startsWith("bps_");
        assertThat(portal.getUrl()).isEqualTo(stub.apiBase() + "/portal/" + portal.getId());
        assertThat(portal.getReturnUrl()).isEqualTo("http://localhost:5173/w/acme/billing");
        assertThat(portal.getCustomer()).isEqualTo(team.customer().getId());
    }

    @Test
    void aPaidSubscriptionIsListedRetrievedAndItsItemsCarryTheirPeriods() throws Exception {
        StubCatalogue team = StubCatalogue.create(stripe, "team");
        String subscriptionId = stub.pay(team.checkout(stripe, "team", 3).getId());

        List<Subscription> listed = stripe.v1().subscriptions().list(SubscriptionListParams.builder()
                .setCustomer(team.customer().getId()).setStatus(SubscriptionListParams.Status.ALL).setLimit(10L).build()).getData();
        Subscription subscription = stripe.v1().subscriptions().retrieve(subscriptionId);

        assertThat(listed).extracting(Subscription::getId).containsExactly(subscriptionId);
        assertThat(subscription.getStatus()).isEqualTo("active");
        assertThat(subscription.getCustomer()).isEqualTo(team.customer().getId());
        assertThat(subscription.getCancelAtPeriodEnd()).isFalse();
        assertThat(subscription.getMetadata()).containsEntry("plan", "team").containsEntry("workspace", "ws-team");
        List<SubscriptionItem> items = subscription.getItems().getData();
        assertThat(items).extracting(item -> item.getPrice().getLookupKey())
                .containsExactly("tracehound_1_team_base", "tracehound_1_team_seat", "tracehound_1_team_spans");
        assertThat(items).extracting(SubscriptionItem::getQuantity).containsExactly(1L, 3L, null);
        SubscriptionItem seat = items.get(1);
        assertThat(seat.getId()).startsWith("si_");
        assertThat(seat.getCurrentPeriodEnd()).isGreaterThan(seat.getCurrentPeriodStart() + 27 * 86_400L);
        assertThat(items.get(2).getPrice().getRecurring().getMeter()).isEqualTo(team.meter().getId());
    }

    @Test
    void aPlanChangeSwapsTheItemsAndTheSeatQuantityFollowsTheSeats() throws Exception {
        StubCatalogue team = StubCatalogue.create(stripe, "team");
        StubCatalogue indie = StubCatalogue.create(stripe, "indie");
        String subscriptionId = stub.pay(team.checkout(stripe, "team", 3).getId());
        Subscription live = stripe.v1().subscriptions().retrieve(subscriptionId);

        SubscriptionUpdateParams.Builder swap = SubscriptionUpdateParams.builder()
                .setProrationBehavior(SubscriptionUpdateParams.ProrationBehavior.CREATE_PRORATIONS).putMetadata("plan", "indie");
        live.getItems().getData().forEach(item -> swap.addItem(SubscriptionUpdateParams.Item.builder().setId(item.getId()).setDeleted(true).build()));
        swap.addItem(SubscriptionUpdateParams.Item.builder().setPrice(indie.base().getId()).setQuantity(1L).build());
        swap.addItem(SubscriptionUpdateParams.Item.builder().setPrice(indie.seat().getId()).setQuantity(2L).build());
        swap.addItem(SubscriptionUpdateParams.Item.builder().setPrice(indie.overage().getId()).build());
        Subscription changed = stripe.v1().subscriptions().update(subscriptionId, swap.build());
        SubscriptionItem seat = changed.getItems().getData().get(1);
        SubscriptionItem updated = stripe.v1().subscriptionItems().update(seat.getId(),
                SubscriptionItemUpdateParams.builder().setQuantity(5L).build());

        assertThat(changed.getMetadata()).containsEntry("plan", "indie").containsEntry("workspace", "ws-team");
        assertThat(changed.getItems().getData()).extracting(item -> item.getPrice().getLookupKey())
                .containsExactly("tracehound_1_indie_base", "tracehound_1_indie_seat", "tracehound_1_indie_spans");
        assertThat(updated.getQuantity()).isEqualTo(5L);
        assertThat(updated.getSubscription()).isEqualTo(subscriptionId);
        assertThat(stripe.v1().subscriptions().retrieve(subscriptionId).getItems().getData().get(1).getQuantity()).isEqualTo(5L);
        assertThatThrownBy(() -> stripe.v1().subscriptions().update(subscriptionId, SubscriptionUpdateParams.builder()
                .addItem(SubscriptionUpdateParams.Item.builder().setPrice(indie.base().getId()).build()).build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("same price");
        assertThat(stub.awaitDeliveries(java.time.Duration.ofSeconds(5))).isTrue();
        assertThat(stub.events()).extracting(StubEvent::type).containsSubsequence("customer.subscription.updated", "customer.subscription.updated");
    }

    @Test
    void aCanceledSubscriptionLeavesTheDefaultListButNotStatusAll() throws Exception {
        StubCatalogue team = StubCatalogue.create(stripe, "team");
        String subscriptionId = stub.pay(team.checkout(stripe, "team", 1).getId());

        Subscription canceled = stripe.v1().subscriptions().cancel(subscriptionId);

        assertThat(canceled.getStatus()).isEqualTo("canceled");
        assertThat(canceled.getCanceledAt()).isNotNull();
        assertThat(stripe.v1().subscriptions().list(SubscriptionListParams.builder().setCustomer(team.customer().getId()).build())
                .getData()).isEmpty();
        assertThat(stripe.v1().subscriptions().list(SubscriptionListParams.builder().setCustomer(team.customer().getId())
                .setStatus(SubscriptionListParams.Status.ALL).build()).getData()).extracting(Subscription::getStatus).containsExactly("canceled");
    }

    @Test
    void meterEventsAreAcceptedOnceByIdentifier() throws Exception {
        StubCatalogue team = StubCatalogue.create(stripe, "team");
        long now = Instant.now().getEpochSecond();
        MeterEventCreateParams params = MeterEventCreateParams.builder().setEventName("tracehound_spans_team")
                .putPayload("stripe_customer_id", team.customer().getId()).putPayload("value", "1200")
                .setIdentifier("ws-team:spans:2026-12-07").setTimestamp(now).build();

        MeterEvent event = stripe.v1().billing().meterEvents().create(params);

        assertThat(event.getObject()).isEqualTo("billing.meter_event");
        assertThat(event.getIdentifier()).isEqualTo("ws-team:spans:2026-12-07");
        assertThat(event.getPayload()).containsEntry("value", "1200");
        assertThat(event.getTimestamp()).isEqualTo(now);
        assertThatThrownBy(() -> stripe.v1().billing().meterEvents().create(params))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("An event already exists with identifier ws-team:spans:2026-12-07");
                });
        assertThatThrownBy(() -> stripe.v1().billing().meterEvents().create(MeterEventCreateParams.builder()
                .setEventName("tracehound_unknown").putPayload("stripe_customer_id", "cus_x").putPayload("value", "1").build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("No active meter");
        assertThat(stub.meterEvents()).singleElement().satisfies(recorded ->
                assertThat(recorded).containsEntry("identifier", "ws-team:spans:2026-12-07")
                        .containsEntry("payload", Map.of("stripe_customer_id", team.customer().getId(), "value", "1200")));
    }

    @Test
    void invoicesAreListedForTheCustomer() throws Exception {
        StubCatalogue team = StubCatalogue.create(stripe, "team");
        String subscriptionId = stub.pay(team.checkout(stripe, "team", 2).getId());
        stub.paymentFailed(subscriptionId);

        StripeCollection<Invoice> invoices = stripe.v1().invoices().list(InvoiceListParams.builder()
                .setCustomer(team.customer().getId()).setLimit(24L).build());

        assertThat(invoices.getData()).extracting(Invoice::getStatus).containsExactly("open", "paid");
        Invoice paid = invoices.getData().get(1);
        assertThat(paid.getId()).startsWith("in_");
        assertThat(paid.getTotal()).isEqualTo(1900L + 2 * 500L);
        assertThat(paid.getAmountPaid()).isEqualTo(paid.getTotal());
        assertThat(paid.getCurrency()).isEqualTo("usd");
        assertThat(paid.getNumber()).matches("[0-9A-F]{8}-0001");
        assertThat(paid.getParent().getSubscriptionDetails().getSubscription()).isEqualTo(subscriptionId);
        assertThat(paid.getHostedInvoiceUrl()).isEqualTo(stub.apiBase() + "/invoices/" + paid.getId());
        assertThat(paid.getInvoicePdf()).isEqualTo(stub.apiBase() + "/invoices/" + paid.getId() + "/pdf");
        assertThat(paid.getLines().getData()).hasSize(3);
        assertThat(invoices.getData().get(0).getAmountDue()).isEqualTo(1900L + 2 * 500L);
        assertThat(invoices.getData().get(0).getAmountPaid()).isZero();
    }

    @Test
    void aRequestWithoutATestKeyIsRefusedAs401() {
        StripeClient anonymous = StripeClient.builder().setApiKey("sk_live_not_for_a_stub").setApiBase(stub.apiBase()).build();

        assertThatThrownBy(() -> anonymous.v1().customers().retrieve("cus_x"))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> assertThat(e.getStatusCode()).isEqualTo(401));
    }

    @Test
    void anEndpointTheStubDoesNotSpeakIsA404NamingIt() {
        assertThatThrownBy(() -> stripe.v1().products().list())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getMessage()).contains("GET: /v1/products");
                });
    }
}
