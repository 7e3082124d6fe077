package dev.tracehound.platform.usage;

import dev.tracehound.platform.billing.Meter;
import java.util.Locale;
import java.util.Optional;

/**
 * What usage is counted in. The stored meters ({@link #stored()}) are counted per project and day
 * from the rows ClickHouse holds; the agent's and the investigations' are read from their own
 * metering, per workspace. {@link #planMeter()} is the plan limit a meter is held against, empty
 * when plans set none.
 */
public enum UsageMeter {
    /** The bytes the stored spans, log records and metric points were received as (OTLP's protobuf encoding). */
    INGESTED_BYTES(Meter.INGESTED_BYTES, true),
    SPANS(Meter.SPANS, true),
    LOG_RECORDS(Meter.LOG_RECORDS, true),
    METRIC_POINTS(null, true),
    AGENT_TOKENS(Meter.AGENT_TOKENS, false),
    /** The agent's model calls priced by the one price table, in micro-dollars (10^-6 USD). */
    AGENT_COST_MICROS(null, false),
    /** The investigations of incidents started, each once however often it was taken over. */
    INVESTIGATIONS(Meter.INVESTIGATIONS, false),
    /** The minutes sessions held sandboxes, each sandbox's time rounded up to whole minutes. */
    SANDBOX_MINUTES(Meter.SANDBOX_MINUTES, false);

    private final Meter planMeter;
    private final boolean stored;

    UsageMeter(Meter planMeter, boolean stored) {
        this.planMeter = planMeter;
        this.stored = stored;
    }

    /** The meter's name in the API and in {@code usage_daily.meter}: {@code spans}, {@code log_records}, … */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Optional<Meter> planMeter() {
        return Optional.ofNullable(planMeter);
    }

    /** Whether it is counted from stored telemetry, per project (true), or read from the agent's or incidents' metering. */
    public boolean stored() {
        return stored;
    }

    static UsageMeter fromColumn(String column) {
        return valueOf(column.toUpperCase(Locale.ROOT));
    }
}
