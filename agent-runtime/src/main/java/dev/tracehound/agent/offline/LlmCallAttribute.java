package dev.tracehound.agent.offline;

import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * An attribute value that the LLM calls since a rise in spend carry and those before did not (a
 * prompt template or version, a feature flag), as BubbleUp of the calls since against those before
 * shows it: what changed in the calls when neither the service nor the model did.
 *
 * @param key         the attribute's key
 * @param value       the value new or dominant since the rise
 * @param shareSince  its share of the calls since
 * @param shareBefore its share of the calls before
 */
record LlmCallAttribute(String key, String value, double shareSince, double shareBefore) {

    /** The calls carry these anyway, or they measure the cost itself rather than explain it. */
    private static final Pattern NOT_A_CAUSE = Pattern.compile(
            "token|usage|cost|model|(^|\\.)(error|exception|status|status_code|duration|latency)(\\.|_|$)|^otel\\."
                    + "|(^|\\.)(host|pod|container|instance|process|trace|span|request|response)\\.(id|name|uid|pid)$"
                    + "|^(host|k8s|container|process|telemetry)\\.");
    /** How much of the calls since the rise must carry the value. */
    private static final double MIN_SHARE_SINCE = 0.5;

    /**
     * The value with the highest share since the rise among those at least twice as common as before,
     * span attributes first (a prompt is set on the call, a deploy on the process); empty when none.
     */
    static Optional<LlmCallAttribute> find(JsonNode bubbleUp) {
        Optional<LlmCallAttribute> found = find(bubbleUp, true);
        return found.isPresent() ? found : find(bubbleUp, false);
    }

    private static Optional<LlmCallAttribute> find(JsonNode bubbleUp, boolean spanAttributes) {
        LlmCallAttribute best = null;
        for (JsonNode dimension : bubbleUp.path("dimensions")) {
            String key = dimension.path("key").asString("");
            boolean onSpan = dimension.path("source").asString("").equals("span_attribute");
            if (key.isEmpty() || onSpan != spanAttributes || NOT_A_CAUSE.matcher(key).find()) {
                continue;
            }
            for (JsonNode value : dimension.path("values")) {
                double since = value.path("selection_share").asDouble(0);
                double before = value.path("baseline_share").asDouble(0);
                if (!value.path("kind").asString("").equals("value") || since < MIN_SHARE_SINCE
                        || since < before * 2 || (best != null && since - before <= best.shareSince - best.shareBefore)) {
                    continue;
                }
                best = new LlmCallAttribute(key, value.path("value").asString(""), since, before);
            }
        }
        return Optional.ofNullable(best);
    }

    String pair() {
        return key + "=" + value;
    }
}
