package dev.tracehound.evals.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.evals.scenario.TelemetrySpec.Call;
import dev.tracehound.evals.scenario.TelemetrySpec.Change;
import dev.tracehound.evals.scenario.TelemetrySpec.Entry;
import dev.tracehound.evals.scenario.TelemetrySpec.Operation;
import dev.tracehound.evals.scenario.TelemetrySpec.ServiceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioFilesTest {

    static Scenario sample(String name) {
        var payments = new ServiceSpec("payments", "1.4.0", 3, Map.of("cloud.availability_zone", List.of("a", "b", "c")),
                List.of(new Operation("POST /charge", "server", 40, 0.001,
                        Map.of("payment.provider", List.of("stripe_v2", "adyen", "stripe_v3")),
                        List.of(new Call(null, "SELECT charges", 1, Map.of("db.system", List.of("postgresql")))), null)));
        var telemetry = new TelemetrySpec(90, 60, List.of(payments), List.of(new Entry("payments", "POST /charge", 1)),
                List.of(new Change(Selector.service("payments"), "service.version", "resource", "1.5.0", 50)),
                List.of(new Fault("errors", Selector.operation("payments", "POST /charge")
                        .where("span", "payment.provider", "stripe_v3"), 0.4, 50, 40, "card declined: upstream 502")));
        var question = new Question("Why did refunds start failing?", "incident",
                List.of(Fact.text("payments"), Fact.text("payment.provider=stripe_v3"),
                        Fact.number(new Fact.Truth("error-rate", Selector.service("payments"), 50, 40), 0.2)),
                List.of(Fact.text("adyen")), List.of("fail", "error"),
                new Question.Evidence(true, Selector.service("payments").where("span", "payment.provider", "stripe_v3"),
                        50, 40), null);
        return new Scenario(name, "error-spike", 7, List.of("medium", "incident"), "error-spike",
                Instant.parse("2026-03-02T14:00:00Z"), telemetry, List.of(question));
    }

    @Test
    void aScenarioReadsBackAsItWasWritten(@TempDir Path folder) {
        Scenario scenario = sample("error-spike-007");

        ScenarioFiles.write(folder, List.of(scenario));

        assertThat(ScenarioFiles.read(folder)).containsExactly(scenario);
        assertThat(ScenarioFiles.json(scenario)).contains("\"payment.provider\"").doesNotContain("null");
    }

    @Test
    void aFileNamedOtherwiseThanItsScenarioIsRefused(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("other.json"), ScenarioFiles.json(sample("error-spike-007")));

        assertThatThrownBy(() -> ScenarioFiles.read(folder)).hasMessageContaining("is named after it");
    }

    @Test
    void aBrokenScenarioSaysWhichFileAndWhy(@TempDir Path folder) throws Exception {
        String json = ScenarioFiles.json(sample("error-spike-007")).replace("\"medium\"", "\"tricky\"");
        Files.writeString(folder.resolve("error-spike-007.json"), json);

        assertThatThrownBy(() -> ScenarioFiles.read(folder)).hasMessageContaining("error-spike-007.json")
                .hasMessageContaining("difficulty");
    }
}
