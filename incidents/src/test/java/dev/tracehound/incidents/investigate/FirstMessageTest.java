package dev.tracehound.incidents.investigate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.incidents.IncidentContext;
import dev.tracehound.incidents.Observation;
import dev.tracehound.incidents.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FirstMessageTest {

    private static IncidentContext incident(String service, String summary, double value, double baseline) {
        var alert = new Observation("rule:" + UUID.randomUUID(), service, Map.of("service", service),
                Observation.Verdict.BREACHING, Severity.MEDIUM, value, baseline, 4_321, summary);
        return new IncidentContext(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                "p99 of " + service + " since 13:05", service, Severity.MEDIUM,
                Instant.parse("2026-12-07T13:20:45Z"), List.of(alert));
    }

    @Test
    void itAsksAboutTheServiceSinceTheIncidentOpenedAndForTheClosingLines() {
        String text = FirstMessage.of(incident("payments", "p99 latency is 2,400 ms", 2400, 350));

        assertThat(text).contains("What is wrong with `payments` since 13:20 UTC, and why?",
                "Incident: p99 of payments from 13:05 (severity medium, service `payments`).",
                "p99 latency is 2,400 ms. Value 2,400 against a baseline or threshold of 350, from 4,321 spans or logs.");
        assertThat(text).endsWith(FirstMessage.CLOSING_LINES);
        assertThat(text.indexOf("since ")).as("the first 'since' names the time").isEqualTo(text.indexOf("since 13:20 UTC"));
    }

    @Test
    void relativeTimesInAlertsDoNotReadAsTheTimeAsked() {
        String text = FirstMessage.of(incident("cart", "errors over the last 10m, past 5 minutes, previous hour;"
                + " past the threshold since 12:00", 0.12345, Double.NaN));

        assertThat(text).contains("errors over the trailing 10m, trailing 5 minutes, trailing hour; past the threshold"
                + " from 12:00. Value 0.1235, from 4,321 spans or logs.");
        assertThat(text).doesNotContainPattern("(?i)\\b(last|past|previous)\\s+(\\d|minute|hour|day|week)");
    }

    @Test
    void withoutAServiceItAsksAboutTheProject() {
        String text = FirstMessage.of(incident("", "error count 12", 12, 0));

        assertThat(text).contains("What is wrong in this project since 13:20 UTC").doesNotContain("service ``");
    }
}
