package dev.tracehound.bench;

import dev.tracehound.agent.model.AgentModel;
import dev.tracehound.agent.model.ChatTurn;
import dev.tracehound.agent.model.ModelReply;
import dev.tracehound.agent.model.ModelRequest;
import dev.tracehound.agent.model.ToolCall;
import dev.tracehound.platform.pricing.TokenCounts;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/** A model that answers at once: a call of the stub tool until the run has made steps - 1, then a text answer. */
final class InstantModel implements AgentModel {
    private final int steps;
    private volatile LongConsumer onCall = at -> { };

    InstantModel(int steps) {
        this.steps = steps;
    }

    void onCall(LongConsumer consumer) {
        this.onCall = consumer;
    }

    @Override
    public String name() {
        return "bench-instant-model";
    }

    @Override
    public int contextWindow() {
        return 128_000;
    }

    @Override
    public ModelReply reply(ModelRequest request, Consumer<String> textDeltas) {
        onCall.accept(System.nanoTime());
        int results = 0;
        for (ChatTurn turn : request.turns()) {
            if (turn instanceof ChatTurn.User) {
                results = 0;
            } else if (turn instanceof ChatTurn.ToolResult) {
                results++;
            }
        }
        var usage = Optional.of(TokenCounts.of(1_000 + 40L * results, 20));
        if (results < steps - 1 && !request.tools().isEmpty()) {
            int n = results + 1;
            return new ModelReply("", List.of(new ToolCall("call_" + n, StubTool.NAME, "{\"q\":\"step " + n + "\"}")),
                    usage);
        }
        String answer = "Looked it up " + results + " times; every lookup answered at once.";
        textDeltas.accept(answer);
        return new ModelReply(answer, List.of(), usage);
    }
}
