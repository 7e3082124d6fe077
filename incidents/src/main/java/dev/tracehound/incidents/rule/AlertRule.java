package dev.tracehound.incidents.rule;

import dev.tracehound.incidents.Check;
import dev.tracehound.incidents.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** A stored alert rule of a project: its {@link RuleDraft}'s parts, who made it and when. */
public record AlertRule(UUID id, UUID workspaceId, UUID projectId, String name, RuleQuery query, Condition condition,
        Duration window, Duration interval, Severity severity, Map<String, String> labels, List<UUID> channelIds,
        boolean investigate, boolean enabled, String createdBy, Instant createdAt, Instant updatedAt) {

    /** A rule's check's source is this and its id. */
    public static final String SOURCE_PREFIX = "rule:";

    public AlertRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(projectId, "projectId");
        labels = Map.copyOf(labels);
        channelIds = List.copyOf(channelIds);
    }

    /** What is evaluated on schedule; a firing of a rule marked for it is investigated, whatever its severity. */
    public Check check() {
        return new Check(source(), workspaceId, projectId, name, interval, channelIds,
                investigate ? Optional.of(Severity.LOW) : Optional.empty(), labels);
    }

    public String source() {
        return SOURCE_PREFIX + id;
    }

    /** The rule as a draft, to change and store again. */
    public RuleDraft draft() {
        return new RuleDraft(name, query, condition, window, interval, severity, labels, channelIds, investigate,
                enabled);
    }
}
