package dev.tracehound.incidents.detect;

import dev.tracehound.analytics.query.ServiceHealthQueries;
import dev.tracehound.incidents.Check;
import dev.tracehound.incidents.Detection;
import dev.tracehound.incidents.Observation;
import dev.tracehound.incidents.rule.AlertRule;
import dev.tracehound.incidents.rule.AlertRules;
import dev.tracehound.incidents.rule.RuleEvaluator;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What is watched: every enabled alert rule, and each project's anomaly detectors (unless
 * switched off). A check's source says which: {@code rule:<rule id>} or {@code anomaly:<project id>}.
 */
public final class Detectors implements Detection {

    public static final String ANOMALY_PREFIX = "anomaly:";
    static final String ANOMALY_CHECK_NAME = "Anomaly detectors";

    private final AlertRules rules;
    private final RuleEvaluator evaluator;
    private final ProjectDirectory projects;
    private final AnomalySettings settings;
    private final AnomalyDetectors anomalies;

    public Detectors(AlertRules rules, RuleEvaluator evaluator, ProjectDirectory projects, ServiceHealthQueries health,
            AnomalySettings settings) {
        this.rules = rules;
        this.evaluator = evaluator;
        this.projects = projects;
        this.settings = settings;
        this.anomalies = new AnomalyDetectors(health, settings);
    }

    @Override
    public List<Check> checks() {
        var checks = new ArrayList<Check>();
        rules.listEnabled().forEach(rule -> checks.add(rule.check()));
        if (settings.enabled()) {
            for (Project project : projects.all()) {
                checks.add(new Check(ANOMALY_PREFIX + project.id(), project.workspaceId(), project.id(),
                        ANOMALY_CHECK_NAME, settings.interval(), List.of(), Optional.of(settings.investigateFrom())));
            }
        }
        return checks;
    }

    /**
     * The check's observations at {@code at}; none for a rule deleted or disabled since it was listed,
     * or for anomalies switched off.
     *
     * @throws IllegalArgumentException for a source neither a rule's nor the anomaly detectors'
     */
    @Override
    public List<Observation> evaluate(Check check, Instant at) {
        String source = check.source();
        if (source.startsWith(AlertRule.SOURCE_PREFIX)) {
            UUID id = UUID.fromString(source.substring(AlertRule.SOURCE_PREFIX.length()));
            return rules.byId(id).filter(AlertRule::enabled).filter(r -> r.projectId().equals(check.projectId()))
                    .map(rule -> evaluator.evaluate(rule, at)).orElse(List.of());
        }
        if (source.equals(ANOMALY_PREFIX + check.projectId())) {
            return settings.enabled() ? anomalies.evaluate(check.projectId().toString(), at) : List.of();
        }
        throw new IllegalArgumentException("no detector evaluates '" + source + "': a check's source is rule:<rule id> "
                + "or anomaly:<project id>");
    }

    /** The span rules among the checks, answered together ({@link RuleEvaluator#evaluateAll}); the rest left out. */
    @Override
    public Map<Check, List<Observation>> evaluateAll(List<Check> checks, Instant at) {
        var byRule = new HashMap<UUID, Check>();
        for (Check check : checks) {
            if (check.source().startsWith(AlertRule.SOURCE_PREFIX)) {
                byRule.put(UUID.fromString(check.source().substring(AlertRule.SOURCE_PREFIX.length())), check);
            }
        }
        if (byRule.isEmpty()) {
            return Map.of();
        }
        List<AlertRule> due = rules.listEnabled().stream().filter(r -> byRule.containsKey(r.id())
                && r.projectId().equals(byRule.get(r.id()).projectId())).toList();
        var seen = new LinkedHashMap<Check, List<Observation>>();
        evaluator.evaluateAll(due, at).forEach((id, observations) -> seen.put(byRule.get(id), observations));
        return seen;
    }
}
