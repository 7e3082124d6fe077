package dev.tracehound.platform.billing.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.platform.billing.Meter;
import dev.tracehound.platform.billing.Plans;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PriceKeyTest {

    private final Plans plans = Plans.builtIn();

    @Test
    void aPaidPlanIsItsMonthItsSeatAndEachOveragePriceItSets() {
        var keys = PriceKey.of(plans.byId("indie").orElseThrow());

        assertThat(keys).extracting(PriceKey::lookupKey).containsExactly("tracehound:plans-v1:indie:base",
                "tracehound:plans-v1:indie:seat", "tracehound:plans-v1:indie:ingested_bytes",
                "tracehound:plans-v1:indie:spans", "tracehound:plans-v1:indie:log_records",
                "tracehound:plans-v1:indie:agent_tokens", "tracehound:plans-v1:indie:investigations",
                "tracehound:plans-v1:indie:sandbox_minutes");
    }

    @Test
    void theFreePlanHasNoPrice() {
        assertThat(PriceKey.of(plans.defaultPlan())).isEmpty();
    }

    @Test
    void aKeyReadsBackAsWhatItWasMadeOf() {
        for (var plan : plans.all()) {
            for (PriceKey key : PriceKey.of(plan)) {
                assertThat(PriceKey.parse(key.lookupKey())).hasValue(key);
            }
        }
        assertThat(PriceKey.parse("tracehound:plans-v1:growth:spans")).hasValue(new PriceKey("plans-v1", "growth",
                PriceKey.Kind.OVERAGE, Optional.of(Meter.SPANS)));
    }

    @Test
    void pricesThisServiceDidNotMakeAreNotRead() {
        assertThat(PriceKey.parse(null)).isEmpty();
        assertThat(PriceKey.parse("pro_monthly")).isEmpty();
        assertThat(PriceKey.parse("other:plans-v1:indie:base")).isEmpty();
        assertThat(PriceKey.parse("tracehound:plans-v1:indie:gold")).isEmpty();
        assertThat(PriceKey.meterEventName(Meter.LOG_RECORDS)).isEqualTo("tracehound_log_records");
    }
}
