package dev.tracehound.evals.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.scenario.TelemetrySpec;
import dev.tracehound.evals.scenario.TelemetrySpec.Call;
import dev.tracehound.evals.scenario.TelemetrySpec.Entry;
import dev.tracehound.evals.scenario.TelemetrySpec.Operation;
import dev.tracehound.platform.pricing.ModelPrices;
import dev.tracehound.platform.pricing.TokenCounts;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What the answers claim is true by construction, not by luck of the draw: the slowest
 * endpoint is slowest by far, the dear model costs most, the top tenant dominates; and no
 * scenario is too big to generate and store quickly.
 */
class ConstructionTest {

    /** An uninstrumented database answers in milliseconds, anything else in tens (the generator's choice). */
    private static final double DATABASE_MS = 4;
    private static final double DEPENDENCY_MS = 25;

    @Test
    void noScenarioMakesMuchMoreThan40kSpans() {
        for (Scenario scenario : SuiteTest.SUITE) {
            var spec = scenario.telemetry();
            double total = spec.entries().stream().mapToDouble(Entry::weight).sum();
            double perRequest = spec.entries().stream()
                    .mapToDouble(e -> e.weight() / total * spans(spec, e.service(), e.operation())).sum();
            assertThat(perRequest * spec.requestsPerMinute() * spec.minutes()).as(scenario.name()).isLessThan(45_000);
        }
    }

    @Test
    void theSlowestEndpointTakesAtLeastTwiceAsLongAsTheNext() {
        for (Scenario scenario : of("slowest")) {
            var spec = scenario.telemetry();
            String edge = spec.entries().getFirst().service();
            Map<String, Double> byRoute = spec.entries().stream().collect(Collectors.toMap(Entry::operation,
                    e -> median(spec, edge, e.operation())));
            var ranked = byRoute.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).toList();
            assertThat(ranked.get(0).getValue()).as(scenario.name()).isGreaterThan(2 * ranked.get(1).getValue());
            assertThat(scenario.questions().getFirst().mustContain().getFirst().anyOf()).as(scenario.name())
                    .contains(ranked.get(0).getKey());
        }
    }

    @Test
    void theDearModelCostsAtLeastTwiceWhatItsSiblingDoes() {
        var prices = ModelPrices.builtIn();
        for (Scenario scenario : of("llm-usage")) {
            var calls = scenario.telemetry().services().stream().flatMap(s -> s.operations().stream())
                    .flatMap(op -> op.calls().stream()).filter(call -> call.operation().startsWith("chat ")).toList();
            var llms = scenario.telemetry().services().stream().flatMap(s -> s.operations().stream())
                    .filter(op -> op.llm() != null).toList();
            var costs = llms.stream().collect(Collectors.toMap(op -> op.llm().models().getFirst(), op -> {
                double perCall = prices.priceOf(op.llm().models().getFirst()).orElseThrow()
                        .cost(TokenCounts.of(op.llm().inputTokens(), op.llm().outputTokens())).doubleValue();
                double probability = calls.stream().filter(c -> c.operation().equals(op.name()))
                        .mapToDouble(Call::probability).sum();
                return perCall * probability;
            }));
            var ranked = costs.values().stream().sorted(Comparator.reverseOrder()).toList();
            assertThat(ranked).as(scenario.name()).hasSize(2);
            assertThat(ranked.get(0)).as(scenario.name()).isGreaterThan(2 * ranked.get(1));
        }
    }

    @Test
    void theBusiestTenantSendsAtLeastTwiceWhatAnyOtherDoes() {
        for (Scenario scenario : of("top-tenant")) {
            if (!scenario.difficulty().equals("easy")) {
                continue;
            }
            String fact = scenario.questions().getFirst().mustContain().getFirst().anyOf().getFirst();
            String key = fact.substring(0, fact.indexOf('='));
            String top = fact.substring(fact.indexOf('=') + 1);
            var lists = scenario.telemetry().services().getFirst().operations().stream()
                    .map(op -> op.attributes().getOrDefault(key, List.of()))
                    .filter(values -> Collections.frequency(values, top) > 1).toList();
            assertThat(lists).as(scenario.name()).hasSize(1);
            var values = lists.getFirst();
            long topCount = Collections.frequency(values, top);
            assertThat(values.stream().filter(v -> !v.equals(top)).distinct())
                    .allSatisfy(other -> assertThat(topCount).isGreaterThanOrEqualTo(2L * Collections.frequency(values, other)));
        }
    }

    private static List<Scenario> of(String category) {
        var scenarios = SuiteTest.SUITE.stream().filter(s -> s.category().equals(category)).toList();
        assertThat(scenarios).isNotEmpty();
        return scenarios;
    }

    private static Operation operation(TelemetrySpec spec, String service, String name) {
        return spec.services().stream().filter(s -> s.name().equals(service)).flatMap(s -> s.operations().stream())
                .filter(op -> op.name().equals(name)).findFirst().orElseThrow();
    }

    /** An operation's spans, its calls' included: a client span per call, and the callee's. */
    private static double spans(TelemetrySpec spec, String service, String name) {
        double spans = 1;
        for (Call call : operation(spec, service, name).calls()) {
            spans += call.probability() * (1 + (call.toInstrumentedService() ? spans(spec, call.service(), call.operation()) : 0));
        }
        return spans;
    }

    /** An operation's typical time: its own, and its calls' one after the other. */
    private static double median(TelemetrySpec spec, String service, String name) {
        var op = operation(spec, service, name);
        double ms = op.latencyMs();
        for (Call call : op.calls()) {
            double callee = call.toInstrumentedService() ? median(spec, call.service(), call.operation())
                    : call.attributes().containsKey("db.system") ? DATABASE_MS : DEPENDENCY_MS;
            ms += call.probability() * callee;
        }
        return ms;
    }
}
