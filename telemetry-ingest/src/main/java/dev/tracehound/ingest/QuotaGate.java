package dev.tracehound.ingest;

/**
 * Whether a project may send more of a signal under its plan; the platform implements it. May
 * block, so {@link CachedQuotaGate} stands in front of it.
 */
@FunctionalInterface
public interface QuotaGate {

    /**
     * What a request carries; plans limit spans and log records per month, and the bytes of all three,
     * but not the number of metric points.
     */
    enum Signal { TRACES, LOGS, METRICS }

    /**
     * @param reason why not, for the 429 answer; empty when allowed
     * @param notice what to tell a client that is accepted past its limit (the {@value #HEADER}
     *               header); empty when there is nothing to tell
     */
    record Verdict(boolean allowed, String reason, String notice) {
        public static final Verdict ALLOWED = new Verdict(true, "", "");

        /** Accepted, and told so (past the limit, within the grace margin or billed as overage). */
        public static Verdict allowedOver(String notice) {
            return new Verdict(true, "", notice);
        }

        public static Verdict overQuota(String reason) {
            return new Verdict(false, reason, "");
        }
    }

    /** The OTLP/HTTP answer's header (gRPC: response metadata) that tells a client it is past its limit. */
    String HEADER = "Tracehound-Quota";

    Verdict check(String projectId, Signal signal);

    static QuotaGate unlimited() {
        return (projectId, signal) -> Verdict.ALLOWED;
    }
}
