package dev.tracehound.platform.billing.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.model.Subscription;
import com.stripe.net.ApiResource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading a customer's subscriptions as Stripe lists them (JSON as Stripe Java parses it). */
class SubscriptionStateTest {

    @Test
    void theNewestLiveSubscriptionOfOursDecidesAndItsSeatItemIsFound() {
        var state = SubscriptionState.of(List.of(
                subscription("sub_old", "canceled", 100, "indie"),
                subscription("sub_new", "active", 200, "startup"),
                foreign("sub_other", "active", 300)));

        assertThat(state.current()).hasValueSatisfying(current -> {
            assertThat(current.id()).isEqualTo("sub_new");
            assertThat(current.plan()).isEqualTo("startup");
            assertThat(current.owing()).isFalse();
            assertThat(current.seatItem()).hasValueSatisfying(item -> assertThat(item.quantity()).isEqualTo(4));
            assertThat(current.periodEnd()).isPresent();
        });
        assertThat(state.lastEnded()).hasValueSatisfying(ended -> assertThat(ended.plan()).isEqualTo("indie"));
    }

    @Test
    void pastDueAndUnpaidStillHoldThePlanButOweAPayment() {
        assertThat(SubscriptionState.of(List.of(subscription("sub_1", "past_due", 1, "growth"))).current())
                .hasValueSatisfying(current -> assertThat(current.owing()).isTrue());
        assertThat(SubscriptionState.of(List.of(subscription("sub_1", "unpaid", 1, "growth"))).current())
                .hasValueSatisfying(current -> assertThat(current.owing()).isTrue());
    }

    @Test
    void aCheckoutNeverPaidIsNeitherLiveNorEnded() {
        var state = SubscriptionState.of(List.of(subscription("sub_1", "incomplete", 1, "indie")));

        assertThat(state.knowsAnything()).isFalse();
    }

    @Test
    void subscriptionsOfOtherProductsAreNotOurs() {
        assertThat(SubscriptionState.of(List.of(foreign("sub_x", "active", 5))).knowsAnything()).isFalse();
    }

    private static Subscription subscription(String id, String status, long created, String plan) {
        return parse("""
                {"id": "%s", "object": "subscription", "customer": "cus_1", "status": "%s", "created": %d,
                 "cancel_at_period_end": false, "metadata": {"plan": "%s"},
                 "items": {"object": "list", "data": [
                   {"id": "si_base", "object": "subscription_item", "quantity": 1, "current_period_end": 1800000000,
                    "price": {"id": "price_b", "object": "price", "lookup_key": "tracehound:plans-v1:%s:base"}},
                   {"id": "si_seat", "object": "subscription_item", "quantity": 4, "current_period_end": 1800000000,
                    "price": {"id": "price_s", "object": "price", "lookup_key": "tracehound:plans-v1:%s:seat"}},
                   {"id": "si_spans", "object": "subscription_item", "current_period_end": 1800000000,
                    "price": {"id": "price_m", "object": "price", "lookup_key": "tracehound:plans-v1:%s:spans"}}]}}"""
                .formatted(id, status, created, plan, plan, plan, plan));
    }

    private static Subscription foreign(String id, String status, long created) {
        return parse("""
                {"id": "%s", "object": "subscription", "customer": "cus_1", "status": "%s", "created": %d,
                 "items": {"object": "list", "data": [{"id": "si_x", "object": "subscription_item", "quantity": 1,
                   "price": {"id": "price_x", "object": "price", "lookup_key": "newsletter_pro"}}]}}"""
                .formatted(id, status, created));
    }

    private static Subscription parse(String json) {
        return ApiResource.GSON.fromJson(json, Subscription.class);
    }
}
