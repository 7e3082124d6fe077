package dev.tracehound.evals.score;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What the agent did to answer: its tool calls in order, the tokens and cost of its model calls,
 * and how long it took.
 */
public record Trajectory(List<Call> calls, long inputTokens, long outputTokens, double costUsd, long wallMillis) {

    /** One tool call: the tool, its arguments as JSON, and whether it failed. */
    public record Call(String tool, String arguments, boolean failed) {

        public Call {
            Objects.requireNonNull(tool, "tool");
            arguments = arguments == null ? "" : arguments;
        }
    }

    public Trajectory {
        calls = List.copyOf(calls);
    }

    /** Calls that repeat an earlier one exactly: the same tool with the same arguments. */
    public int repeatedCalls() {
        var seen = new HashSet<String>();
        int repeated = 0;
        for (Call call : calls) {
            if (!seen.add(call.tool() + "\u0000" + call.arguments())) {
                repeated++;
            }
        }
        return repeated;
    }

    public long tokens() {
        return inputTokens + outputTokens;
    }
}
