package dev.tracehound.evals.generate;

import dev.tracehound.evals.scenario.Fault;
import dev.tracehound.evals.scenario.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The scenario's faults, asked about one span at a time: each answer counts only faults active
 * at the span's start that select it, and marks the span with the bit of every fault that
 * changed it, for the evidence that counts.
 */
final class Faults {

    private record Numbered(int bit, Fault fault) {}

    private final List<Numbered> errors = new ArrayList<>();
    private final List<Numbered> latency = new ArrayList<>();
    private final List<Numbered> outages = new ArrayList<>();
    private final List<Numbered> tokens = new ArrayList<>();
    private final List<Numbered> retries = new ArrayList<>();

    Faults(List<Fault> faults) {
        for (int i = 0; i < faults.size(); i++) {
            Fault fault = faults.get(i);
            var numbered = new Numbered(i, fault);
            switch (fault.kind()) {
                case "errors" -> errors.add(numbered);
                case "latency" -> latency.add(numbered);
                case "outage" -> outages.add(numbered);
                case "tokens" -> tokens.add(numbered);
                case "retries" -> retries.add(numbered);
                default -> throw new IllegalArgumentException("no such fault kind: " + fault.kind());
            }
        }
    }

    /** The outage that takes the span's service down, or null: the span is then never recorded. */
    Fault outage(Draft span) {
        for (Numbered outage : outages) {
            if (outage.fault.activeAt(span.minute) && span.selectedBy(outage.fault.where())) {
                return outage.fault;
            }
        }
        return null;
    }

    /** The bit of a fault, for marking the span its outage made fail (the down service has none). */
    int bitOf(Fault fault) {
        for (Numbered outage : outages) {
            if (outage.fault == fault) {
                return outage.bit;
            }
        }
        throw new IllegalArgumentException("not an outage of this scenario: " + fault);
    }

    /** The message of an errors fault that makes the span fail this time, or null. */
    String failure(Draft span, SplittableRandom chance) {
        for (Numbered error : errors) {
            if (error.fault.activeAt(span.minute) && span.selectedBy(error.fault.where())
                    && chance.nextDouble() < error.fault.magnitude()) {
                span.affectedBy |= 1L << error.bit;
                return message(error.fault, span.name);
            }
        }
        return null;
    }

    /** How many times as long the span takes: the product of the latency faults that select it. */
    double slowdown(Draft span) {
        return factor(latency, span);
    }

    /** How many times the tokens the span's LLM call uses. */
    double tokenFactor(Draft span) {
        return factor(tokens, span);
    }

    /**
     * How many failing tries come before a call's last: a retries fault selects a call by its
     * client span (the caller's service, the callee's operation, the call's attributes), or by
     * its callee (service and operation; an attribute on the callee instance's resource or on the
     * call's attributes). A fractional magnitude is the mean: 0.5 retries every other call once.
     *
     * @param calleeService  the callee's service; null for an uninstrumented dependency
     * @param calleeResource the resource of the instance that will answer
     */
    int extraTries(Draft client, String calleeService, String calleeOperation, Map<String, String> calleeResource,
            SplittableRandom chance) {
        int extra = 0;
        for (Numbered retry : retries) {
            Selector where = retry.fault.where();
            if (!retry.fault.activeAt(client.minute)) {
                continue;
            }
            boolean selected = client.selectedBy(where) || (calleeService != null
                    && Draft.selects(where, calleeService, calleeOperation, null, client.attributes, calleeResource));
            if (selected) {
                double magnitude = retry.fault.magnitude();
                int whole = (int) Math.floor(magnitude);
                extra += whole + (chance.nextDouble() < magnitude - whole ? 1 : 0);
                client.affectedBy |= 1L << retry.bit;
            }
        }
        return extra;
    }

    /** The message a failed try of a retried call carries. */
    String retryMessage(Draft client) {
        for (Numbered retry : retries) {
            if ((client.affectedBy & (1L << retry.bit)) != 0) {
                return message(retry.fault, client.name);
            }
        }
        return message(null, client.name);
    }

    static String outageMessage(Fault outage, String service) {
        return outage.message().isBlank() ? service + " unavailable: connection refused" : outage.message();
    }

    private static double factor(List<Numbered> faults, Draft span) {
        double factor = 1;
        for (Numbered numbered : faults) {
            if (numbered.fault.activeAt(span.minute) && span.selectedBy(numbered.fault.where())) {
                factor *= numbered.fault.magnitude();
                span.affectedBy |= 1L << numbered.bit;
            }
        }
        return factor;
    }

    private static String message(Fault fault, String operation) {
        if (fault != null && !fault.message().isBlank()) {
            return fault.message();
        }
        return fault != null && fault.kind().equals("errors") ? operation + " failed: internal error"
                : operation + " timed out; retrying";
    }
}
