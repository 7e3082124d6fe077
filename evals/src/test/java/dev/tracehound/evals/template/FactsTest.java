package dev.tracehound.evals.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.evals.scenario.Fact;
import dev.tracehound.evals.scenario.Question;
import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.scenario.Selector;
import dev.tracehound.evals.scenario.TelemetrySpec.Change;
import dev.tracehound.evals.scenario.Fault;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the questions claim is about what the telemetry has, and the faults are where the questions look. */
class FactsTest {

    /** Facts that name no thing of the telemetry but say what happened: they are allowed as they are. */
    private static final Set<Fact> WORDS = Set.of(Claims.RETRIES, Claims.HEALTHY);

    @Test
    void everyFactNamesServicesAndAttributesTheTelemetryHas() {
        var problems = new ArrayList<String>();
        for (Scenario scenario : SuiteTest.SUITE) {
            var names = new Names(scenario.telemetry());
            for (Question question : scenario.questions()) {
                var facts = new ArrayList<Fact>(question.mustContain());
                facts.addAll(question.mustNotClaim());
                for (Fact fact : facts) {
                    String problem = fact.truth() != null ? names.problem(fact.truth().where()) : textProblem(fact, names);
                    if (problem != null) {
                        problems.add(scenario.name() + ": " + fact.describe() + ": " + problem);
                    }
                }
                if (question.evidence() != null && question.evidence().where() != null) {
                    add(problems, scenario, "evidence", names.problem(question.evidence().where()));
                }
                if (question.trace() != null) {
                    add(problems, scenario, "trace", names.problem(question.trace()));
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void faultsAndChangesSelectSpansTheTelemetryHasWithinItsWindow() {
        var problems = new ArrayList<String>();
        for (Scenario scenario : SuiteTest.SUITE) {
            var names = new Names(scenario.telemetry());
            int minutes = scenario.telemetry().minutes();
            for (Fault fault : scenario.telemetry().faults()) {
                add(problems, scenario, "fault", names.problem(fault.where()));
                if (fault.fromMinute() + fault.forMinutes() > minutes) {
                    problems.add(scenario.name() + ": a fault runs past the window's end");
                }
                if (fault.kind().equals("errors") && fault.magnitude() > 1) {
                    problems.add(scenario.name() + ": an errors fault fails more than every span");
                }
            }
            for (Change change : scenario.telemetry().changes()) {
                add(problems, scenario, "change", names.problem(new Selector(change.where().service(),
                        change.where().operation(), null, null, null)));
                if (change.atMinute() <= 0 || change.atMinute() >= minutes) {
                    problems.add(scenario.name() + ": a change outside the window");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void incidentEvidenceIsTheFaultTheQuestionIsAbout() {
        for (Scenario scenario : SuiteTest.SUITE) {
            Question question = scenario.questions().getFirst();
            if (!question.isIncident() || scenario.telemetry().faults().stream().anyMatch(f -> f.kind().equals("outage"))) {
                continue;
            }
            var evidence = question.evidence();
            assertThat(scenario.telemetry().faults()).as(scenario.name()).anyMatch(fault -> fault.where()
                    .equals(evidence.where()) && fault.fromMinute() == evidence.fromMinute()
                    && fault.forMinutes() == evidence.forMinutes());
        }
    }

    private static String textProblem(Fact fact, Names names) {
        if (WORDS.contains(fact)) {
            return null;
        }
        boolean named = false;
        for (String phrase : fact.anyOf()) {
            int equals = phrase.indexOf('=');
            if (equals > 0) {
                if (!names.hasAttribute(phrase.substring(0, equals), phrase.substring(equals + 1))) {
                    return "no span or resource has " + phrase;
                }
                named = true;
            } else {
                named |= names.isName(phrase);
            }
        }
        return named ? null : "none of " + fact.anyOf() + " is a name in the telemetry";
    }

    private static void add(List<String> problems, Scenario scenario, String what, String problem) {
        if (problem != null) {
            problems.add(scenario.name() + ": " + what + ": " + problem);
        }
    }
}
