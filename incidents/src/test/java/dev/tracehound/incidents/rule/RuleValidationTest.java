package dev.tracehound.incidents.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.incidents.Severity;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RuleValidationTest {

    private static final RuleQuery P99 = RuleQuery.Spans.of(RuleQuery.Measure.P99);
    private static final Condition ABOVE_500 = new Condition.Threshold(Condition.Direction.ABOVE, 500);

    private static RuleDraft draft(RuleQuery query, Condition condition, Duration window, Duration interval,
            Map<String, String> labels) {
        return new RuleDraft("r", query, condition, window, interval, Severity.LOW, labels, List.of(), false, true);
    }

    private static RuleDraft draft(Duration window, Duration interval) {
        return draft(P99, ABOVE_500, window, interval, Map.of());
    }

    @Test
    void windowsAreAMinuteToADayAndIntervalsHalfAMinuteToAnHour() {
        assertThat(draft(Duration.ofMinutes(1), Duration.ofSeconds(30)).window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(draft(Duration.ofHours(24), Duration.ofHours(1)).interval()).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> draft(Duration.ofSeconds(59), Duration.ofMinutes(1)))
                .isInstanceOf(InvalidRuleException.class).hasMessage("the window is 1m to 24h, was 59s");
        assertThatThrownBy(() -> draft(Duration.ofHours(25), Duration.ofMinutes(1)))
                .hasMessage("the window is 1m to 24h, was 25h");
        assertThatThrownBy(() -> draft(Duration.ofMinutes(5), Duration.ofSeconds(10)))
                .hasMessage("the interval is 30s to 1h, was 10s");
        assertThatThrownBy(() -> draft(Duration.ofMinutes(5), Duration.ofMinutes(61)))
                .hasMessage("the interval is 30s to 1h, was 1h1m");
        assertThatThrownBy(() -> draft(null, Duration.ofMinutes(1))).hasMessage("the window is 1m to 24h, was missing");
    }

    @Test
    void labelKeysAreLowerCaseIdentifiersAndAlertnameAndServiceAreTheRules() {
        Function<Map<String, String>, RuleDraft> withLabels =
                labels -> draft(P99, ABOVE_500, Duration.ofMinutes(5), Duration.ofMinutes(1), labels);

        assertThat(withLabels.apply(Map.of("team_2", "x", "_tier", "1")).labels()).hasSize(2);
        for (String bad : List.of("Team", "2team", "team-a", "team.a", "")) {
            assertThatThrownBy(() -> withLabels.apply(Map.of(bad, "x"))).isInstanceOf(InvalidRuleException.class)
                    .hasMessageContaining("[a-z_][a-z0-9_]*").hasMessageContaining("'" + bad + "'");
        }
        assertThatThrownBy(() -> withLabels.apply(Map.of("alertname", "x"))).hasMessageContaining("set by the rule");
        assertThatThrownBy(() -> withLabels.apply(Collections.singletonMap("team", null)))
                .hasMessageContaining("needs a value");
    }

    @Test
    void queriesAreCheckedForWhatTheyMeasureAndHowTheyGroup() {
        assertThatThrownBy(() -> new RuleQuery.Spans(RuleQuery.Measure.ATTRIBUTE_P99, Optional.empty(),
                Optional.empty(), Map.of(), List.of(), 10)).isInstanceOf(InvalidRuleException.class)
                .hasMessage("the measure attribute_p99 needs the attribute to measure");
        assertThatThrownBy(() -> new RuleQuery.Spans(RuleQuery.Measure.P99, Optional.of("app.amount"),
                Optional.empty(), Map.of(), List.of(), 10))
                .hasMessageContaining("an attribute is measured only by attribute_avg or attribute_p99");
        assertThatThrownBy(() -> ((RuleQuery.Spans) P99).groupedBy("a", "b", "c", "d"))
                .hasMessage("group by at most 3 dimensions, got 4");
        assertThatThrownBy(() -> ((RuleQuery.Spans) P99).groupedBy("name", "name"))
                .hasMessage("'name' is grouped by twice; name it once");
        assertThatThrownBy(() -> ((RuleQuery.Spans) P99).withMinVolume(-1)).hasMessageContaining("minimum volume");
        assertThatThrownBy(() -> new RuleQuery.Logs(Optional.empty(), Optional.of(30), Optional.empty(), false))
                .hasMessageContaining("1 to 24");
        assertThat(RuleQuery.Spans.of(RuleQuery.Measure.COUNT).minVolume()).as("counts need no volume").isZero();
        assertThat(RuleQuery.Spans.of(RuleQuery.Measure.ERROR_RATE).minVolume()).isEqualTo(10);
        RuleQuery.Spans twenty = RuleQuery.Spans.of(RuleQuery.Measure.COUNT);
        for (int i = 0; i < 20; i++) {
            twenty = twenty.where("k" + i, "v");
        }
        RuleQuery.Spans full = twenty;
        assertThatThrownBy(() -> full.where("k20", "v")).hasMessage("at most 20 attribute filters, got 21");
    }

    @Test
    void thresholdsAMeasureCannotCrossAreRefused() {
        RuleQuery errorRate = RuleQuery.Spans.of(RuleQuery.Measure.ERROR_RATE);
        assertThatThrownBy(() -> draft(errorRate, new Condition.Threshold(Condition.Direction.ABOVE, 5),
                Duration.ofMinutes(5), Duration.ofMinutes(1), Map.of()))
                .hasMessageContaining("an error rate is 0 to 1 (0.05 for 5%)");
        assertThatThrownBy(() -> draft(P99, new Condition.Threshold(Condition.Direction.BELOW, -1),
                Duration.ofMinutes(5), Duration.ofMinutes(1), Map.of())).hasMessageContaining("never negative");
        assertThatThrownBy(() -> new Condition.Change(Condition.Direction.ABOVE, Condition.Baseline.dayBefore(), 0.5, 0))
                .hasMessageContaining("factor is 1 to 1000");
        assertThatThrownBy(() -> Condition.Baseline.trailingHours(73)).hasMessageContaining("1 to 72 whole hours");
    }

    @Test
    void conditionsBreachAsWritten() {
        var above = new Condition.Change(Condition.Direction.ABOVE, Condition.Baseline.dayBefore(), 1.5, 10);
        assertThat(above.breaches(160, 100)).isTrue();
        assertThat(above.breaches(150, 100)).as("not above 100 × 1.5").isFalse();
        assertThat(above.breaches(16, 10)).as("above × 1.5 but by less than 10").isFalse();
        var below = new Condition.Change(Condition.Direction.BELOW, Condition.Baseline.weekBefore(), 2, 0);
        assertThat(below.breaches(40, 100)).isTrue();
        assertThat(below.breaches(50, 100)).isFalse();
        assertThat(new Condition.Threshold(Condition.Direction.BELOW, 3).breaches(2, 3)).isTrue();
        assertThat(new Condition.Threshold(Condition.Direction.ABOVE, 3).breaches(3, 3)).isFalse();
    }

    @Test
    void jsonSaysWhichFieldIsWrong() {
        var json = JsonMapper.builder().build();
        String valid = """
                {"name": "n", "window": "5m", "interval": "1m", "severity": "low",
                 "query": {"signal": "spans", "measure": "p99"},
                 "condition": {"type": "threshold", "direction": "above", "value": 500}}""";
        assertThat(RuleJson.draft(json.readTree(valid)).query()).isEqualTo(P99);
        assertThatThrownBy(() -> RuleJson.draft(json.readTree(valid.replace("\"p99\"", "\"p98\""))))
                .isInstanceOf(InvalidRuleException.class).hasMessageContaining("unknown measure 'p98'")
                .hasMessageContaining("error_rate, count, p50");
        assertThatThrownBy(() -> RuleJson.draft(json.readTree(valid.replace("\"measure\"", "\"group_by\": [], \"measure\""))))
                .hasMessageContaining("unknown field 'group_by' in a span query");
        assertThatThrownBy(() -> RuleJson.draft(json.readTree(valid.replace("\"5m\"", "\"five minutes\""))))
                .hasMessageContaining("'five minutes' is not a duration");
        assertThatThrownBy(() -> RuleJson.draft(json.readTree(valid.replace("500", "\"500\""))))
                .hasMessage("'value' must be a number");
        assertThatThrownBy(() -> RuleJson.draft(json.readTree(valid.replace("\"low\"", "\"urgent\""))))
                .hasMessageContaining("unknown severity 'urgent'");
        assertThatThrownBy(() -> RuleJson.draft(json.readTree(valid.replace("\"threshold\"", "\"change\""))))
                .hasMessageContaining("unknown field 'value' in a change");
        assertThat(RuleJson.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(RuleJson.parseDuration("PT45S")).isEqualTo(Duration.ofSeconds(45));
        assertThat(RuleJson.duration(Duration.ofSeconds(3630))).isEqualTo("1h30s");
        assertThat(RuleJson.channels(json.readTree("[\"" + UUID.randomUUID() + "\"]"))).hasSize(1);
    }
}
