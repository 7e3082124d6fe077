package dev.tracehound.agent.offline;

import static dev.tracehound.agent.offline.Investigation.within;

import dev.tracehound.agent.offline.Investigation.Outcome;
import dev.tracehound.agent.offline.Investigation.PlannedCall;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A tenant whose traffic rose when a shared service got slower or started failing, while nothing
 * sets the affected spans apart: BubbleUp of the requests (root spans) since the change against those
 * before shows whose share of the traffic rose.
 *
 * @param key         the tenant-like attribute
 * @param value       the tenant whose share rose
 * @param shareBefore its share of the requests before the change
 * @param shareSince  its share of the requests since
 * @param rise        how many times as many of its requests a minute since as before (infinite when it had none)
 */
record TenantSurge(String key, String value, double shareBefore, double shareSince, double rise) {

    /** The least rise of a tenant's share of the traffic that counts as one. */
    private static final double MIN_SHARE_RISE = 2;
    private static final double MIN_SHARE_SINCE = 0.1;
    static final String LABEL = "tenanttraffic";
    private static final Pattern ID_KEY = Pattern.compile("[._]id$");

    String pair() {
        return key + "=" + value;
    }

    /** Whether to look: the spans that changed share no attribute value, no deploy and no model switch explains it. */
    static boolean wanted(Findings f) {
        return f.focus != null && f.primaryCause == null && f.trigger == null && f.modelShift == null
                && Comparison.changeAt(f).isAfter(f.data.from());
    }

    static PlannedCall call(int phase, Findings f) {
        // Requests, not spans: a tenant is named on the request it sends, and its share of them is what rises.
        var bubble = within(f.data).put("roots_only", true);
        bubble.putObject("selection").put("from", Comparison.changeAt(f).toString());
        bubble.put("dimensions", 30).put("values", 3);
        return new PlannedCall(phase, LABEL, "bubbleup", bubble);
    }

    /** The tenant whose share of the requests rose most since the change, when one rose sharply; null when none. */
    static TenantSurge read(Findings f, ToolResults results) {
        Outcome outcome = results.usable(LABEL, "the traffic per tenant before and since the change");
        if (outcome == null) {
            return null;
        }
        Instant at = Comparison.changeAt(f);
        double minutesBefore = Math.max(1, Duration.between(f.data.from(), at).toSeconds() / 60.0);
        double minutesSince = Math.max(1, Duration.between(at, f.data.to()).toSeconds() / 60.0);
        TenantSurge best = null;
        for (JsonNode dimension : outcome.data().path("dimensions")) {
            String key = dimension.path("key").asString("");
            if (dimension.path("source").asString("").equals("field") || !callerLike(key)) {
                continue;
            }
            for (JsonNode value : dimension.path("values")) {
                double since = value.path("selection_share").asDouble(0);
                double before = value.path("baseline_share").asDouble(0);
                if (!value.path("kind").asString("").equals("value") || since < MIN_SHARE_SINCE
                        || since < before * MIN_SHARE_RISE || (best != null && since - before <= best.shareSince
                        - best.shareBefore)) {
                    continue;
                }
                double rateBefore = value.path("baseline_count").asDouble(0) / minutesBefore;
                double rateSince = value.path("selection_count").asDouble(0) / minutesSince;
                best = new TenantSurge(key, value.path("value").asString(""), before, since,
                        rateBefore > 0 ? rateSince / rateBefore : Double.POSITIVE_INFINITY);
            }
        }
        return best;
    }

    /**
     * Whether the key names who sent a request: a tenant-like key, or any id of the request's sender
     * (a shipper, a site) that no list of tenant words foresees; ids unique to each request have shares
     * too small to count.
     */
    private static boolean callerLike(String key) {
        return TenantKeys.tenantLike(key, "tenant") || ID_KEY.matcher(key).find();
    }

    /** How the tenant's traffic changed, for the answer: "rose 5× (12% of the requests since, 2% before)". */
    String describe() {
        String factor = Double.isInfinite(rise) ? "appeared" : rise >= 1.5
                ? "rose " + String.format(Locale.ROOT, "%.1f", rise) + "×" : "held steady";
        return "traffic from `" + pair() + "` " + factor + " (" + InvestigationReport.percent(shareSince)
                + " of the requests since, " + InvestigationReport.percent(shareBefore) + " before)";
    }
}
