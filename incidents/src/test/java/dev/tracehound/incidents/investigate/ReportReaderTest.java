package dev.tracehound.incidents.investigate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.agent.session.SessionToolCall;
import dev.tracehound.agent.session.ToolCallStatus;
import dev.tracehound.incidents.investigate.IncidentReport.Confidence;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReportReaderTest {

    private static final UUID SESSION = UUID.randomUUID();
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    private static SessionToolCall call(String tool, String arguments, String output, ToolCallStatus status) {
        return new SessionToolCall(SESSION, "c-" + tool, tool, arguments, status, Optional.of(output), Optional.empty(),
                Instant.EPOCH, Optional.of(Instant.EPOCH), Optional.of(Instant.EPOCH));
    }

    @Test
    void closingLinesAsModelsDressThemAreReadWithoutTheirMarkdown() {
        IncidentReport report = ReportReader.read(SESSION, """
                ## Findings
                The `payments` service times out.

                **Summary:** `payments` times out since 13:20 UTC.
                - **Suspected cause**: the card network's latency
                Confidence: **Medium** - two signals agree
                Not determined:
                - whether retries help
                - the provider's status
                """, List.of());

        assertThat(report.summary()).isEqualTo("payments times out since 13:20 UTC.");
        assertThat(report.suspectedCause()).isEqualTo("the card network's latency");
        assertThat(report.confidence()).isEqualTo(Confidence.MEDIUM);
        assertThat(report.notDetermined()).isEqualTo("whether retries help; the provider's status");
        assertThat(report.sessionId()).isEqualTo(SESSION);
    }

    @Test
    void anAnswerWithoutClosingLinesGivesItsFirstParagraphAndAnUnknownConfidence() {
        IncidentReport report = ReportReader.read(SESSION, """
                # Checkout

                **Checkout** got slower at 15:30,
                when 2.3.1 was deployed.

                More detail follows.""", List.of());

        assertThat(report.summary()).isEqualTo("Checkout got slower at 15:30, when 2.3.1 was deployed.");
        assertThat(report.suspectedCause()).isEmpty();
        assertThat(report.confidence()).isEqualTo(Confidence.UNKNOWN);
        assertThat(report.notDetermined()).isEmpty();
    }

    @Test
    void evidenceHasTheAnswersTracesFirstAndEveryToolCallByKindWithItsResultTrimmed() {
        String other = "0af7651916cd43dd8448eb211c80319c";
        List<SessionToolCall> calls = List.of(
                call("bubbleup", "{\"service\":\"checkout\"}", "x".repeat(5_000), ToolCallStatus.SUCCEEDED),
                call("log_search", "{\"trace_id\":\"" + other + "\"}", "[{\"trace_id\":\"" + other + "\"}]",
                        ToolCallStatus.SUCCEEDED),
                call("trace_search", "{}", "Error: bad filter", ToolCallStatus.FAILED));

        IncidentReport report = ReportReader.read(SESSION, "See trace " + TRACE + ".\n\nConfidence: high", calls);

        assertThat(report.evidence().traceIds()).containsExactly(TRACE, other);
        assertThat(report.evidence().queries()).extracting(IncidentReport.Query::kind)
                .containsExactly("bubbleup", "logs", "traces");
        assertThat(report.evidence().queries().getFirst().result()).hasSize(IncidentReport.Query.MAX_RESULT_CHARS);
        assertThat(report.evidence().queries().getFirst().input()).isEqualTo("{\"service\":\"checkout\"}");
        assertThat(report.evidence().queries()).extracting(IncidentReport.Query::error).containsExactly(false, false, true);
        assertThat(report.confidence()).isEqualTo(Confidence.HIGH);
    }

    @Test
    void aReportReadsBackFromItsJsonAsStored() {
        IncidentReport report = ReportReader.read(SESSION, "Summary: s\nSuspected cause: c\nConfidence: low\n"
                + "Not determined: n " + TRACE, List.of(call("git", "{}", "log", ToolCallStatus.SUCCEEDED)));

        assertThat(Json.report(Json.report(report))).isEqualTo(report);
    }
}
