package dev.tracehound.ingest;

/** Whether a project may send more telemetry under its plan; the platform implements it. May block. */
@FunctionalInterface
public interface QuotaGate {

    /** @param reason why not, for the 429 answer; empty when allowed */
    record Verdict(boolean allowed, String reason) {
        static final Verdict ALLOWED = new Verdict(true, "");

        static Verdict overQuota(String reason) {
            return new Verdict(false, reason);
        }
    }

    Verdict check(String projectId);

    static QuotaGate unlimited() {
        return projectId -> Verdict.ALLOWED;
    }
}
