package dev.tracehound.platform.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PlansTest {

    private final Plans plans = Plans.builtIn();

    @Test
    void theCatalogueListsFiveVersionedPlansSmallestFirstWithFreeAsTheDefault() {
        assertThat(plans.version()).isEqualTo("plans-v1");
        assertThat(plans.all()).extracting(Plan::id).containsExactly("free", "indie", "startup", "growth", "scale");
        assertThat(plans.all()).allSatisfy(plan -> assertThat(plan.version()).isEqualTo("plans-v1"));
        assertThat(plans.defaultPlan().id()).isEqualTo("free");
        assertThat(plans.byId("startup")).map(Plan::name).contains("Startup");
        assertThat(plans.byId("enterprise")).isEmpty();
    }

    @Test
    void freeIsEnoughForATrialAndStopsAtItsLimits() {
        Plan free = plans.defaultPlan();

        assertThat(free.monthlyUsd()).isZero();
        assertThat(free.seatUsd()).isZero();
        assertThat(free.limits().retentionDays()).isEqualTo(7);
        assertThat(free.limits().seats().max()).hasValue(3);
        assertThat(free.limits().perMonth(Meter.SPANS)).hasValue(1_000_000);
        assertThat(free.limits().perMonth(Meter.INGESTED_BYTES)).hasValue(1_000_000_000L);
        assertThat(free.allowsOverage()).isFalse();
        assertThat(free.overagePrice(Meter.SPANS)).isEmpty();
    }

    @Test
    void basePricesRiseWithThePlanAndEveryPaidPlanPricesItsOverage() {
        List<Plan> all = plans.all();
        for (int i = 1; i < all.size(); i++) {
            Plan smaller = all.get(i - 1);
            Plan bigger = all.get(i);
            assertThat(bigger.monthlyUsd()).as(bigger.id() + " costs more than " + smaller.id())
                    .isGreaterThan(smaller.monthlyUsd());
            assertThat(bigger.seatUsd()).as(bigger.id() + "'s seat").isGreaterThanOrEqualTo(smaller.seatUsd());
            assertThat(bigger.allowsOverage()).as(bigger.id() + " allows overage").isTrue();
            for (Meter meter : Meter.values()) {
                bigger.overagePrice(meter).ifPresent(price -> smaller.overagePrice(meter).ifPresent(before ->
                        assertThat(price).as(meter + " overage of " + bigger.id()).isLessThanOrEqualTo(before)));
            }
        }
    }

    @Test
    void noLimitShrinksGoingUpAndScaleIsUnlimitedWhereItCounts() {
        List<Plan> all = plans.all();
        for (int i = 1; i < all.size(); i++) {
            PlanLimits smaller = all.get(i - 1).limits();
            PlanLimits bigger = all.get(i).limits();
            String plan = all.get(i).id();
            for (Meter meter : Meter.values()) {
                assertThat(atLeast(bigger.perMonth(meter), smaller.perMonth(meter))).as(plan + " " + meter).isTrue();
            }
            assertThat(bigger.retentionDays()).as(plan + " retention").isGreaterThan(smaller.retentionDays());
            assertThat(bigger.seats().max().isEmpty() || smaller.seats().max().isPresent()
                    && bigger.seats().max().getAsInt() >= smaller.seats().max().getAsInt()).as(plan + " seats").isTrue();
        }
        PlanLimits scale = plans.byId("scale").orElseThrow().limits();
        assertThat(scale.perMonth(Meter.SPANS)).isEmpty();
        assertThat(scale.seats().max()).isEmpty();
        assertThat(scale.retentionDays()).isGreaterThanOrEqualTo(365);
    }

    @Test
    void aPlanWithoutALimitIsRefusedNamingThePlanAndTheLimit() {
        String file = FILE.replace("\"services\": 5,", "");

        assertThatThrownBy(() -> read(file)).hasMessageContaining("plan tiny has no services");
    }

    @Test
    void aMisspeltLimitOrPriceIsRefused() {
        assertThatThrownBy(() -> read(FILE.replace("\"services\"", "\"servics\"")))
                .hasMessageContaining("unknown limit 'servics'");
        assertThatThrownBy(() -> read(FILE.replace("per_million_spans", "per_milion_spans")))
                .hasMessageContaining("unknown overage price 'per_milion_spans'");
    }

    @Test
    void overageMustPriceEveryLimitedMeterAndNoUnlimitedOne() {
        assertThatThrownBy(() -> read(FILE.replace("\"per_million_spans\": 0.5,", "")))
                .hasMessageContaining("tiny allows overage but gives no price for spans");
        assertThatThrownBy(() -> read(FILE.replace("\"spans_per_month\": 10", "\"spans_per_month\": \"unlimited\"")))
                .hasMessageContaining("tiny prices overage of spans, which it does not limit");
    }

    @Test
    void aLimitIsAWholeNumberOrUnlimitedAndRetentionAlwaysANumber() {
        assertThatThrownBy(() -> read(FILE.replace("\"seats\": 2", "\"seats\": 2.5")))
                .hasMessageContaining("seats is a whole number");
        assertThatThrownBy(() -> read(FILE.replace("\"retention_days\": 7", "\"retention_days\": \"unlimited\"")))
                .hasMessageContaining("must keep telemetry a number of days");
        assertThatThrownBy(() -> read(FILE.replace("\"default_plan\": \"tiny\"", "\"default_plan\": \"huge\"")))
                .hasMessageContaining("names 'huge' as its default plan");
    }

    @Test
    void aValidFileReadsIntoBytesAndPrices() {
        Plan tiny = read(FILE).defaultPlan();

        assertThat(tiny.limits().perMonth(Meter.INGESTED_BYTES)).hasValue(2_000_000_000L);
        assertThat(tiny.overagePrice(Meter.SPANS)).contains(new BigDecimal("0.5"));
        assertThat(tiny.limits().services()).hasValue(5);
    }

    private static boolean atLeast(OptionalLong bigger, OptionalLong smaller) {
        return bigger.isEmpty() || smaller.isPresent() && bigger.getAsLong() >= smaller.getAsLong();
    }

    private static Plans read(String json) {
        return Plans.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
    }

    private static final String FILE = """
            {"version": "test", "currency": "USD", "default_plan": "tiny", "plans": [
              {"id": "tiny", "name": "Tiny", "monthly_usd": 1, "seat_usd": 1,
               "limits": {"ingested_gb_per_month": 2, "spans_per_month": 10, "log_records_per_month": 10,
                          "retention_days": 7, "seats": 2, "services": 5, "agent_tokens_per_month": 10,
                          "investigations_per_month": 1, "sandbox_minutes_per_month": 1},
               "overage": {"per_gb_ingested": 0.1, "per_million_spans": 0.5, "per_million_log_records": 0.5,
                           "per_million_agent_tokens": 1, "per_investigation": 1, "per_sandbox_minute": 0.1}}]}
            """;
}
