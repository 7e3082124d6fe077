package dev.tracehound.incidents.alerting;

import static dev.tracehound.incidents.Observation.Verdict.BREACHING;
import static dev.tracehound.incidents.Observation.Verdict.HEALTHY;
import static dev.tracehound.incidents.Observation.Verdict.NO_DATA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.incidents.Observation.Verdict;
import dev.tracehound.incidents.alerting.AlertStateMachine.Series;
import dev.tracehound.incidents.alerting.AlertStateMachine.Status;
import dev.tracehound.incidents.alerting.AlertStateMachine.Step;
import dev.tracehound.incidents.alerting.AlertStateMachine.Transition;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertStateMachineTest {

    private static final Instant T0 = Instant.parse("2026-12-10T10:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final AlertStateMachine machine = AlertStateMachine.DEFAULT;

    /** Feeds the verdicts one minute apart from T0 and returns the last step. */
    private Step run(Series start, Verdict... verdicts) {
        Series series = start;
        Step step = null;
        Instant at = T0;
        for (Verdict verdict : verdicts) {
            step = machine.next(series, verdict, at);
            series = step.series();
            at = at.plus(MINUTE);
        }
        return step;
    }

    private Step run(Verdict... verdicts) {
        return run(Series.inactive(), verdicts);
    }

    @Test
    void aFirstBreachMakesASeriesPending() {
        Step step = run(BREACHING);
        assertThat(step.transition()).isEqualTo(Transition.PENDING);
        assertThat(step.series().status()).isEqualTo(Status.PENDING);
        assertThat(step.series().since()).isEqualTo(T0);
    }

    @Test
    void aSecondConsecutiveBreachFires() {
        Step step = run(BREACHING, BREACHING);
        assertThat(step.transition()).isEqualTo(Transition.FIRED);
        assertThat(step.series().status()).isEqualTo(Status.FIRING);
        assertThat(step.series().since()).isEqualTo(T0.plus(MINUTE));
    }

    @Test
    void aPendingSeriesThatTurnsHealthyGoesBackToInactive() {
        Step step = run(BREACHING, HEALTHY);
        assertThat(step.transition()).isEqualTo(Transition.CLEARED);
        assertThat(step.series().status()).isEqualTo(Status.INACTIVE);
        assertThat(run(BREACHING, HEALTHY, BREACHING).transition()).as("the count starts again")
                .isEqualTo(Transition.PENDING);
    }

    @Test
    void noDataHoldsAPendingSeriesAndItsCount() {
        Step held = run(BREACHING, NO_DATA);
        assertThat(held.transition()).isEqualTo(Transition.NONE);
        assertThat(held.series().status()).isEqualTo(Status.PENDING);
        assertThat(run(BREACHING, NO_DATA, BREACHING).transition()).isEqualTo(Transition.FIRED);
    }

    @Test
    void aPendingSeriesWithoutDataForADayGoesBackToInactive() {
        Series pending = run(BREACHING).series();
        Step step = machine.next(pending, NO_DATA, T0.plus(Duration.ofHours(24)));
        assertThat(step.transition()).isEqualTo(Transition.CLEARED);
        assertThat(step.series().status()).isEqualTo(Status.INACTIVE);
        assertThat(machine.next(pending, NO_DATA, T0.plus(Duration.ofHours(23))).transition())
                .isEqualTo(Transition.NONE);
    }

    @Test
    void aFiringSeriesKeepsFiringWhileItBreaches() {
        Step step = run(BREACHING, BREACHING, BREACHING, BREACHING);
        assertThat(step.transition()).isEqualTo(Transition.NONE);
        assertThat(step.series().status()).isEqualTo(Status.FIRING);
        assertThat(step.series().since()).as("firing since it fired").isEqualTo(T0.plus(MINUTE));
    }

    @Test
    void oneOrTwoHealthyEvaluationsDoNotResolveAFiringSeries() {
        assertThat(run(BREACHING, BREACHING, HEALTHY).series().status()).isEqualTo(Status.FIRING);
        assertThat(run(BREACHING, BREACHING, HEALTHY, HEALTHY).series().status()).isEqualTo(Status.FIRING);
    }

    @Test
    void threeConsecutiveHealthyEvaluationsResolveAFiringSeries() {
        Step step = run(BREACHING, BREACHING, HEALTHY, HEALTHY, HEALTHY);
        assertThat(step.transition()).isEqualTo(Transition.RESOLVED);
        assertThat(step.series().status()).isEqualTo(Status.RESOLVED);
    }

    @Test
    void aBreachBetweenHealthyEvaluationsStartsTheHealthyCountAgain() {
        Step step = run(BREACHING, BREACHING, HEALTHY, HEALTHY, BREACHING, HEALTHY, HEALTHY);
        assertThat(step.series().status()).isEqualTo(Status.FIRING);
        assertThat(run(BREACHING, BREACHING, HEALTHY, HEALTHY, BREACHING, HEALTHY, HEALTHY, HEALTHY).transition())
                .isEqualTo(Transition.RESOLVED);
    }

    @Test
    void noDataHoldsAFiringSeriesAndItsHealthyCount() {
        Step held = run(BREACHING, BREACHING, HEALTHY, NO_DATA, NO_DATA);
        assertThat(held.transition()).isEqualTo(Transition.NONE);
        assertThat(held.series().status()).isEqualTo(Status.FIRING);
        assertThat(held.series().healthy()).isEqualTo(1);
        assertThat(run(BREACHING, BREACHING, HEALTHY, NO_DATA, HEALTHY, HEALTHY).transition())
                .isEqualTo(Transition.RESOLVED);
    }

    @Test
    void aFiringSeriesWithoutDataForADayResolvesAsNoData() {
        Series firing = run(BREACHING, BREACHING).series();
        Instant lastData = T0.plus(MINUTE);
        assertThat(machine.next(firing, NO_DATA, lastData.plus(Duration.ofHours(24)).minusSeconds(1)).transition())
                .isEqualTo(Transition.NONE);
        Step step = machine.next(firing, NO_DATA, lastData.plus(Duration.ofHours(24)));
        assertThat(step.transition()).isEqualTo(Transition.RESOLVED_NO_DATA);
        assertThat(step.series().status()).isEqualTo(Status.RESOLVED);
    }

    @Test
    void aQuietSeriesStaysQuietWhenHealthyOrWithoutData() {
        assertThat(run(HEALTHY).transition()).isEqualTo(Transition.NONE);
        assertThat(run(HEALTHY).series().status()).isEqualTo(Status.INACTIVE);
        assertThat(run(NO_DATA).series().status()).isEqualTo(Status.INACTIVE);
        Series resolved = run(BREACHING, BREACHING, HEALTHY, HEALTHY, HEALTHY).series();
        assertThat(run(resolved, HEALTHY).transition()).isEqualTo(Transition.NONE);
        assertThat(run(resolved, NO_DATA).series().status()).isEqualTo(Status.RESOLVED);
    }

    @Test
    void aResolvedSeriesThatBreachesAgainIsPendingFirst() {
        Series resolved = run(BREACHING, BREACHING, HEALTHY, HEALTHY, HEALTHY).series();
        assertThat(run(resolved, BREACHING).transition()).isEqualTo(Transition.PENDING);
        assertThat(run(resolved, BREACHING, BREACHING).transition()).isEqualTo(Transition.FIRED);
    }

    @Test
    void withFireAfterOneAFirstBreachFiresAtOnce() {
        var immediate = new AlertStateMachine(1, 1, Duration.ofHours(1));
        Step fired = immediate.next(Series.inactive(), BREACHING, T0);
        assertThat(fired.transition()).isEqualTo(Transition.FIRED);
        assertThat(immediate.next(fired.series(), HEALTHY, T0.plus(MINUTE)).transition())
                .isEqualTo(Transition.RESOLVED);
    }
}
