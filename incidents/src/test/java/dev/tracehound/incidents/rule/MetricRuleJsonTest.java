package dev.tracehound.incidents.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.analytics.query.MetricAggregation;
import dev.tracehound.incidents.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Rules over metrics as JSON and as drafts: what is read, written back, and refused with which words. */
class MetricRuleJsonTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String RULE = """
            {"name": "Slow checkout", "window": "10m", "interval": "1m", "severity": "high",
             "query": {"signal": "metrics", "metric": "http.server.request.duration", "aggregation": "quantiles",
                       "quantile": 0.99, "service": "checkout", "filters": {"http.route": "/pay"},
                       "groupBy": ["resource.host.name"]},
             "condition": {"type": "threshold", "direction": "above", "value": 0.5}}""";

    @Test
    void aMetricRuleIsReadAndWrittenBackTheSame() {
        RuleDraft draft = RuleJson.draft(JSON.readTree(RULE));

        RuleQuery.Metrics expected = RuleQuery.Metrics.quantile("http.server.request.duration", 0.99)
                .ofService("checkout").where("http.route", "/pay").groupedBy("resource.host.name");
        assertThat(draft.query()).isEqualTo(expected);
        assertThat(draft.query().service()).contains("checkout");
        assertThat(draft.query().minVolume()).isZero();
        var written = RuleJson.json(draft.query());
        assertThat(written.get("signal").stringValue()).isEqualTo("metrics");
        assertThat(written.get("aggregation").stringValue()).isEqualTo("quantiles");
        assertThat(RuleJson.query(written)).isEqualTo(expected);

        RuleQuery rate = RuleJson.query(JSON.readTree("""
                {"signal": "metrics", "metric": "http.requests", "aggregation": "rate"}"""));
        assertThat(rate).isEqualTo(RuleQuery.Metrics.of("http.requests", MetricAggregation.RATE));
        assertThat(RuleJson.query(RuleJson.json(rate))).isEqualTo(rate);
    }

    @Test
    void aMetricQueryRefusesWhatItCannotMeasure() {
        assertThatThrownBy(() -> RuleJson.draft(JSON.readTree(
                RULE.replace("\"quantile\"", "\"measure\": \"p99\", \"quantile\""))))
                .isInstanceOf(InvalidRuleException.class)
                .hasMessageStartingWith("unknown field 'measure' in a metric query; its fields are [aggregation, filters,");
        assertThatThrownBy(() -> RuleJson.draft(JSON.readTree(RULE.replace("\"quantiles\"", "\"median\""))))
                .hasMessage("unknown aggregation 'median': use one of sum, avg, min, max, rate, quantiles");
        assertThatThrownBy(() -> RuleJson.draft(JSON.readTree(RULE.replace("\"quantile\": 0.99, ", ""))))
                .hasMessage("the aggregation quantiles needs the quantile to measure, such as 0.99 for p99");
        assertThatThrownBy(() -> RuleJson.draft(JSON.readTree(RULE.replace("\"quantiles\"", "\"avg\""))))
                .hasMessage("a quantile goes with the aggregation quantiles only, not with avg");
        assertThatThrownBy(() -> RuleJson.draft(JSON.readTree(RULE.replace("0.99", "99"))))
                .hasMessage("a quantile is strictly between 0 and 1 (0.99 for p99), was 99.0");
        assertThatThrownBy(() -> RuleJson.draft(JSON.readTree(
                RULE.replace("\"http.server.request.duration\"", "\" \""))))
                .hasMessage("a metric query's metric name must be a key of 1 to 200 characters, was ''");
        assertThatThrownBy(() -> RuleJson.draft(JSON.readTree(RULE.replace("[\"resource.host.name\"]",
                "[\"a\", \"b\", \"c\", \"d\"]")))).hasMessage("group by at most 3 dimensions, got 4");
        assertThatThrownBy(() -> RuleJson.query(JSON.readTree("{\"signal\": \"traces\"}")))
                .hasMessage("a query's signal is spans, logs or metrics, was 'traces'");
    }

    @Test
    void aNegativeRateThresholdIsNeverCrossed() {
        RuleQuery rate = RuleQuery.Metrics.of("http.requests", MetricAggregation.RATE);
        assertThatThrownBy(() -> new RuleDraft("r", rate, new Condition.Threshold(Condition.Direction.BELOW, -1),
                Duration.ofMinutes(5), Duration.ofMinutes(1), Severity.LOW, Map.of(), List.of(), false, true))
                .isInstanceOf(InvalidRuleException.class).hasMessageContaining("never crossed");
        RuleQuery gauge = RuleQuery.Metrics.of("temperature", MetricAggregation.MIN);
        assertThat(new RuleDraft("r", gauge, new Condition.Threshold(Condition.Direction.BELOW, -10),
                Duration.ofMinutes(5), Duration.ofMinutes(1), Severity.LOW, Map.of(), List.of(), false, true)
                .query()).isEqualTo(gauge);
    }
}
