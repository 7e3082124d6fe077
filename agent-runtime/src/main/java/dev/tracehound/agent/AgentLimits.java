package dev.tracehound.agent;

import java.time.Duration;
import java.util.Set;

/**
 * Where a run stops, and how much of the conversation a model sees.
 *
 * @param maxSteps              model calls in one run; the last is made without tools, so the model answers
 * @param maxRunTokens          input plus output tokens of one run's model calls
 * @param wallClock             how long one run may take
 * @param maxOutputTokens       the most a model may write in one call
 * @param olderToolResultChars  tool results from before the latest question are shortened to this
 * @param approvalRequired      tools whose every call waits for a person's approval (the tools
 *                              themselves also ask, e.g. a shell command that wants the network)
 */
public record AgentLimits(int maxSteps, long maxRunTokens, Duration wallClock, int maxOutputTokens,
        int olderToolResultChars, Set<String> approvalRequired) {

    public AgentLimits {
        if (maxSteps < 1 || maxSteps > 100) {
            throw new IllegalArgumentException("maxSteps must be 1-100, was " + maxSteps);
        }
        if (maxRunTokens < 1_000) {
            throw new IllegalArgumentException("maxRunTokens must be at least 1000, was " + maxRunTokens);
        }
        if (wallClock == null || wallClock.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("wallClock must be at least 1 s, was " + wallClock);
        }
        if (maxOutputTokens < 16) {
            throw new IllegalArgumentException("maxOutputTokens must be at least 16, was " + maxOutputTokens);
        }
        if (olderToolResultChars < 200) {
            throw new IllegalArgumentException("olderToolResultChars must be at least 200, was " + olderToolResultChars);
        }
        approvalRequired = approvalRequired == null ? Set.of() : Set.copyOf(approvalRequired);
    }

    /** 12 steps, 400k tokens and 10 minutes a run, 4096 output tokens a call. */
    public static AgentLimits defaults() {
        return new AgentLimits(12, 400_000, Duration.ofMinutes(10), 4096, 2_000, Set.of());
    }

    public AgentLimits withMaxSteps(int value) {
        return new AgentLimits(value, maxRunTokens, wallClock, maxOutputTokens, olderToolResultChars, approvalRequired);
    }

    public AgentLimits withMaxRunTokens(long value) {
        return new AgentLimits(maxSteps, value, wallClock, maxOutputTokens, olderToolResultChars, approvalRequired);
    }

    public AgentLimits withWallClock(Duration value) {
        return new AgentLimits(maxSteps, maxRunTokens, value, maxOutputTokens, olderToolResultChars, approvalRequired);
    }

    public AgentLimits withApprovalRequired(Set<String> tools) {
        return new AgentLimits(maxSteps, maxRunTokens, wallClock, maxOutputTokens, olderToolResultChars, tools);
    }
}
