package dev.tracehound.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.agent.metering.TokenEstimator;
import dev.tracehound.agent.model.ChatTurn;
import dev.tracehound.agent.model.ToolCall;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContextWindowTest {

    private static final String MODEL = "gpt-4o-mini";
    private static final TokenEstimator ESTIMATOR = new TokenEstimator();

    private static ContextWindow window() {
        return new ContextWindow(ESTIMATOR, MODEL, 200);
    }

    @Test
    void aConversationThatFitsIsKeptWholeButOlderLongResultsAreShortened() {
        var conversation = List.<ChatTurn>of(
                new ChatTurn.User("first"), assistantCalling("c1"), new ChatTurn.ToolResult("c1", "t", "x".repeat(500)),
                new ChatTurn.Assistant("answer", List.of()), new ChatTurn.User("second"), assistantCalling("c2"),
                new ChatTurn.ToolResult("c2", "t", "y".repeat(500)));

        var fitted = window().fit(conversation, 1_000_000);

        assertThat(fitted.dropped()).isZero();
        assertThat(fitted.shortened()).isEqualTo(1);
        assertThat(fitted.turns()).hasSize(conversation.size());
        assertThat(((ChatTurn.ToolResult) fitted.turns().get(2)).content())
                .startsWith("x".repeat(200)).contains("[shortened: 300 more characters");
        assertThat(fitted.turns().subList(3, 7)).isEqualTo(conversation.subList(3, 7));
    }

    @Test
    void theOldestRoundsAreDroppedWholeSoWhatIsKeptStartsWithAQuestion() {
        String big = "word ".repeat(400);
        var conversation = List.<ChatTurn>of(
                new ChatTurn.User(big), new ChatTurn.Assistant("short answer", List.of()),
                new ChatTurn.User("second question"), new ChatTurn.Assistant("second answer", List.of()),
                new ChatTurn.User("third question"));

        // Room for the last two rounds, not for the first: dropping its question alone would do,
        // but would leave an answer first.
        var fitted = window().fit(conversation, 100);

        assertThat(fitted.dropped()).isEqualTo(2);
        assertThat(fitted.turns()).containsExactly(
                new ChatTurn.System("Earlier in this session 2 turns were dropped to fit the context window; ask the person if you need them."),
                new ChatTurn.User("second question"), new ChatTurn.Assistant("second answer", List.of()),
                new ChatTurn.User("third question"));
    }

    @Test
    void resultsOfTheCurrentQuestionsEarlierStepsAreShortenedOldestFirstButNotTheLatestSteps() {
        String result = "latency 42 ms ".repeat(300);
        var conversation = List.<ChatTurn>of(
                new ChatTurn.User("why?"), assistantCalling("c1"), new ChatTurn.ToolResult("c1", "t", result),
                assistantCalling("c2"), new ChatTurn.ToolResult("c2", "t", result),
                assistantCalling("c3"), new ChatTurn.ToolResult("c3", "t", result));
        long one = ESTIMATOR.count(MODEL, result);

        var fitted = window().fit(conversation, 2 * one + 300);

        assertThat(fitted.dropped()).isZero();
        assertThat(fitted.shortened()).isEqualTo(1);
        assertThat(((ChatTurn.ToolResult) fitted.turns().get(2)).content()).contains("[shortened");
        assertThat(fitted.turns().subList(3, 7)).isEqualTo(conversation.subList(3, 7));

        var tight = window().fit(conversation, 1);

        assertThat(tight.shortened()).isEqualTo(2);
        assertThat(((ChatTurn.ToolResult) tight.turns().get(6)).content()).isEqualTo(result);
    }

    @Test
    void whateverTheBudgetWhatIsKeptIsWellFormedAndEndsWithTheLatestQuestionsTurns() {
        var random = new Random(42);
        for (int sample = 0; sample < 300; sample++) {
            List<ChatTurn> conversation = randomConversation(random);
            int lastQuestion = conversation.lastIndexOf(conversation.stream().filter(ChatTurn.User.class::isInstance)
                    .reduce((a, b) -> b).orElseThrow());
            long budget = 1 + random.nextInt(3_000);

            var fitted = window().fit(conversation, budget);

            List<ChatTurn> kept = fitted.turns().stream().dropWhile(ChatTurn.System.class::isInstance).toList();
            assertThat(kept.getFirst()).as("sample %d", sample).isInstanceOf(ChatTurn.User.class);
            assertWellFormed(kept);
            assertThat(kept).hasSize(conversation.size() - fitted.dropped());
            assertThat(fitted.turns().size() - kept.size()).isEqualTo(fitted.dropped() > 0 ? 1 : 0);
            // The latest question and everything after it are there, shortened at most.
            List<ChatTurn> latest = conversation.subList(lastQuestion, conversation.size());
            List<ChatTurn> keptLatest = kept.subList(kept.size() - latest.size(), kept.size());
            for (int i = 0; i < latest.size(); i++) {
                if (latest.get(i) instanceof ChatTurn.ToolResult result) {
                    assertThat(((ChatTurn.ToolResult) keptLatest.get(i)).callId()).isEqualTo(result.callId());
                } else {
                    assertThat(keptLatest.get(i)).isEqualTo(latest.get(i));
                }
            }
        }
    }

    private static List<ChatTurn> randomConversation(Random random) {
        var turns = new ArrayList<ChatTurn>();
        int rounds = 1 + random.nextInt(5);
        int call = 0;
        for (int round = 0; round < rounds; round++) {
            turns.add(new ChatTurn.User("question " + round + " " + "detail ".repeat(random.nextInt(300))));
            int steps = random.nextInt(4);
            for (int step = 0; step < steps; step++) {
                var calls = new ArrayList<ToolCall>();
                int count = 1 + random.nextInt(3);
                for (int c = 0; c < count; c++) {
                    calls.add(new ToolCall("c" + ++call, "t", "{}"));
                }
                turns.add(new ChatTurn.Assistant(random.nextBoolean() ? "" : "looking", calls));
                for (ToolCall c : calls) {
                    turns.add(new ChatTurn.ToolResult(c.id(), "t", "row ".repeat(random.nextInt(600))));
                }
            }
            if (round < rounds - 1 || random.nextBoolean()) {
                turns.add(new ChatTurn.Assistant("answer " + round, List.of()));
            }
        }
        return turns;
    }

    private static void assertWellFormed(List<ChatTurn> turns) {
        Set<String> open = new HashSet<>();
        for (ChatTurn turn : turns) {
            if (turn instanceof ChatTurn.ToolResult result) {
                assertThat(open.remove(result.callId())).as("%s answers a call of the turn before", result.callId()).isTrue();
                continue;
            }
            assertThat(open).isEmpty();
            if (turn instanceof ChatTurn.Assistant assistant) {
                assistant.toolCalls().forEach(c -> open.add(c.id()));
            }
        }
        assertThat(open).isEmpty();
    }

    private static ChatTurn.Assistant assistantCalling(String id) {
        return new ChatTurn.Assistant("", List.of(new ToolCall(id, "t", "{}")));
    }
}
