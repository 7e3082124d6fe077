package dev.tracehound.devstripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import com.stripe.net.Webhook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The browser's side: the checkout page, Pay, the events delivered signed (checked with Stripe
 * Java's {@code Webhook.constructEvent}) before the redirect to success_url; the portal page; the
 * control endpoints that make a payment fail or cancel.
 */
class PayFlowTest {

    private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private WebhookReceiver receiver;
    private StripeStub stub;
    private StripeClient stripe;
    private StubCatalogue team;

    @BeforeEach
    void start() throws Exception {
        receiver = new WebhookReceiver(StubCatalogue.WEBHOOK_SECRET);
        stub = StripeStub.start(StubCatalogue.WEBHOOK_SECRET, receiver.url());
        stripe = StubCatalogue.client(stub);
        team = StubCatalogue.create(stripe, "team");
    }

    @AfterEach
    void stop() {
        stub.close();
        receiver.close();
    }

    @Test
    void theCheckoutPageNamesTheLinesAndIsAPlainAccessiblePage() throws Exception {
        Session session = team.checkout(stripe, "team", 3);

        HttpResponse<String> page = get(session.getUrl());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<html lang=\"en\">", "<title>Checkout", "<main>", "<h1>Subscribe</h1>",
                "Tracehound team base", "$19.00 per month", "Tracehound team seat", "$5.00 per month",
                "Tracehound team spans overage", "$0.0000005 per unit used", "Due today: <strong>$34.00</strong>",
                "<form method=\"post\" action=\"/checkout/" + session.getId() + "/pay\">",
                "data-testid=\"pay\">Pay</button>", "href=\"http://localhost:5173/w/acme/billing?checkout=canceled\"");
    }

    @Test
    void payingDeliversSignedEventsBeforeRedirectingToSuccessUrl() throws Exception {
        Session session = team.checkout(stripe, "team", 3);

        HttpResponse<String> paid = post(stub.apiBase() + "/checkout/" + session.getId() + "/pay");

        assertThat(paid.statusCode()).isEqualTo(303);
        assertThat(paid.headers().firstValue("Location"))
                .hasValue("http://localhost:5173/w/acme/billing?checkout=success&session=" + session.getId());
        assertThat(receiver.types()).as("delivered before the redirect")
                .containsExactly("checkout.session.completed", "customer.subscription.created", "invoice.paid");
        assertThat(receiver.rejected()).isEmpty();
        Event completed = receiver.events().get(0);
        assertThat(completed.getId()).startsWith("evt_");
        assertThat(completed.getApiVersion()).isEqualTo(com.stripe.Stripe.API_VERSION);
        assertThat(completed.getLivemode()).isFalse();
        Session completedSession = (Session) completed.getDataObjectDeserializer().getObject().orElseThrow();
        assertThat(completedSession.getStatus()).isEqualTo("complete");
        assertThat(completedSession.getSubscription()).startsWith("sub_");
        Subscription created = (Subscription) receiver.events().get(1).getDataObjectDeserializer().getObject().orElseThrow();
        assertThat(created.getId()).isEqualTo(completedSession.getSubscription());
        assertThat(created.getMetadata()).containsEntry("plan", "team");
        Invoice invoice = (Invoice) receiver.events().get(2).getDataObjectDeserializer().getObject().orElseThrow();
        assertThat(invoice.getStatus()).isEqualTo("paid");
        assertThat(stripe.v1().checkout().sessions().retrieve(session.getId()).getStatus()).isEqualTo("complete");
        assertThat(post(stub.apiBase() + "/checkout/" + session.getId() + "/pay").statusCode()).as("paid once").isEqualTo(409);
    }

    @Test
    void aFailedPaymentAndACancellationFromTheControlEndpointsAreSignedEventsToo() throws Exception {
        String subscriptionId = stub.pay(team.checkout(stripe, "team", 1).getId());

        HttpResponse<String> failed = post(stub.apiBase() + "/_stub/subscriptions/" + subscriptionId + "/payment-failed");
        assertThat(failed.statusCode()).isEqualTo(200);
        assertThat(stripe.v1().subscriptions().retrieve(subscriptionId).getStatus()).isEqualTo("past_due");
        HttpResponse<String> canceled = post(stub.apiBase() + "/_stub/subscriptions/" + subscriptionId + "/cancel");
        assertThat(canceled.statusCode()).isEqualTo(200);

        assertThat(receiver.types()).containsExactly("checkout.session.completed", "customer.subscription.created",
                "invoice.paid", "invoice.payment_failed", "customer.subscription.updated", "customer.subscription.deleted");
        Event updated = receiver.events().get(4);
        assertThat(((Subscription) updated.getDataObjectDeserializer().getObject().orElseThrow()).getStatus()).isEqualTo("past_due");
        assertThat(updated.getData().getPreviousAttributes()).containsEntry("status", "active");
        assertThat(stripe.v1().subscriptions().retrieve(subscriptionId).getStatus()).isEqualTo("canceled");
        assertThat(post(stub.apiBase() + "/_stub/subscriptions/sub_missing/cancel").statusCode()).isEqualTo(404);
    }

    @Test
    void aDeliveryThatFailsIsTriedAgainAndAWrongSecretIsRejectedByStripeJava() throws Exception {
        receiver.failNext(2);

        stub.pay(team.checkout(stripe, "team", 1).getId());

        assertThat(receiver.types()).containsExactly("checkout.session.completed", "customer.subscription.created", "invoice.paid");
        assertThat(receiver.calls()).isEqualTo(5);
        assertThat(stub.events()).first().satisfies(event -> {
            assertThat(event.delivery().delivered()).isTrue();
            assertThat(event.delivery().attempts()).isEqualTo(3);
        });
        String payload = stub.events().get(0).payload();
        long now = Instant.now().getEpochSecond();
        assertThat(Webhook.constructEvent(payload, StripeStub.sign(StubCatalogue.WEBHOOK_SECRET, payload, now), StubCatalogue.WEBHOOK_SECRET)
                .getType()).isEqualTo("checkout.session.completed");
        assertThatThrownBy(() -> Webhook.constructEvent(payload, StripeStub.sign("whsec_other", payload, now), StubCatalogue.WEBHOOK_SECRET))
                .isInstanceOf(SignatureVerificationException.class);
    }

    @Test
    void eventsWaitForAWebhookUrlAndAreGivenUpWhenNobodyAnswers() throws Exception {
        stub.webhookUrl("http://localhost:1/webhooks/stripe");
        String subscriptionId = stub.pay(team.checkout(stripe, "team", 1).getId());

        assertThat(stub.events()).hasSize(3).allSatisfy(event -> {
            assertThat(event.delivery().delivered()).isFalse();
            assertThat(event.delivery().attempts()).isEqualTo(4);
        });
        stub.webhookUrl(receiver.url());
        stub.cancel(subscriptionId);
        assertThat(receiver.types()).containsExactly("customer.subscription.deleted");
    }

    @Test
    void thePortalListsTheCustomersInvoicesAndLinksBack() throws Exception {
        stub.pay(team.checkout(stripe, "team", 2).getId());
        com.stripe.model.billingportal.Session portal = stripe.v1().billingPortal().sessions().create(
                com.stripe.param.billingportal.SessionCreateParams.builder().setCustomer(team.customer().getId())
                        .setReturnUrl("http://localhost:5173/w/acme/billing").build());
        Invoice invoice = stripe.v1().invoices().list(com.stripe.param.InvoiceListParams.builder()
                .setCustomer(team.customer().getId()).build()).getData().get(0);

        HttpResponse<String> page = get(portal.getUrl());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<html lang=\"en\">", "<title>Billing portal", "<main>", "<caption>Invoices",
                invoice.getNumber(), "$29.00", "paid",
                "<a href=\"http://localhost:5173/w/acme/billing\" data-testid=\"portal-return\">Return</a>");
        assertThat(get(invoice.getHostedInvoiceUrl()).body()).contains("<h1>Invoice " + invoice.getNumber() + "</h1>");
        HttpResponse<String> pdf = get(invoice.getInvoicePdf());
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(pdf.body()).startsWith("%PDF-1.4").contains("Total: $29.00").endsWith("%%EOF\n");
        assertThat(get(stub.apiBase() + "/portal/bps_missing").statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return BROWSER.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url) throws Exception {
        return BROWSER.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
