package dev.tracehound.incidents.rule;

import dev.tracehound.analytics.query.MetricAggregation;
import dev.tracehound.incidents.Severity;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An alert rule as a person writes it, checked: what {@link AlertRules} creates and updates.
 *
 * @param window      how much time each evaluation measures, 1 min to 24 h
 * @param interval    how often it is evaluated, 30 s to 1 h
 * @param labels      added to each alert's labels; keys {@code [a-z_][a-z0-9_]*}
 * @param channelIds  the channels its incidents notify; empty: every enabled channel of the workspace
 * @param investigate whether a firing starts an investigation
 */
public record RuleDraft(String name, RuleQuery query, Condition condition, Duration window, Duration interval,
        Severity severity, Map<String, String> labels, List<UUID> channelIds, boolean investigate, boolean enabled) {

    public static final Duration MIN_WINDOW = Duration.ofMinutes(1);
    public static final Duration MAX_WINDOW = Duration.ofHours(24);
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(30);
    public static final Duration MAX_INTERVAL = Duration.ofHours(1);
    static final int MAX_LABELS = 20;
    static final int MAX_CHANNELS = 20;
    private static final Pattern LABEL_KEY = Pattern.compile("[a-z_][a-z0-9_]*");
    /** Labels every alert of a rule has already: a rule's own labels may not replace them. */
    static final List<String> RESERVED_LABELS = List.of("alertname", "service");

    public RuleDraft {
        name = name == null ? "" : name.strip();
        if (name.isEmpty() || name.length() > 200) {
            throw new InvalidRuleException("a rule needs a name of 1 to 200 characters");
        }
        if (query == null) {
            throw new InvalidRuleException("a rule needs a query: what to measure over spans or logs");
        }
        if (condition == null) {
            throw new InvalidRuleException("a rule needs a condition: a threshold or a change against a baseline");
        }
        requireBetween("window", window, MIN_WINDOW, MAX_WINDOW);
        requireBetween("interval", interval, MIN_INTERVAL, MAX_INTERVAL);
        if (severity == null) {
            throw new InvalidRuleException("a rule needs a severity: low, medium, high or critical");
        }
        labels = checkedLabels(labels);
        channelIds = checkedChannels(channelIds);
        requireSensibleThreshold(query, condition);
    }

    private static void requireBetween(String what, Duration value, Duration min, Duration max) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new InvalidRuleException("the " + what + " is " + RuleJson.duration(min) + " to "
                    + RuleJson.duration(max) + ", was " + (value == null ? "missing" : RuleJson.duration(value)));
        }
        if (value.toNanos() % 1_000_000_000L != 0) {
            throw new InvalidRuleException("the " + what + " is whole seconds, was " + value);
        }
    }

    private static Map<String, String> checkedLabels(Map<String, String> labels) {
        Map<String, String> given = labels == null ? Map.of() : labels;
        if (given.size() > MAX_LABELS) {
            throw new InvalidRuleException("at most " + MAX_LABELS + " labels, got " + given.size());
        }
        var checked = new LinkedHashMap<String, String>();
        given.forEach((key, value) -> {
            if (key == null || !LABEL_KEY.matcher(key).matches() || key.length() > 100) {
                throw new InvalidRuleException("a label's key is lower-case letters, digits and underscores, not "
                        + "starting with a digit ([a-z_][a-z0-9_]*), at most 100 characters; was '" + key + "'");
            }
            if (RESERVED_LABELS.contains(key)) {
                throw new InvalidRuleException("the label '" + key + "' is set by the rule itself (alertname is the "
                        + "rule's name, service the service measured); choose another key");
            }
            if (value == null || value.length() > 200) {
                throw new InvalidRuleException("the label '" + key + "' needs a value of at most 200 characters");
            }
            checked.put(key, value);
        });
        return Collections.unmodifiableMap(checked);
    }

    private static List<UUID> checkedChannels(List<UUID> channelIds) {
        List<UUID> given = channelIds == null ? List.of() : channelIds;
        if (given.stream().anyMatch(Objects::isNull)) {
            throw new InvalidRuleException("a channel id is missing in the channel list");
        }
        var distinct = new LinkedHashSet<>(given);
        if (distinct.size() > MAX_CHANNELS) {
            throw new InvalidRuleException("at most " + MAX_CHANNELS + " channels, got " + distinct.size());
        }
        return List.copyOf(distinct);
    }

    /** Thresholds no value of the measure can cross are mistakes (an error rate of 5 meaning 5%). */
    private static void requireSensibleThreshold(RuleQuery query, Condition condition) {
        if (!(condition instanceof Condition.Threshold threshold)) {
            return;
        }
        boolean rate = query instanceof RuleQuery.Spans spans && spans.measure() == RuleQuery.Measure.ERROR_RATE;
        if (rate && (threshold.value() < 0 || threshold.value() > 1)) {
            throw new InvalidRuleException("an error rate is 0 to 1 (0.05 for 5%), so its threshold is too; was "
                    + threshold.value());
        }
        boolean countOrLatency = query instanceof RuleQuery.Logs
                || query instanceof RuleQuery.Spans spans && !spans.measure().ofAttribute()
                || query instanceof RuleQuery.Metrics metrics && metrics.aggregation() == MetricAggregation.RATE;
        if (countOrLatency && threshold.value() < 0) {
            throw new InvalidRuleException("counts, rates and latencies are never negative, so a threshold of "
                    + threshold.value() + " is never crossed");
        }
    }
}
