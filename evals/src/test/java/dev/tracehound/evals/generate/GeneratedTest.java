package dev.tracehound.evals.generate;

import static dev.tracehound.evals.generate.Collected.startsIn;
import static dev.tracehound.evals.generate.Shop.shop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tracehound.analytics.SpanRow;
import dev.tracehound.evals.scenario.Fact.Truth;
import dev.tracehound.evals.scenario.Fault;
import dev.tracehound.evals.scenario.Question;
import dev.tracehound.evals.scenario.Question.Evidence;
import dev.tracehound.evals.scenario.Selector;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GeneratedTest {

    private static final String DECLINED = "card declined: upstream 502";
    private static final Selector ZONE_B = Selector.service("checkout").where("resource", "cloud.availability_zone", "b");
    private static final Selector CHAT = Selector.operation("assistant", "chat");

    private static final List<Truth> TRUTHS = List.of(
            new Truth("count", Selector.service("checkout"), null, null),
            new Truth("errors", Shop.orders(), 30, 20),
            new Truth("error-rate", Shop.stripeV3(), 30, 20),
            new Truth("error-rate", Selector.service("frontend"), null, null),
            new Truth("p50", Selector.service("payments"), null, null),
            new Truth("p95", Shop.orders(), 20, 30),
            new Truth("p99", Selector.operation("frontend", "GET /checkout"), null, null),
            new Truth("p95", ZONE_B, 20, 30),
            new Truth("input-tokens", CHAT, null, null),
            new Truth("output-tokens", Selector.service("assistant"), 10, 20),
            new Truth("cost", CHAT.where("span", "gen_ai.request.model", "gpt-4o-mini"), null, null),
            new Truth("count", Selector.operation("assistant", "chat house-model-7"), 80, null));

    @Test
    void everyFigureAskedIsWhatARecountOfTheRowsGives() {
        Collected rows = Collected.generate(faulty().askingFor(TRUTHS.toArray(Truth[]::new)).scenario());

        for (Truth truth : TRUTHS) {
            List<SpanRow> spans = rows.spans(selecting(truth.where(), truth.fromMinute(), truth.forMinutes()));
            assertThat(spans).as(truth.describe()).isNotEmpty();
            assertThat(rows.generated.truth(truth)).as(truth.describe()).isCloseTo(recount(truth.measure(), spans),
                    within(1e-9));
        }
        assertThat(rows.generated.truth(TRUTHS.get(2))).isGreaterThan(0.3);
        assertThat(rows.generated.truth(TRUTHS.get(7))).isGreaterThan(2 * rows.generated.truth(TRUTHS.get(5)) / 3);
    }

    @Test
    void aFigureNoQuestionAsksForIsRefused() {
        Generated generated = TelemetryGenerator.generate(faulty().askingFor(TRUTHS.getFirst()).scenario(), "p",
                TelemetrySink.discarding());

        assertThatThrownBy(() -> generated.truth(TRUTHS.get(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no question");
    }

    @Test
    void evidenceOnAFaultsSelectorCountsOnlyTheTracesTheFaultChanged() {
        var faulted = new Evidence(true, Shop.stripeV3(), 30, 20);
        var elsewhere = new Evidence(true, Selector.service("payments"), 30, 20);
        var afterwards = new Evidence(true, Shop.stripeV3(), 60, 10);
        var anything = new Evidence(false, null, 0, 1);
        Collected rows = Collected.generate(faulty().asking(citing(faulted)).asking(citing(elsewhere))
                .asking(citing(afterwards)).asking(citing(anything)).scenario());

        Set<String> declined = tracesWith(rows, span -> selecting(Shop.stripeV3(), 30, 20).test(span)
                && span.statusMessage().equals(DECLINED));
        Set<String> stripeV3 = tracesWith(rows, selecting(Shop.stripeV3(), 30, 20));
        assertThat(rows.generated.evidenceTraces(faulted)).hasSizeGreaterThan(100).isEqualTo(declined);
        assertThat(stripeV3).hasSizeGreaterThan(declined.size() + 100);
        assertThat(rows.generated.evidenceTraces(elsewhere)).isEqualTo(tracesWith(rows,
                selecting(Selector.service("payments"), 30, 20)));
        assertThat(rows.generated.evidenceTraces(afterwards)).hasSizeGreaterThan(150)
                .isEqualTo(tracesWith(rows, selecting(Shop.stripeV3(), 60, 10)));
        assertThat(rows.generated.evidenceTraces(anything)).hasSize(60);
    }

    @Test
    void evidenceOnAServiceThatWasDownIsTheTracesWhoseCallsToItFailed() {
        var down = new Evidence(true, Selector.service("payments"), 55, 15);
        Collected rows = Collected.generate(shop().ownErrors(0.01)
                .fault(new Fault("outage", Selector.service("payments"), 1, 60, 5, "payments: no healthy upstream"))
                .asking(citing(down)).scenario());

        Set<String> failedCalls = tracesWith(rows, span -> span.name().equals("POST /charge")
                && span.statusMessage().equals("payments: no healthy upstream"));
        assertThat(rows.generated.evidenceTraces(down)).hasSizeGreaterThan(250).isEqualTo(failedCalls);
    }

    @Test
    void aQuestionAboutOneTraceMeansTheFirstTheFaultChangedOrElseTheFirstSelected() {
        Collected rows = Collected.generate(faulty().asking(aboutTrace(Shop.stripeV3()))
                .asking(aboutTrace(Selector.service("payments"))).asking(aboutTrace(Selector.service("nobody")))
                .scenario());

        List<String> inTimeOrder = rows.spans(SpanRow::isRoot).stream()
                .sorted(Comparator.comparingLong(SpanRow::startTimeNanos)).map(SpanRow::traceId).toList();
        Set<String> declined = tracesWith(rows, span -> Shop.stripeV3().service().equals(span.serviceName())
                && DECLINED.equals(span.statusMessage()) && span.name().equals("POST /orders")
                && span.kind() == SpanRow.SpanKind.SERVER);
        assertThat(rows.generated.traceFor(Shop.stripeV3()))
                .contains(inTimeOrder.stream().filter(declined::contains).findFirst().orElseThrow());
        assertThat(rows.generated.traceFor(Shop.stripeV3())).isNotEqualTo(Optional.of(inTimeOrder.getFirst()));
        Set<String> paid = tracesWith(rows, span -> span.serviceName().equals("payments"));
        assertThat(rows.generated.traceFor(Selector.service("payments")))
                .contains(inTimeOrder.stream().filter(paid::contains).findFirst().orElseThrow());
        assertThat(rows.generated.traceFor(Selector.service("nobody"))).isEmpty();
    }

    private static Shop faulty() {
        return shop().withAssistant().ownErrors(0.01)
                .fault(new Fault("errors", Shop.stripeV3(), 0.4, 30, 20, DECLINED))
                .fault(new Fault("latency", ZONE_B, 3, 20, 30, ""))
                .fault(new Fault("tokens", CHAT, 3, 40, 10, ""));
    }

    private static Question citing(Evidence evidence) {
        return new Question("Which traces show it?", "incident", null, null, null, evidence, null);
    }

    private static Question aboutTrace(Selector selector) {
        return new Question("Explain trace {trace}", "trace", null, null, null, null, selector);
    }

    private static Set<String> tracesWith(Collected rows, Predicate<SpanRow> which) {
        return rows.spans(which).stream().map(SpanRow::traceId).collect(Collectors.toSet());
    }

    /** The spans a selector selects, written apart from the generator's own matching. */
    private static Predicate<SpanRow> selecting(Selector selector, Integer fromMinute, Integer forMinutes) {
        return span -> {
            if (fromMinute == null ? !startsIn(span, 0, 90) : !startsIn(span, fromMinute,
                    forMinutes == null ? 90 : fromMinute + forMinutes)) {
                return false;
            }
            if (selector == null) {
                return true;
            }
            boolean named = selector.operation() == null || selector.operation().equals(span.name())
                    || selector.operation().equals(span.attributes().get("gen_ai.operation.name"));
            Map<String, String> where = "resource".equals(selector.scope()) ? span.resourceAttributes() : span.attributes();
            return selector.service().equals(span.serviceName()) && named
                    && (selector.key() == null || selector.value().equals(where.get(selector.key())));
        };
    }

    private static double recount(String measure, List<SpanRow> spans) {
        long errors = spans.stream().filter(Collected::failed).count();
        List<Long> durations = spans.stream().map(SpanRow::durationNanos).sorted().toList();
        return switch (measure) {
            case "count" -> spans.size();
            case "errors" -> errors;
            case "error-rate" -> errors / (double) spans.size();
            case "p50" -> nearestRank(durations, 50);
            case "p95" -> nearestRank(durations, 95);
            case "p99" -> nearestRank(durations, 99);
            case "input-tokens" -> spans.stream().mapToLong(span -> span.llm().inputTokens()).sum();
            case "output-tokens" -> spans.stream().mapToLong(span -> span.llm().outputTokens()).sum();
            case "cost" -> spans.stream().mapToDouble(span -> span.llm().costUsd()).sum();
            default -> throw new IllegalArgumentException(measure);
        };
    }

    private static double nearestRank(List<Long> sorted, int percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
        return sorted.get(rank - 1) / 1e6;
    }
}
