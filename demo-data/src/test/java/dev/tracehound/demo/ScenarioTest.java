package dev.tracehound.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioTest {

    private static final Instant NOW = Instant.parse("2025-03-10T21:30:00Z");

    @Test
    void theDemoCoversTheLastDayWithTheDeployIncidentSixHoursBeforeItsEnd() {
        Scenario demo = Scenario.demo("p1", NOW);

        assertThat(demo.windowStart()).isEqualTo(NOW.minus(Duration.ofHours(24)));
        assertThat(demo.windowEnd()).isEqualTo(NOW);
        assertThat(demo.load()).isEqualTo(Load.targetSpans(Scenario.DEFAULT_TARGET_SPANS));
        assertThat(demo.incidents()).singleElement().isInstanceOfSatisfying(Incident.CheckoutDeploySlowsPayments.class, deploy -> {
            assertThat(deploy.deployedAt()).isEqualTo(NOW.minus(Duration.ofHours(6)));
            assertThat(deploy.previousVersion()).isEqualTo("2.3.0");
            assertThat(deploy.newVersion()).isEqualTo("2.3.1");
            assertThat(deploy.provider()).isEqualTo("stripe_v3");
            assertThat(deploy.timeoutRatio()).isEqualTo(0.08);
            assertThat(deploy.description()).contains("2.3.1", "stripe_v3", "2000 ms", "8.0%");
        });
    }

    @Test
    void nonsenseIsRejected() {
        assertThatThrownBy(() -> new Scenario(" ", NOW, Duration.ofHours(1), 1, Load.targetSpans(10), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Scenario("p", NOW, Duration.ZERO, 1, Load.targetSpans(10), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Load.targetSpans(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Load.peakRequestsPerSecond(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Scenario.demo("p", NOW).at(1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anIncidentOnAnUnknownPaymentProviderIsRejected() {
        Incident.CheckoutDeploySlowsPayments unknown = new Incident.CheckoutDeploySlowsPayments(NOW, "2.3.0", "2.3.1",
                "bitcoin", Duration.ofSeconds(2), 0.08);
        Scenario scenario = Scenario.demo("p", NOW).withIncidents(List.of(unknown));

        assertThatThrownBy(() -> new DemoTelemetryGenerator(scenario))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bitcoin");
    }

    @Test
    void withoutIncidentsCheckoutStaysOn230AndNothingTimesOut() {
        Scenario calm = Scenario.demo("p", NOW).withIncidents(List.of()).withLoad(Load.targetSpans(100_000));
        long[] checkout231 = {0};
        long[] timeoutLogs = {0};

        GenerationSummary summary = new DemoTelemetryGenerator(calm).generate(Sinks.of(span -> {
            if ("2.3.1".equals(span.resourceAttributes().get("service.version"))) {
                checkout231[0]++;
            }
        }, log -> {
            if (log.body().contains("timed out")) {
                timeoutLogs[0]++;
            }
        }));

        assertThat(summary.incidentStarts()).isEmpty();
        assertThat(checkout231[0]).isZero();
        assertThat(timeoutLogs[0]).isZero();
    }
}
