package dev.tracehound.evals.generate;

import dev.tracehound.evals.scenario.Fact;
import dev.tracehound.evals.scenario.Fault;
import dev.tracehound.evals.scenario.Question;
import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.scenario.Selector;
import dev.tracehound.evals.scenario.TelemetrySpec;
import dev.tracehound.evals.scenario.TelemetrySpec.Call;
import dev.tracehound.evals.scenario.TelemetrySpec.Change;
import dev.tracehound.evals.scenario.TelemetrySpec.Entry;
import dev.tracehound.evals.scenario.TelemetrySpec.Llm;
import dev.tracehound.evals.scenario.TelemetrySpec.Operation;
import dev.tracehound.evals.scenario.TelemetrySpec.ServiceSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Small scenarios for the tests: a shop (frontend, checkout in three zones, payments, a
 * database and a cache nobody instrumented) and an assistant calling a model, with no errors of
 * their own unless asked, so whatever fails was made to.
 */
final class Shop {

    static final Instant ANCHOR = Instant.parse("2026-03-02T14:00:00Z");
    static final Instant START = ANCHOR.minusSeconds(90 * 60);

    private final List<Change> changes = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private final List<Question> questions = new ArrayList<>();
    private long seed = 7;
    private double ownErrorRate;
    private boolean assistant;

    static Shop shop() {
        return new Shop();
    }

    Shop seed(long value) {
        seed = value;
        return this;
    }

    /** Every operation fails on its own this often. */
    Shop ownErrors(double rate) {
        ownErrorRate = rate;
        return this;
    }

    /** Adds the assistant: a second entry, whose requests call a model. */
    Shop withAssistant() {
        assistant = true;
        return this;
    }

    Shop change(Change change) {
        changes.add(change);
        return this;
    }

    Shop fault(Fault fault) {
        faults.add(fault);
        return this;
    }

    Shop asking(Question question) {
        questions.add(question);
        return this;
    }

    Shop askingFor(Fact.Truth... truths) {
        return asking(new Question("What are the figures?", "health",
                List.of(truths).stream().map(truth -> Fact.number(truth, 0.1)).toList(), null, null, null, null));
    }

    Scenario scenario() {
        var frontend = new ServiceSpec("frontend", "3.1.0", 1, Map.of(), List.of(
                new Operation("GET /checkout", "server", 20, ownErrorRate, Map.of(), List.of(
                        new Call("checkout", "POST /orders", 1, Map.of()),
                        new Call(null, "GET session", 0.5, Map.of("db.system", List.of("redis")))), null)));
        var checkout = new ServiceSpec("checkout", "1.0.0", 3, Map.of("cloud.availability_zone", List.of("a", "b", "c")),
                List.of(new Operation("POST /orders", "server", 30, ownErrorRate,
                        Map.of("payment.provider", List.of("stripe_v2", "adyen", "stripe_v3")), List.of(
                                new Call(null, "SELECT orders", 1, Map.of("db.system", List.of("postgresql"),
                                        "db.replica", List.of("replica-1", "replica-2"))),
                                new Call("payments", "POST /charge", 1, Map.of())), null)));
        var payments = new ServiceSpec("payments", "2.4.1", 2, Map.of("host.name", List.of("pay-1", "pay-2")),
                List.of(new Operation("POST /charge", "server", 40, ownErrorRate, Map.of(), List.of(), null)));
        var services = new ArrayList<>(List.of(frontend, checkout, payments));
        var entries = new ArrayList<>(List.of(new Entry("frontend", "GET /checkout", 3)));
        if (assistant) {
            services.add(new ServiceSpec("assistant", "0.9.0", 2, Map.of(), List.of(
                    new Operation("POST /ask", "server", 15, ownErrorRate, Map.of(),
                            List.of(new Call("assistant", "chat", 1, Map.of())), null),
                    new Operation("chat", "client", 600, ownErrorRate, Map.of("prompt.version", List.of("v1")),
                            List.of(), new Llm("openai", List.of("gpt-4o-mini", "house-model-7"), 1000, 200)))));
            entries.add(new Entry("assistant", "POST /ask", 1));
        }
        var telemetry = new TelemetrySpec(90, 60, services, entries, changes, faults);
        var asked = questions.isEmpty()
                ? List.of(new Question("Is the shop healthy?", "health", null, null, null, null, null))
                : questions;
        return new Scenario("shop-" + seed, "test", seed, List.of("easy"), "test", ANCHOR, telemetry, asked);
    }

    static Selector orders() {
        return Selector.operation("checkout", "POST /orders");
    }

    static Selector stripeV3() {
        return orders().where("span", "payment.provider", "stripe_v3");
    }
}
