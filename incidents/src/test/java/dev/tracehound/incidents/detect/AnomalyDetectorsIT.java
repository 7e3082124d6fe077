package dev.tracehound.incidents.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import dev.tracehound.analytics.SchemaMigrator;
import dev.tracehound.analytics.query.ServiceHealthQueries;
import dev.tracehound.demo.Scenario;
import dev.tracehound.fixtures.ThrowawayClickHouse;
import dev.tracehound.incidents.Observation;
import dev.tracehound.incidents.Observation.Verdict;
import dev.tracehound.incidents.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The anomaly detectors with their default settings on the demo day as ./dev up loads it (500,000
 * spans over 24 h), ending at 21:30 UTC as agent-runtime's offline investigator tests have it: the
 * checkout 2.3.1 deploy is at 15:30, at the shop's daily peak, and slows stripe_v3 payments.
 */
class AnomalyDetectorsIT {

    private static final Instant DAY_END = Instant.parse("2025-03-10T21:30:00Z");
    private static final Instant DAY_START = DAY_END.minus(Duration.ofHours(24));
    private static final Instant DEPLOY = DAY_END.minus(Duration.ofHours(6));
    private static final String PROJECT = UUID.nameUUIDFromBytes("anomaly-detectors".getBytes()).toString();

    private static ThrowawayClickHouse database;
    private static ServiceHealthQueries health;

    @BeforeAll
    static void loadTheDemoDay() {
        database = ThrowawayClickHouse.create();
        ClickHouse clickHouse = database.closing(ClickHouse.connect(ClickHouseSettings.of(database.url(), database.name())));
        new SchemaMigrator(clickHouse).migrate();
        DemoDay.write(clickHouse, Scenario.demo(PROJECT, DAY_END));
        health = new ServiceHealthQueries(clickHouse);
    }

    @AfterAll
    static void drop() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void nothingBreachesAcrossTheEighteenHealthyHours() {
        var detectors = new AnomalyDetectors(health, AnomalySettings.defaults());
        var breaches = new ArrayList<String>();
        int judged = 0;
        int evaluations = 0;
        for (Instant at = DAY_START.plus(Duration.ofMinutes(10)); at.isBefore(DEPLOY); at = at.plus(Duration.ofMinutes(5))) {
            evaluations++;
            for (Observation o : detectors.evaluate(PROJECT, at)) {
                if (o.breaching()) {
                    breaches.add(at + " " + o.source() + " " + o.seriesKey() + ": " + o.summary());
                }
                if (o.verdict() == Verdict.HEALTHY) {
                    judged++;
                }
            }
        }

        assertThat(evaluations).isEqualTo(214);
        assertThat(breaches).as("false positives").isEmpty();
        assertThat(judged).as("healthy verdicts: the services were judged, not just short of data")
                .isGreaterThan(evaluations * 5);
    }

    @Test
    void theCheckoutDeployBreachesOnP99WithinMinutesAndStaysUntilItIsOver() {
        var detectors = new AnomalyDetectors(health, AnomalySettings.defaults());
        Optional<Instant> firstBreach = Optional.empty();
        Severity worst = Severity.LOW;
        var newErrors = new ArrayList<String>();
        for (Instant at = DEPLOY.plus(Duration.ofMinutes(1)); !at.isAfter(DEPLOY.plus(Duration.ofMinutes(30)));
                at = at.plus(Duration.ofMinutes(1))) {
            for (Observation o : detectors.evaluate(PROJECT, at)) {
                if (o.breaching() && o.source().equals("anomaly:p99-latency") && o.seriesKey().equals("checkout")) {
                    if (firstBreach.isEmpty()) {
                        firstBreach = Optional.of(at);
                    }
                    worst = o.severity().atLeast(worst) ? o.severity() : worst;
                }
                if (o.breaching() && o.source().equals("anomaly:new-error")) {
                    newErrors.add(o.seriesKey());
                }
            }
        }

        assertThat(firstBreach).as("checkout's p99 breaches").isPresent();
        assertThat(Duration.between(DEPLOY, firstBreach.get())).isLessThanOrEqualTo(Duration.ofMinutes(5));
        assertThat(worst).isEqualTo(Severity.HIGH);
        assertThat(newErrors).contains("payments|*url.Error", "checkout|DEADLINE_EXCEEDED");

        List<Verdict> later = new ArrayList<>();
        for (Instant at = firstBreach.get(); at.isBefore(DAY_END); at = at.plus(Duration.ofMinutes(15))) {
            detectors.evaluate(PROJECT, at).stream()
                    .filter(o -> o.source().equals("anomaly:p99-latency") && o.seriesKey().equals("checkout"))
                    .forEach(o -> later.add(o.verdict()));
        }
        assertThat(later).as("the slowdown lasts to the end of the day: never healthy again").doesNotContain(Verdict.HEALTHY)
                .contains(Verdict.BREACHING);
    }
}
