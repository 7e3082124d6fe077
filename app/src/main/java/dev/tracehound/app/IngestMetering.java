package dev.tracehound.app;

import dev.tracehound.ingest.OtlpIngest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/**
 * Ingest's own meters: records accepted and rejected per signal, and what the PII scrub
 * removed per rule and project.
 */
final class IngestMetering implements OtlpIngest.Listener {

    static final String REDACTIONS = "tracehound.ingest.pii.redactions";
    static final String RECORDS = "tracehound.ingest.records";

    private final MeterRegistry registry;

    IngestMetering(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void stored(String projectId, String signal, OtlpIngest.Outcome outcome) {
        Counter.builder(RECORDS).description("Records stored (spans, log records, data points)")
                .tag("signal", signal).tag("outcome", "accepted").register(registry).increment(outcome.accepted());
        if (outcome.rejected() > 0) {
            Counter.builder(RECORDS).description("Records stored (spans, log records, data points)")
                    .tag("signal", signal).tag("outcome", "rejected").register(registry).increment(outcome.rejected());
        }
        redactions(projectId, outcome.redactions());
    }

    /**
     * Adds one request's scrub counts, keyed by rule name as {@code PiiScrubCounts.snapshot()} gives
     * them (built-in rules, the project's rules, {@code dropped-attribute}, {@code truncated}).
     */
    void redactions(String projectId, Map<String, Long> countsByRule) {
        if (projectId == null || countsByRule == null) {
            return;
        }
        countsByRule.forEach((rule, count) -> {
            if (rule != null && count != null && count > 0) {
                Counter.builder(REDACTIONS)
                        .description("Values replaced, attributes dropped or values cut by the PII scrub")
                        .tag("project", projectId)
                        .tag("rule", rule)
                        .register(registry)
                        .increment(count);
            }
        });
    }
}
