package dev.tracehound.evals.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.evals.scenario.Question;
import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.scenario.ScenarioFiles;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SuiteTest {

    static final List<Scenario> SUITE = Suite.generate(Suite.SEED);

    @Test
    void theSameSeedMakesTheSameSuiteAndAnotherSeedAnotherOne() {
        assertThat(Suite.generate(Suite.SEED)).isEqualTo(SUITE);
        List<Scenario> other = Suite.generate(Suite.SEED + 1);
        assertThat(other).hasSameSizeAs(SUITE);
        for (int i = 0; i < SUITE.size(); i++) {
            assertThat(other.get(i).name()).isEqualTo(SUITE.get(i).name());
            assertThat(other.get(i)).as(SUITE.get(i).name()).isNotEqualTo(SUITE.get(i));
        }
    }

    @Test
    void theSuiteHasAtLeast150ScenariosFromAtLeast15TemplatesWithUniqueNames() {
        assertThat(SUITE).hasSizeGreaterThanOrEqualTo(150);
        assertThat(Suite.templateCount()).isGreaterThanOrEqualTo(15);
        assertThat(SUITE.stream().map(Scenario::template).distinct()).hasSize(Suite.templateCount());
        assertThat(SUITE.stream().map(Scenario::name).collect(Collectors.toSet())).hasSameSizeAs(SUITE);
    }

    @Test
    void everyIncidentKindAndEveryKindOfQuestionIsAsked() {
        Set<String> categories = SUITE.stream().map(Scenario::category).collect(Collectors.toSet());
        assertThat(categories).contains("error-spike", "latency-resource", "deploy-regression", "dependency-outage",
                "slow-replica", "noisy-tenant", "llm-latency", "llm-token-cost", "retry-storm", "cache-failover",
                "region-outage", "two-incidents", "red-herring", "counts", "rates", "percentiles", "slowest", "llm-usage",
                "explain-trace", "logs", "compare-versions", "top-tenant", "healthy");
        Set<String> kinds = SUITE.stream().flatMap(s -> s.questions().stream()).map(Question::kind)
                .collect(Collectors.toSet());
        assertThat(kinds).containsExactlyInAnyOrderElementsOf(Question.KINDS);
        Set<String> herrings = SUITE.stream().flatMap(s -> s.tags().stream()).filter(t -> t.startsWith("herring-"))
                .collect(Collectors.toSet());
        assertThat(herrings).contains("herring-deploy", "herring-correlation", "herring-always-slow");
    }

    @Test
    void incidentQuestionsAreAskedEveryWayPeopleAskThem() {
        Set<String> angles = SUITE.stream().flatMap(s -> s.tags().stream()).filter(t -> t.startsWith("asks-"))
                .collect(Collectors.toSet());
        assertThat(angles).contains("asks-service", "asks-route", "asks-feature", "asks-customer", "asks-symptom",
                "asks-nothing");
    }

    @Test
    void atLeastAThirdOfTheSuiteIsNotIncidentHunts() {
        long questions = SUITE.stream().filter(s -> !s.questions().getFirst().isIncident()).count();
        assertThat(questions * 3).isGreaterThanOrEqualTo(SUITE.size());
        assertThat(SUITE).allSatisfy(s -> assertThat(s.tags()).contains(
                s.questions().getFirst().isIncident() ? "incident" : "question"));
    }

    @Test
    void incidentsAndQuestionsEachComeInEveryDifficulty() {
        for (boolean incident : List.of(true, false)) {
            Set<String> difficulties = SUITE.stream().filter(s -> s.questions().getFirst().isIncident() == incident)
                    .map(Scenario::difficulty).collect(Collectors.toSet());
            assertThat(difficulties).as(incident ? "incidents" : "questions")
                    .containsExactlyInAnyOrderElementsOf(Scenario.DIFFICULTIES);
        }
    }

    @Test
    void anchorsAreWholeMinutesOfTheFirstWeekOfMarchAtManyHours() {
        var hours = new HashSet<Integer>();
        for (Scenario scenario : SUITE) {
            assertThat(scenario.anchor().getEpochSecond() % 60).as(scenario.name()).isZero();
            assertThat(scenario.anchor().toString()).as(scenario.name()).isBetween("2026-03-02", "2026-03-09");
            assertThat(scenario.telemetry().minutes()).as(scenario.name()).isBetween(60, 120);
            assertThat(scenario.telemetry().requestsPerMinute()).as(scenario.name()).isBetween(30.0, 60.0);
            hours.add(scenario.anchor().atZone(java.time.ZoneOffset.UTC).getHour());
        }
        assertThat(hours).hasSizeGreaterThan(12);
    }

    @Test
    void incidentsNeedATraceOfTheirFaultAndTraceQuestionsSayWhichTrace() {
        for (Scenario scenario : SUITE) {
            Question question = scenario.questions().getFirst();
            if (question.isIncident()) {
                assertThat(question.evidence()).as(scenario.name()).isNotNull();
                assertThat(question.evidence().required()).as(scenario.name()).isTrue();
                assertThat(scenario.telemetry().faults()).as(scenario.name()).isNotEmpty();
            }
            assertThat(question.trace() != null).as(scenario.name()).isEqualTo(question.kind().equals("trace"));
            assertThat(question.mustContain()).as(scenario.name()).isNotEmpty();
            assertThat(question.onTopic()).as(scenario.name()).isNotEmpty();
            assertThat(question.ask()).as(scenario.name()).doesNotContain("null");
        }
    }

    @Test
    void healthyScenariosHaveNothingWrong() {
        assertThat(SUITE).filteredOn(s -> s.category().equals("healthy"))
                .allSatisfy(s -> assertThat(s.telemetry().faults()).as(s.name()).isEmpty());
    }

    @Test
    void theSuiteInTheRepositoryIsAFreshGeneration() {
        // Maven runs the tests in the module's folder.
        Map<String, Scenario> checkedIn = ScenarioFiles.read(Path.of("scenarios")).stream()
                .collect(Collectors.toMap(Scenario::name, s -> s));
        Map<String, Scenario> fresh = SUITE.stream().collect(Collectors.toMap(Scenario::name, s -> s));
        var differing = new TreeSet<String>();
        checkedIn.keySet().stream().filter(name -> !fresh.containsKey(name)).forEach(n -> differing.add(n + " (not made any more)"));
        fresh.forEach((name, scenario) -> {
            if (!checkedIn.containsKey(name)) {
                differing.add(name + " (missing)");
            } else if (!checkedIn.get(name).equals(scenario)) {
                differing.add(name + " (changed)");
            }
        });
        assertThat(differing).as("evals/scenarios/ is not what the templates make from seed %d: rerun the generator "
                + "(./dev eval generate) and commit evals/scenarios/", Suite.SEED).isEmpty();
    }
}
