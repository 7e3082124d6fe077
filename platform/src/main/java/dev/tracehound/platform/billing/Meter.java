package dev.tracehound.platform.billing;

import java.util.Locale;

/**
 * What a plan limits per calendar month (UTC), and the unit its overage is priced in. Usage is
 * counted in the meter's own unit (bytes, spans, tokens, …); {@link #billingUnit} of them make
 * one priced unit.
 */
public enum Meter {
    INGESTED_BYTES("ingested_gb_per_month", 1_000_000_000L, "per_gb_ingested", 1_000_000_000L, "GB ingested"),
    SPANS("spans_per_month", 1, "per_million_spans", 1_000_000L, "million spans"),
    LOG_RECORDS("log_records_per_month", 1, "per_million_log_records", 1_000_000L, "million log records"),
    AGENT_TOKENS("agent_tokens_per_month", 1, "per_million_agent_tokens", 1_000_000L, "million agent tokens"),
    INVESTIGATIONS("investigations_per_month", 1, "per_investigation", 1, "investigation"),
    SANDBOX_MINUTES("sandbox_minutes_per_month", 1, "per_sandbox_minute", 1, "sandbox minute");

    private final String limitKey;
    private final long perFileUnit;
    private final String overageKey;
    private final long billingUnit;
    private final String billingUnitName;

    Meter(String limitKey, long perFileUnit, String overageKey, long billingUnit, String billingUnitName) {
        this.limitKey = limitKey;
        this.perFileUnit = perFileUnit;
        this.overageKey = overageKey;
        this.billingUnit = billingUnit;
        this.billingUnitName = billingUnitName;
    }

    /** The meter's name in the API: {@code ingested_bytes}, {@code spans}, … */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** How many of the meter's units one overage price buys (a GB of bytes, a million spans, …). */
    public long billingUnit() {
        return billingUnit;
    }

    /** The priced unit in words: "GB ingested", "million spans", … */
    public String billingUnitName() {
        return billingUnitName;
    }

    String limitKey() {
        return limitKey;
    }

    /** The plan file writes bytes in GB; every other meter in its own unit. */
    long perFileUnit() {
        return perFileUnit;
    }

    String overageKey() {
        return overageKey;
    }
}
