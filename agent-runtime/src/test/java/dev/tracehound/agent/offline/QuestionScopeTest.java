package dev.tracehound.agent.offline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.agent.offline.QuestionScope.TimeWindow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuestionScopeTest {

    private static final Instant NOW = Instant.parse("2026-01-15T11:30:00Z");
    private static final List<String> SERVICES = List.of("frontend", "checkout", "payments", "inventory");

    private static TimeWindow asked(String question) {
        return QuestionScope.of(question, NOW).asked().orElseThrow();
    }

    private static TimeWindow window(String from, String to) {
        return new TimeWindow(Instant.parse(from), Instant.parse(to));
    }

    @Test
    void theTimesPeopleSayAreUtcWindows() {
        assertThat(asked("why is checkout slow since this morning?"))
                .isEqualTo(window("2026-01-15T06:00:00Z", "2026-01-15T11:30:00Z"));
        assertThat(asked("errors in the last 30 minutes")).isEqualTo(window("2026-01-15T11:00:00Z", "2026-01-15T11:30:00Z"));
        assertThat(asked("what happened in the past hour")).isEqualTo(window("2026-01-15T10:30:00Z", "2026-01-15T11:30:00Z"));
        assertThat(asked("slow over the last two days")).isEqualTo(window("2026-01-13T11:30:00Z", "2026-01-15T11:30:00Z"));
        assertThat(asked("what changed since 9:15?")).isEqualTo(window("2026-01-15T09:15:00Z", "2026-01-15T11:30:00Z"));
        assertThat(asked("anything since 2pm?")).isEqualTo(window("2026-01-14T14:00:00Z", "2026-01-15T11:30:00Z"));
        assertThat(asked("what broke yesterday")).isEqualTo(window("2026-01-14T00:00:00Z", "2026-01-15T00:00:00Z"));
        assertThat(asked("last 3 weeks please")).isEqualTo(window("2026-01-08T11:30:00Z", "2026-01-15T11:30:00Z"));
        assertThat(asked("requests between 09:28 UTC and 09:45 UTC?"))
                .isEqualTo(window("2026-01-15T09:28:00Z", "2026-01-15T09:45:00Z"));
        assertThat(asked("errors from 23:50 to 00:10")).isEqualTo(window("2026-01-14T23:50:00Z", "2026-01-15T00:10:00Z"));
        assertThat(asked("slow since 40 minutes ago")).isEqualTo(window("2026-01-15T10:50:00Z", "2026-01-15T11:30:00Z"));
        assertThat(asked("it broke an hour ago")).isEqualTo(window("2026-01-15T10:30:00Z", "2026-01-15T11:30:00Z"));
        assertThat(asked("what's wrong right now?")).isEqualTo(window("2026-01-15T10:30:00Z", "2026-01-15T11:30:00Z"));
        assertThat(asked("spend this week")).isEqualTo(window("2026-01-12T00:00:00Z", "2026-01-15T11:30:00Z"));
        assertThat(QuestionScope.of("between 2 and 3 errors a minute", NOW).asked()).isEmpty();
    }

    @Test
    void theAnalysisAddsAsMuchTimeBeforeToCompareWithAndDefaultsToTheLastDay() {
        // At least an hour before, so short windows still have a "before".
        assertThat(QuestionScope.of("errors in the last 30 minutes", NOW).analysis())
                .isEqualTo(window("2026-01-15T10:00:00Z", "2026-01-15T11:30:00Z"));
        assertThat(QuestionScope.of("since this morning", NOW).analysis())
                .isEqualTo(window("2026-01-15T00:30:00Z", "2026-01-15T11:30:00Z"));
        assertThat(QuestionScope.of("why is it slow?", NOW).asked()).isEmpty();
        assertThat(QuestionScope.of("why is it slow?", NOW).analysis())
                .isEqualTo(window("2026-01-14T11:30:00Z", "2026-01-15T11:30:00Z"));
    }

    @Test
    void servicesAreNamedAsWholeWordsInTheOrderOfTheQuestion() {
        assertThat(QuestionScope.of("Is payment failing because inventory or checkout is slow?", NOW).mentioned(SERVICES))
                .containsExactly("payments", "inventory", "checkout");
        assertThat(QuestionScope.of("why is the frontend-proxy slow?", NOW).mentioned(SERVICES)).isEmpty();
        assertThat(QuestionScope.of("checkouts fail", NOW).mentioned(SERVICES)).containsExactly("checkout");
    }

    @Test
    void aQuestionWithoutWordsIsNotReadable() {
        assertThat(QuestionScope.of("???", NOW).readable()).isFalse();
        assertThat(QuestionScope.of("", NOW).readable()).isFalse();
        assertThat(QuestionScope.of("hmm?", NOW).readable()).isTrue();
    }
}
