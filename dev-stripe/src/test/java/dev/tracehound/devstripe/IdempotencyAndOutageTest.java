package dev.tracehound.devstripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.ApiException;
import com.stripe.exception.IdempotencyException;
import com.stripe.model.Customer;
import com.stripe.param.CustomerCreateParams;
import com.stripe.net.RequestOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code Idempotency-Key} as Stripe honours it, the request log, and outage mode. */
class IdempotencyAndOutageTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

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
    void theSameKeyForTheSameRequestGivesTheFirstAnswerAgain() throws Exception {
        CustomerCreateParams params = CustomerCreateParams.builder().setName("Acme").putMetadata("workspace", "ws-1").build();
        RequestOptions key = RequestOptions.builder().setIdempotencyKey("customer:ws-1").build();

        Customer first = stripe.v1().customers().create(params, key);
        Customer again = stripe.v1().customers().create(params, key);
        Customer other = stripe.v1().customers().create(params, RequestOptions.builder().setIdempotencyKey("customer:ws-2").build());

        assertThat(again.getId()).isEqualTo(first.getId());
        assertThat(other.getId()).isNotEqualTo(first.getId());
        assertThat(again.getLastResponse().headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(stub.requests()).hasSize(3).allSatisfy(request -> assertThat(request.method()).isEqualTo("POST"));
        assertThat(stub.requests()).extracting(RecordedRequest::idempotencyKey)
                .containsExactly("customer:ws-1", "customer:ws-1", "customer:ws-2");
        assertThat(stub.requests().get(0).params()).containsEntry("name", "Acme")
                .containsEntry("metadata", java.util.Map.of("workspace", "ws-1"));
    }

    @Test
    void theSameKeyForAnotherRequestIsRefused() throws Exception {
        RequestOptions key = RequestOptions.builder().setIdempotencyKey("customer:ws-1").build();
        stripe.v1().customers().create(CustomerCreateParams.builder().setName("Acme").build(), key);

        assertThatThrownBy(() -> stripe.v1().customers().create(CustomerCreateParams.builder().setName("Other").build(), key))
                .isInstanceOfSatisfying(IdempotencyException.class, e -> assertThat(e.getStatusCode()).isEqualTo(400));
    }

    @Test
    void aRefusedRequestIsNotKeptSoItsRetryRunsAgain() throws Exception {
        RequestOptions key = RequestOptions.builder().setIdempotencyKey("checkout:1").build();
        com.stripe.param.checkout.SessionCreateParams params = com.stripe.param.checkout.SessionCreateParams.builder()
                .setMode(com.stripe.param.checkout.SessionCreateParams.Mode.SUBSCRIPTION).setSuccessUrl("http://localhost/ok")
                .addLineItem(com.stripe.param.checkout.SessionCreateParams.LineItem.builder().setPrice("price_missing").setQuantity(1L).build())
                .build();

        assertThatThrownBy(() -> stripe.v1().checkout().sessions().create(params, key)).hasMessageContaining("No such price");
        StubCatalogue.create(stripe, "team");
        assertThatThrownBy(() -> stripe.v1().checkout().sessions().create(params, key)).hasMessageContaining("No such price");
    }

    @Test
    void concurrentRequestsWithOneKeyMakeOneCustomer() throws Exception {
        CustomerCreateParams params = CustomerCreateParams.builder().setName("Acme").build();
        RequestOptions key = RequestOptions.builder().setIdempotencyKey("customer:race").build();
        java.util.List<String> ids = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.List<Integer> conflicts = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.List<String> others = new java.util.concurrent.CopyOnWriteArrayList<>();

        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 16; i++) {
                threads.submit(() -> {
                    try {
                        ids.add(stripe.v1().customers().create(params, key).getId());
                    } catch (com.stripe.exception.StripeException e) {
                        // A request still running answers 409; Stripe Java names it IdempotencyException
                        // or, once its own retries of the 409 run out, ApiException.
                        if (e.getStatusCode() != null && e.getStatusCode() == 409) {
                            conflicts.add(e.getStatusCode());
                        } else {
                            others.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                        }
                    }
                    return null;
                });
            }
        }

        assertThat(others).as("every request answered: a customer or a 409").isEmpty();
        assertThat(ids).as("one customer, replayed to the others").isNotEmpty().containsOnly(ids.getFirst());
        assertThat(conflicts).as("a request still running answers 409").allSatisfy(status -> assertThat(status).isEqualTo(409));
        assertThat(ids.size() + conflicts.size()).isEqualTo(16);
    }

    @Test
    void inAnOutageEveryApiCallIs503UntilItEnds() throws Exception {
        stub.outage(true);

        assertThatThrownBy(() -> stripe.v1().customers().create(CustomerCreateParams.builder().setName("Acme").build()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getStatusCode()).isEqualTo(503));
        HttpResponse<String> requests = HTTP.send(HttpRequest.newBuilder(URI.create(stub.apiBase() + "/_stub/requests")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(requests.statusCode()).as("the control endpoints still answer").isEqualTo(200);
        assertThat(requests.body()).contains("\"path\":\"/v1/customers\"", "\"name\":\"Acme\"");

        HttpResponse<String> off = HTTP.send(HttpRequest.newBuilder(URI.create(stub.apiBase() + "/_stub/outage?on=false"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(off.body()).isEqualTo("{\"outage\":false}");
        assertThat(stripe.v1().customers().create(CustomerCreateParams.builder().setName("Acme").build()).getId()).startsWith("cus_");
    }

    @Test
    void outageModeIsSwitchedOnOverHttpToo() throws Exception {
        HTTP.send(HttpRequest.newBuilder(URI.create(stub.apiBase() + "/_stub/outage?on=true"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThatThrownBy(() -> stripe.v1().customers().retrieve("cus_x"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getStatusCode()).isEqualTo(503));
    }
}
