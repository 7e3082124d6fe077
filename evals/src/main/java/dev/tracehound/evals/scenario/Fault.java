package dev.tracehound.evals.scenario;

import java.util.List;
import java.util.Objects;

/**
 * Something that goes wrong from {@code fromMinute} for {@code forMinutes}, on the spans
 * {@code where} selects.
 *
 * <ul>
 *   <li>{@code errors}: that share ({@code magnitude}, 0 to 1) of the spans fail with
 *       {@code message}, and their callers' spans with them;</li>
 *   <li>{@code latency}: the spans take {@code magnitude} times as long (their callers too, by as
 *       much);</li>
 *   <li>{@code outage}: the selected service is down: it records no spans, and every call to it
 *       fails in its caller's client span with {@code message};</li>
 *   <li>{@code tokens}: the selected LLM calls use {@code magnitude} times the tokens (and cost);</li>
 *   <li>{@code retries}: each selected call is tried {@code magnitude} times more, each try
 *       failing with {@code message} but the last.</li>
 * </ul>
 */
public record Fault(String kind, Selector where, double magnitude, int fromMinute, int forMinutes, String message) {

    public static final List<String> KINDS = List.of("errors", "latency", "outage", "tokens", "retries");

    public Fault {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("a fault's kind is one of " + KINDS + ": " + kind);
        }
        Objects.requireNonNull(where, "where");
        if (magnitude <= 0) {
            throw new IllegalArgumentException("a fault's magnitude must be positive");
        }
        if (fromMinute < 0 || forMinutes <= 0) {
            throw new IllegalArgumentException("a fault starts at or after minute 0 and lasts at least a minute");
        }
        message = message == null ? "" : message;
    }

    public boolean activeAt(double minute) {
        return minute >= fromMinute && minute < fromMinute + forMinutes;
    }
}
