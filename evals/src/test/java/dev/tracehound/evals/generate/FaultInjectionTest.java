package dev.tracehound.evals.generate;

import static dev.tracehound.evals.generate.Collected.failed;
import static dev.tracehound.evals.generate.Collected.is;
import static dev.tracehound.evals.generate.Collected.minute;
import static dev.tracehound.evals.generate.Collected.startsIn;
import static dev.tracehound.evals.generate.Shop.shop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.evals.scenario.Fault;
import dev.tracehound.evals.scenario.Selector;
import dev.tracehound.platform.pricing.ModelPrices;
import dev.tracehound.platform.pricing.TokenCounts;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

    private static final String DECLINED = "card declined: upstream 502";

    @Test
    void anErrorsFaultFailsThatShareOfTheSelectedSpansDuringItsMinutesOnlyAndTheirCallersWithThem() {
        Collected rows = Collected.generate(shop().fault(new Fault("errors", Shop.stripeV3(), 0.5, 30, 20, DECLINED))
                .scenario());

        List<SpanRow> selected = rows.spans(span -> is(span, "checkout", "POST /orders") && startsIn(span, 30, 50)
                && "stripe_v3".equals(span.attributes().get("payment.provider")));
        assertThat(selected).hasSizeGreaterThan(300);
        double rate = selected.stream().filter(Collected::failed).count() / (double) selected.size();
        assertThat(rate).isCloseTo(0.5, within(0.08));

        Set<String> failedOrders = rows.spans(span -> failed(span) && is(span, "checkout", "POST /orders")).stream()
                .map(SpanRow::spanId).collect(Collectors.toSet());
        assertThat(selected.stream().filter(Collected::failed).map(SpanRow::spanId)).containsExactlyInAnyOrderElementsOf(
                failedOrders);
        Map<String, SpanRow> byId = rows.byId();
        Set<String> failingTraces = new HashSet<>();
        for (SpanRow span : rows.spans(Collected::failed)) {
            assertThat(span.statusMessage()).isEqualTo(DECLINED);
            assertThat(failedOrders.contains(span.spanId()) || leadsTo(span, failedOrders, byId, rows.byParent()))
                    .as("%s %s fails only as the caller of a declined order", span.serviceName(), span.name()).isTrue();
            failingTraces.add(span.traceId());
        }
        for (SpanRow root : rows.spans(SpanRow::isRoot)) {
            assertThat(failed(root)).isEqualTo(failingTraces.contains(root.traceId()));
        }
        assertThat(rows.spans(span -> span.serviceName().equals("payments"))).noneMatch(Collected::failed);
        assertThat(rows.spans(span -> failed(span) && span.name().equals("POST /orders")
                && span.kind() == SpanKind.CLIENT)).hasSameSizeAs(failedOrders);
        assertThat(rows.logs.stream().filter(log -> log.severityNumber() == 17).map(LogRow::body))
                .hasSize(rows.spans(Collected::failed).size()).containsOnly(DECLINED);
    }

    @Test
    void aLatencyFaultOnAZoneSlowsThatZonesInstancesOnlyAndTheirCallersByAsMuch() {
        Selector zoneB = Selector.service("checkout").where("resource", "cloud.availability_zone", "b");
        Map<String, SpanRow> before = Collected.generate(shop().scenario()).byId();
        Collected rows = Collected.generate(shop().fault(new Fault("latency", zoneB, 3, 20, 30, "")).scenario());

        int slowed = 0;
        int grown = 0;
        for (SpanRow span : rows.spans) {
            SpanRow baseline = before.get(span.spanId());
            assertThat(baseline).as("the same span without the fault").isNotNull();
            boolean selected = span.serviceName().equals("checkout") && startsIn(span, 20, 50)
                    && span.resourceAttributes().get("cloud.availability_zone").equals("b");
            if (selected) {
                assertThat(span.durationNanos()).isCloseTo(3 * baseline.durationNanos(), within(1L));
                slowed++;
            } else if (span.serviceName().equals("frontend") && !span.name().equals("GET session")
                    && span.durationNanos() != baseline.durationNanos()) {
                assertThat(span.durationNanos()).isGreaterThan(baseline.durationNanos());
                grown++;
            } else {
                assertThat(span.durationNanos()).as("%s %s at minute %.2f", span.serviceName(), span.name(),
                        minute(span)).isEqualTo(baseline.durationNanos());
            }
        }
        assertThat(slowed).isGreaterThan(1000);
        // Each trace through zone b in those minutes grew by what its checkout spans added: root and client span.
        assertThat(grown).isBetween(2 * 550, 2 * 650);
    }

    @Test
    void anOutageLeavesTheServiceWithoutSpansAndFailsTheCallsToIt() {
        Collected rows = Collected.generate(shop().fault(new Fault("outage", Selector.service("payments"), 1, 30, 10, ""))
                .scenario());

        assertThat(rows.spans(span -> span.serviceName().equals("payments") && startsIn(span, 30, 40))).isEmpty();
        assertThat(rows.spans(span -> span.serviceName().equals("payments") && startsIn(span, 0, 30))).isNotEmpty();
        assertThat(rows.spans(span -> span.serviceName().equals("payments") && startsIn(span, 40, 90))).isNotEmpty();
        Map<String, List<SpanRow>> children = rows.byParent();
        List<SpanRow> calls = rows.spans(span -> is(span, "checkout", "POST /charge") && startsIn(span, 30, 40));
        assertThat(calls).hasSizeGreaterThan(500).allSatisfy(call -> {
            assertThat(call.statusCode()).isEqualTo(SpanRow.StatusCode.ERROR);
            assertThat(call.statusMessage()).isEqualTo("payments unavailable: connection refused");
            assertThat(children.get(call.spanId())).isNull();
        });
        Set<String> brokenTraces = calls.stream().map(SpanRow::traceId).collect(Collectors.toSet());
        assertThat(rows.spans(SpanRow::isRoot)).filteredOn(root -> brokenTraces.contains(root.traceId()))
                .hasSize(calls.size()).allMatch(Collected::failed);
        assertThat(rows.spans(span -> is(span, "checkout", "POST /charge") && !startsIn(span, 30, 40)))
                .noneMatch(Collected::failed);
    }

    @Test
    void aTokensFaultMultipliesTheInputTokensOfTheSelectedModelCallsAndTheirCost() {
        Selector mini = Selector.operation("assistant", "chat").where("span", "gen_ai.request.model", "gpt-4o-mini");
        Collected rows = Collected.generate(shop().withAssistant().fault(new Fault("tokens", mini, 4, 20, 20, ""))
                .scenario());

        List<SpanRow> calls = rows.spans(span -> span.llm().inputTokens() > 0);
        assertThat(calls).hasSizeGreaterThan(1000).allSatisfy(call -> {
            String model = call.attributes().get("gen_ai.request.model");
            assertThat(call.kind()).isEqualTo(SpanKind.CLIENT);
            assertThat(call.name()).isEqualTo("chat " + model);
            assertThat(call.attributes()).containsEntry("gen_ai.system", "openai")
                    .containsEntry("gen_ai.operation.name", "chat")
                    .containsEntry("gen_ai.usage.input_tokens", Long.toString(call.llm().inputTokens()))
                    .containsEntry("gen_ai.usage.output_tokens", Long.toString(call.llm().outputTokens()));
            assertThat(call.llm().model()).isEqualTo(model);
            assertThat(call.llm().outputTokens()).isBetween(140L, 260L);
            boolean blown = model.equals("gpt-4o-mini") && startsIn(call, 20, 40);
            assertThat(call.llm().inputTokens()).isBetween(blown ? 2800L : 700L, blown ? 5200L : 1300L);
            double price = ModelPrices.builtIn().cost(model, TokenCounts.of(call.llm().inputTokens(),
                    call.llm().outputTokens())).map(Number::doubleValue).orElse(0.0);
            assertThat(call.llm().costUsd()).isEqualTo(price);
        });
        assertThat(calls).filteredOn(call -> call.llm().model().equals("gpt-4o-mini"))
                .allMatch(call -> call.llm().costUsd() > 0);
        assertThat(calls).filteredOn(call -> call.llm().model().equals("house-model-7"))
                .isNotEmpty().allMatch(call -> call.llm().costUsd() == 0);
    }

    @Test
    void aRetriedDependencyShowsItsFailedTriesBeforeTheOneThatAnswered() {
        String timeout = "canceling statement due to statement timeout";
        Collected rows = Collected.generate(shop()
                .fault(new Fault("retries", Selector.operation("checkout", "SELECT orders"), 2, 40, 10, timeout))
                .scenario());

        Map<String, List<SpanRow>> children = rows.byParent();
        int retried = 0;
        for (SpanRow order : rows.spans(span -> is(span, "checkout", "POST /orders"))) {
            List<SpanRow> tries = children.get(order.spanId()).stream().filter(span -> span.name().equals("SELECT orders"))
                    .sorted(Comparator.comparingLong(SpanRow::startTimeNanos)).toList();
            if (!startsIn(tries.getFirst(), 40, 50)) {
                assertThat(tries).singleElement().matches(only -> !failed(only));
                continue;
            }
            retried++;
            assertThat(tries).hasSize(3);
            assertThat(tries.subList(0, 2)).allMatch(Collected::failed).allMatch(t -> t.statusMessage().equals(timeout));
            assertThat(failed(tries.get(2))).isFalse();
            assertThat(tries.get(1).startTimeNanos()).isGreaterThanOrEqualTo(tries.get(0).endTimeNanos());
            assertThat(tries.get(2).startTimeNanos()).isGreaterThanOrEqualTo(tries.get(1).endTimeNanos());
            long tried = tries.stream().mapToLong(SpanRow::durationNanos).sum();
            assertThat(order.durationNanos()).isGreaterThan(tried);
            assertThat(failed(order)).isFalse();
        }
        assertThat(retried).isBetween(590, 610);
        assertThat(rows.spans(SpanRow::isRoot)).noneMatch(Collected::failed);
    }

    @Test
    void aRetriedCallToAServiceIsSelectedByTheCalleeAndItsLastTryReachesIt() {
        Collected rows = Collected.generate(shop()
                .fault(new Fault("retries", Selector.operation("payments", "POST /charge"), 1, 10, 10, "")).scenario());

        Map<String, List<SpanRow>> children = rows.byParent();
        List<SpanRow> orders = rows.spans(span -> is(span, "checkout", "POST /orders") && startsIn(span, 11, 19));
        assertThat(orders).hasSizeGreaterThan(400).allSatisfy(order -> {
            List<SpanRow> charges = children.get(order.spanId()).stream()
                    .filter(span -> span.name().equals("POST /charge")).toList();
            assertThat(charges).hasSize(2);
            assertThat(charges.get(0).statusCode()).isEqualTo(SpanRow.StatusCode.ERROR);
            assertThat(charges.get(0).statusMessage()).contains("timed out");
            assertThat(children.get(charges.get(0).spanId())).isNull();
            assertThat(children.get(charges.get(1).spanId())).singleElement()
                    .matches(answer -> answer.serviceName().equals("payments"));
        });
    }

    /** Whether a failing span is an ancestor of one of the failing spans named. */
    private static boolean leadsTo(SpanRow span, Set<String> targets, Map<String, SpanRow> byId,
            Map<String, List<SpanRow>> children) {
        for (SpanRow child : children.getOrDefault(span.spanId(), List.of())) {
            if (failed(child) && (targets.contains(child.spanId()) || leadsTo(child, targets, byId, children))) {
                return true;
            }
        }
        return false;
    }
}
