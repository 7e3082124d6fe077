package dev.tracehound.agent.metering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.agent.model.ChatTurn;
import dev.tracehound.agent.model.ModelReply;
import dev.tracehound.agent.model.ModelRequest;
import dev.tracehound.agent.model.ToolCall;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenEstimatorTest {

    private static final TokenEstimator ESTIMATOR = new TokenEstimator();

    private static ModelRequest request(String question) {
        return new ModelRequest(List.of(new ChatTurn.System("You investigate telemetry."), new ChatTurn.User(question)),
                List.of(), 1024);
    }

    @Test
    void countsAreNonZeroAndGrowWithTheText() {
        long short_ = ESTIMATOR.inputTokens("gpt-4o", request("Why is checkout slow?"));
        long long_ = ESTIMATOR.inputTokens("gpt-4o", request("Why is checkout slow? ".repeat(50)));

        assertThat(short_).isBetween(10L, 40L);
        assertThat(long_).isGreaterThan(short_ + 200);
    }

    @Test
    void aTextIsCountedWithTheModelsTokenizer() {
        // "hello world" is two tokens in both encodings; the encodings differ on other text.
        assertThat(ESTIMATOR.count("gpt-4o-mini", "hello world")).isEqualTo(2);
        assertThat(ESTIMATOR.count("claude-sonnet-4", "hello world")).isEqualTo(2);
        assertThat(ESTIMATOR.count("gpt-4o", "")).isZero();
        assertThat(ESTIMATOR.count("gpt-4o", "text with <|endoftext|> inside")).isPositive();
    }

    @Test
    void toolsAndToolCallsAndResultsCount() {
        ModelRequest plain = request("Why is checkout slow?");
        ModelRequest withTools = new ModelRequest(plain.turns(), List.of(new ModelRequest.ToolSpec("aggregate",
                "Counts spans grouped by attributes over a time range.",
                "{\"type\":\"object\",\"properties\":{\"groupBy\":{\"type\":\"array\"}}}")), 1024);
        ModelRequest withResults = new ModelRequest(List.of(plain.turns().get(0), plain.turns().get(1),
                new ChatTurn.Assistant("", List.of(new ToolCall("c1", "aggregate", "{\"groupBy\":[\"service.name\"]}"))),
                new ChatTurn.ToolResult("c1", "aggregate", "checkout p99 2300 ms, cart p99 80 ms")), List.of(), 1024);

        long base = ESTIMATOR.inputTokens("gpt-4o", plain);
        assertThat(ESTIMATOR.inputTokens("gpt-4o", withTools)).isGreaterThan(base + 20);
        assertThat(ESTIMATOR.inputTokens("gpt-4o", withResults)).isGreaterThan(base + 20);
    }

    @Test
    void aRepliesTextAndToolCallsAreItsOutput() {
        ModelReply text = new ModelReply("checkout is slow since the deploy", List.of(), Optional.empty());
        ModelReply calls = new ModelReply("", List.of(new ToolCall("c1", "bubbleup", "{\"where\":\"duration_ms > 1000\"}")),
                Optional.empty());

        assertThat(ESTIMATOR.outputTokens("gpt-4o", text)).isBetween(5L, 12L);
        assertThat(ESTIMATOR.outputTokens("gpt-4o", calls)).isGreaterThan(10);
        assertThat(ESTIMATOR.outputTokens("gpt-4o", new ModelReply("", List.of(), Optional.empty()))).isZero();
    }
}
