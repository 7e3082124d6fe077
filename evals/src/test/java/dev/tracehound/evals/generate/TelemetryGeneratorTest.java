package dev.tracehound.evals.generate;

import static dev.tracehound.evals.generate.Collected.failed;
import static dev.tracehound.evals.generate.Collected.is;
import static dev.tracehound.evals.generate.Collected.minute;
import static dev.tracehound.evals.generate.Shop.shop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.evals.scenario.Fault;
import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.scenario.Selector;
import dev.tracehound.evals.scenario.TelemetrySpec;
import dev.tracehound.evals.scenario.TelemetrySpec.Call;
import dev.tracehound.evals.scenario.TelemetrySpec.Change;
import dev.tracehound.evals.scenario.TelemetrySpec.Entry;
import dev.tracehound.evals.scenario.TelemetrySpec.Operation;
import dev.tracehound.evals.scenario.TelemetrySpec.ServiceSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelemetryGeneratorTest {

    @Test
    void theSameScenarioAndProjectMakeTheSameRowsToTheByte() throws Exception {
        Scenario scenario = shop().withAssistant().ownErrors(0.02)
                .fault(new Fault("latency", Selector.service("payments"), 3, 20, 10, ""))
                .fault(new Fault("retries", Shop.orders(), 1.5, 30, 10, "timed out"))
                .fault(new Fault("outage", Selector.service("payments"), 1, 60, 5, ""))
                .scenario();

        String first = digest(scenario, "project-1");

        assertThat(digest(scenario, "project-1")).isEqualTo(first);
        assertThat(digest(shop().seed(8).withAssistant().scenario(), "project-1")).isNotEqualTo(first);
        assertThat(digest(scenario, "project-2")).isNotEqualTo(first);
    }

    @Test
    void requestsArriveOverTheWholeWindowAtTheRate() {
        Collected rows = Collected.generate(shop().scenario());

        List<SpanRow> roots = rows.spans(SpanRow::isRoot);
        assertThat(roots).hasSize(90 * 60);
        assertThat(rows.generated.traces()).isEqualTo(roots.size());
        assertThat(rows.generated.spans()).isEqualTo(rows.spans.size());
        assertThat(rows.generated.logs()).isEqualTo(rows.logs.size());
        for (int minute = 0; minute < 90; minute++) {
            int from = minute;
            assertThat(roots.stream().filter(root -> Collected.startsIn(root, from, from + 1)).count())
                    .as("requests in minute %d", minute).isEqualTo(60);
        }
        assertThat(rows.spans.stream().map(SpanRow::traceId).distinct()).allMatch(id -> id.matches("[0-9a-f]{32}"));
        assertThat(rows.spans.stream().map(SpanRow::spanId).distinct().count()).isEqualTo(rows.spans.size());
    }

    @Test
    void aCallToAServiceIsAClientSpanInTheCallerOverTheCalleesServerSpan() {
        Collected rows = Collected.generate(shop().scenario());
        Map<String, List<SpanRow>> children = rows.byParent();

        for (List<SpanRow> trace : rows.byTrace().values()) {
            SpanRow root = trace.stream().filter(SpanRow::isRoot).findFirst().orElseThrow();
            assertThat(root.kind()).isEqualTo(SpanKind.SERVER);
            assertThat(is(root, "frontend", "GET /checkout")).isTrue();
            assertThat(root.attributes()).containsEntry("http.request.method", "GET")
                    .containsEntry("http.route", "/checkout").containsEntry("http.response.status_code", "200");

            SpanRow client = only(children.get(root.spanId()), "POST /orders");
            assertThat(client.kind()).isEqualTo(SpanKind.CLIENT);
            assertThat(client.serviceName()).isEqualTo("frontend");
            assertThat(client.attributes()).containsEntry("peer.service", "checkout");

            SpanRow server = only(children.get(client.spanId()), "POST /orders");
            assertThat(server.kind()).isEqualTo(SpanKind.SERVER);
            assertThat(server.serviceName()).isEqualTo("checkout");
            assertThat(server.startTimeNanos()).isGreaterThanOrEqualTo(client.startTimeNanos());
            assertThat(server.endTimeNanos()).isLessThanOrEqualTo(client.endTimeNanos());

            List<SpanRow> calls = children.get(server.spanId());
            assertThat(calls).extracting(SpanRow::name).containsExactly("SELECT orders", "POST /charge");
            SpanRow database = calls.getFirst();
            assertThat(database.kind()).isEqualTo(SpanKind.CLIENT);
            assertThat(database.attributes()).containsEntry("db.system", "postgresql")
                    .containsKey("db.replica").doesNotContainKey("peer.service");
            assertThat(children.get(database.spanId())).isNull();
            assertThat(database.endTimeNanos()).isLessThanOrEqualTo(calls.get(1).startTimeNanos());
            assertThat(only(children.get(calls.get(1).spanId()), "POST /charge").serviceName()).isEqualTo("payments");

            long childTime = children.get(root.spanId()).stream().mapToLong(SpanRow::durationNanos).sum();
            assertThat(root.durationNanos()).isGreaterThan(childTime);
            assertThat(trace).hasSizeBetween(6, 7);
        }
        long withSession = rows.spans(span -> span.name().equals("GET session")).size();
        assertThat(withSession / (double) rows.generated.traces()).isCloseTo(0.5, within(0.05));
    }

    @Test
    void anInstanceCarriesItsResourceAndARequestStaysOnOneInstanceOfEachService() {
        Collected rows = Collected.generate(shop().scenario());

        for (SpanRow span : rows.spans(span -> span.serviceName().equals("checkout"))) {
            String instance = span.resourceAttributes().get("service.instance.id");
            int number = Integer.parseInt(instance.substring("checkout-".length()));
            assertThat(span.resourceAttributes()).containsEntry("service.name", "checkout")
                    .containsEntry("service.version", "1.0.0")
                    .containsEntry("cloud.availability_zone", List.of("a", "b", "c").get(number));
        }
        assertThat(rows.spans(span -> span.serviceName().equals("checkout")).stream()
                .map(span -> span.resourceAttributes().get("service.instance.id")).distinct())
                .containsExactlyInAnyOrder("checkout-0", "checkout-1", "checkout-2");
        for (List<SpanRow> trace : rows.byTrace().values()) {
            assertThat(trace.stream().filter(span -> span.serviceName().equals("checkout"))
                    .map(span -> span.resourceAttributes().get("service.instance.id")).distinct()).hasSize(1);
        }
        assertThat(rows.spans(span -> is(span, "checkout", "POST /orders")).stream()
                .map(span -> span.attributes().get("payment.provider")).distinct())
                .containsExactlyInAnyOrder("stripe_v2", "adyen", "stripe_v3");
    }

    @Test
    void aDeployFlipsTheServiceVersionAtItsMinuteAndFaultsCanSelectTheNewVersion() {
        Selector newVersion = Selector.service("checkout").where("resource", "service.version", "1.1.0");
        Collected rows = Collected.generate(shop()
                .change(new Change(Selector.service("checkout"), "service.version", "resource", "1.1.0", 45))
                .change(new Change(Shop.orders(), "feature.cart", "span", "new", 60))
                .fault(new Fault("errors", newVersion, 0.3, 0, 90, "NullPointerException in CartMerger"))
                .scenario());

        for (SpanRow span : rows.spans(span -> span.serviceName().equals("checkout"))) {
            String expected = minute(span) < 45 ? "1.0.0" : "1.1.0";
            assertThat(span.resourceAttributes()).containsEntry("service.version", expected);
        }
        assertThat(rows.spans(span -> span.serviceName().equals("payments")))
                .allMatch(span -> span.resourceAttributes().get("service.version").equals("2.4.1"));
        for (SpanRow order : rows.spans(span -> is(span, "checkout", "POST /orders"))) {
            assertThat(order.attributes().containsKey("feature.cart")).isEqualTo(minute(order) >= 60);
        }
        List<SpanRow> failedInCheckout = rows.spans(span -> failed(span) && span.serviceName().equals("checkout"));
        assertThat(failedInCheckout).isNotEmpty().allMatch(span -> minute(span) >= 45);
    }

    @Test
    void everyFailingSpanLogsItsErrorAndAFewSuccessfulRequestsLogThatTheyWereHandled() {
        Collected rows = Collected.generate(shop().ownErrors(0.01).scenario());

        List<LogRow> errors = rows.logs.stream().filter(log -> log.severityNumber() == 17).toList();
        List<SpanRow> failed = rows.spans(Collected::failed);
        assertThat(failed).isNotEmpty();
        assertThat(errors).hasSameSizeAs(failed);
        Map<String, SpanRow> byId = rows.byId();
        for (LogRow error : errors) {
            SpanRow span = byId.get(error.spanId());
            assertThat(span.statusCode()).isEqualTo(SpanRow.StatusCode.ERROR);
            assertThat(error.body()).isEqualTo(span.statusMessage());
            assertThat(error.traceId()).isEqualTo(span.traceId());
            assertThat(error.serviceName()).isEqualTo(span.serviceName());
            assertThat(error.resourceAttributes()).isEqualTo(span.resourceAttributes());
            assertThat(span.events()).singleElement().satisfies(event -> {
                assertThat(event.name()).isEqualTo("exception");
                assertThat(event.attributes()).containsEntry("exception.message", span.statusMessage());
            });
        }
        List<LogRow> handled = rows.logs.stream().filter(log -> log.severityNumber() == 9).toList();
        long servers = rows.spans(span -> span.kind() == SpanKind.SERVER && !failed(span)).size();
        assertThat(handled.size() / (double) servers).isCloseTo(0.05, within(0.01));
        assertThat(handled).allMatch(log -> log.body().matches("handled (GET|POST) /\\S+ in \\d+ ms"));
    }

    @Test
    void aCallGraphWithACycleStopsAtTheDepthLimit() {
        var ping = new ServiceSpec("ping", "1", 1, Map.of(), List.of(new Operation("GET /ping", "server", 1, 0, Map.of(),
                List.of(new Call("pong", "GET /pong", 1, Map.of())), null)));
        var pong = new ServiceSpec("pong", "1", 1, Map.of(), List.of(new Operation("GET /pong", "server", 1, 0, Map.of(),
                List.of(new Call("ping", "GET /ping", 1, Map.of())), null)));
        var scenario = new Scenario("ping-pong", "test", 1, List.of("easy"), "test", Shop.ANCHOR,
                new TelemetrySpec(10, 6, List.of(ping, pong), List.of(new Entry("ping", "GET /ping", 1)), null, null),
                shop().scenario().questions());

        Collected rows = Collected.generate(scenario);

        // The root, then a client and a server span per call, eight calls deep.
        assertThat(rows.byTrace().values()).allMatch(trace -> trace.size() == 1 + 2 * Requests.MAX_DEPTH);
    }

    @Test
    void aCallToAServiceTheScenarioLacksIsRefusedWithItsName() {
        var lonely = new ServiceSpec("lonely", "1", 1, Map.of(), List.of(new Operation("GET /", "server", 1, 0, Map.of(),
                List.of(new Call("ghost", "GET /boo", 1, Map.of())), null)));
        var scenario = new Scenario("lonely", "test", 1, List.of("easy"), "test", Shop.ANCHOR,
                new TelemetrySpec(10, 6, List.of(lonely), List.of(new Entry("lonely", "GET /", 1)), null, null),
                shop().scenario().questions());

        assertThatThrownBy(() -> Collected.generate(scenario)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ghost").hasMessageContaining("lonely");
    }

    @Test
    void aSuiteOfLongScenariosIsGeneratedInSeconds() {
        long started = System.nanoTime();
        long spans = 0;
        for (int seed = 0; seed < 15; seed++) {
            Scenario scenario = shop().seed(seed).withAssistant()
                    .fault(new Fault("errors", Shop.stripeV3(), 0.4, 50, 30, "card declined")).scenario();
            spans += TelemetryGenerator.generate(scenario, "project", TelemetrySink.discarding()).spans();
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(spans).isGreaterThan(15 * 5400 * 5L);
        // A tenth of the suite; the whole one, ten times this, must take well under a minute.
        assertThat(seconds).isLessThan(5);
    }

    private static SpanRow only(List<SpanRow> spans, String name) {
        assertThat(spans).isNotNull();
        List<SpanRow> named = spans.stream().filter(span -> span.name().equals(name)).toList();
        assertThat(named).hasSize(1);
        return named.getFirst();
    }

    private static String digest(Scenario scenario, String projectId) throws Exception {
        var sha = MessageDigest.getInstance("SHA-256");
        TelemetryGenerator.generate(scenario, projectId, new TelemetrySink() {
            @Override
            public void span(SpanRow span) {
                sha.update(span.toString().getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void log(LogRow log) {
                sha.update(log.toString().getBytes(StandardCharsets.UTF_8));
            }
        });
        return HexFormat.of().formatHex(sha.digest());
    }
}
