package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.Fact;
import dev.tracehound.evals.scenario.Fault;
import dev.tracehound.evals.scenario.Question;
import dev.tracehound.evals.scenario.Selector;

/** The facts templates state, written the way the scorer reads them. */
final class Claims {

    /** Says the calls were retried, in any of the ways people write it. */
    static final Fact RETRIES = Fact.text("retry", "retries", "retried", "retrying");
    /** Says nothing is wrong. */
    static final Fact HEALTHY = Fact.text("healthy", "no incident", "no incidents", "nothing wrong", "nothing is wrong",
            "no issues", "no problems", "nothing unusual", "looks normal", "all good", "no anomalies");

    private Claims() {
    }

    static Fact named(String name) {
        return Fact.text(name);
    }

    /** A route, with its method or without. */
    static Fact route(String route) {
        return Fact.text(route, route.substring(route.indexOf(' ') + 1));
    }

    /** An attribute and its value; the scorer takes the value alone too. */
    static Fact attribute(String key, String value) {
        return Fact.text(key + "=" + value);
    }

    /** A release, with or without its {@code v}. */
    static Fact version(String version) {
        return Fact.text("service.version=" + version, "v" + version);
    }

    static Fact figure(String measure, Selector where, Integer fromMinute, Integer forMinutes, double tolerance) {
        return Fact.number(new Fact.Truth(measure, where, fromMinute, forMinutes), tolerance);
    }

    /** The traces that show the fault: one of its spans while it was active. */
    static Question.Evidence evidence(Fault fault) {
        return new Question.Evidence(true, fault.where(), fault.fromMinute(), fault.forMinutes());
    }
}
