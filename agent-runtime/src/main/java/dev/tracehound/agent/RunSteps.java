package dev.tracehound.agent;

import static dev.tracehound.agent.EventData.error;
import static dev.tracehound.agent.EventData.event;
import static dev.tracehound.agent.EventData.object;

import dev.tracehound.agent.EventTypes.DoneReason;
import dev.tracehound.agent.metering.Budgets;
import dev.tracehound.agent.metering.Meter;
import dev.tracehound.agent.metering.TokenEstimator;
import dev.tracehound.agent.model.AgentModel;
import dev.tracehound.agent.model.ChatTurn;
import dev.tracehound.agent.model.ModelException;
import dev.tracehound.agent.model.ModelReply;
import dev.tracehound.agent.model.ModelRequest;
import dev.tracehound.agent.model.ToolCall;
import dev.tracehound.agent.session.AgentSession;
import dev.tracehound.agent.session.ModelUsage;
import dev.tracehound.agent.session.SessionEvents;
import dev.tracehound.agent.session.SessionStore;
import dev.tracehound.agent.session.SessionWrites;
import dev.tracehound.agent.session.UsageTotals;
import dev.tracehound.platform.pricing.ModelPrice;
import dev.tracehound.platform.pricing.TokenCounts;
import dev.tracehound.tools.ToolContext;
import dev.tracehound.tools.Tools;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/**
 * The steps of a run: each checks the run's limits and budget, fits the conversation into the
 * model's context window, calls the model, stores its reply, and runs the tool calls it made
 * (or sets aside those that wait for a person), until the model answers or a limit stops it.
 */
final class RunSteps {

    private static final int MAX_CALL_ID = 100;
    private static final int MAX_TOOL_NAME = 200;
    private static final String NOT_RUN = "This call was not run: the run reached its token limit first.";
    private static final String FINAL_STEP = "This is your last step: no more tools. Answer now from what you found, "
            + "and say what you could not determine.";

    private final SessionEvents events;
    private final Tools tools;
    private final AgentModel model;
    private final ModelCalls modelCalls;
    private final ToolRuns toolRuns;
    private final Meter meter;
    private final Budgets budgets;
    private final TokenEstimator estimator;
    private final Function<AgentSession, ToolContext> contexts;
    private final AgentLimits limits;
    private final Clock clock;
    private final List<ModelRequest.ToolSpec> toolSpecs;
    // Counted on first use (the tokenizer loads then), by whichever run comes first; -1 until then.
    private volatile long toolTokens = -1;
    private volatile long systemTokens = -1;

    RunSteps(SessionEvents events, Tools tools, AgentModel model, ModelCalls modelCalls, ToolRuns toolRuns, Meter meter,
            Budgets budgets, TokenEstimator estimator, Function<AgentSession, ToolContext> contexts, AgentLimits limits,
            Clock clock) {
        this.events = events;
        this.tools = tools;
        this.model = model;
        this.modelCalls = modelCalls;
        this.toolRuns = toolRuns;
        this.meter = meter;
        this.budgets = budgets;
        this.estimator = estimator;
        this.contexts = contexts;
        this.limits = limits;
        this.clock = clock;
        this.toolSpecs = tools.list().stream()
                .map(tool -> new ModelRequest.ToolSpec(tool.name(), tool.description(), tool.inputSchema()))
                .toList();
    }

    /** {@code stored}: the session's conversation and usage, as the run's preparation left them. */
    Ending run(RunState run, AgentSession session, SessionStore.RunStart stored) throws RunCancelled {
        long startedAt = clock.millis();
        var window = new ContextWindow(estimator, model.name(), limits.olderToolResultChars());
        long toolTokens = toolTokens();
        long systemTokens = systemTokens();
        // The model is the run's every step: its price is looked up once, not per call.
        Optional<ModelPrice> price = meter.priceOf(model.name());
        // Kept here: during the run only this thread adds to the session's conversation and usage.
        List<ChatTurn> conversation = new ArrayList<>(stored.conversation());
        UsageTotals usedBefore = stored.usage();
        UsageTotals used = usedBefore;
        Set<String> usedIds = new HashSet<>();
        collectIds(conversation, usedIds);
        int reportedDrops = 0;
        int reportedShortened = 0;
        ToolContext context = null;
        for (int step = 1; ; step++) {
            run.checkNotCancelled();
            if (clock.millis() - startedAt > limits.wallClock().toMillis()) {
                return end(run, new SessionWrites(), DoneReason.LIMIT, EventTypes.ERROR, error("limit",
                        "the run took longer than its " + limits.wallClock().toSeconds() + " s limit; ask again to continue"));
            }
            var exhausted = budgets.check(session, used);
            if (exhausted.isPresent()) {
                return end(run, new SessionWrites(), DoneReason.BUDGET, EventTypes.ERROR,
                        error("budget", exhausted.get().message()));
            }
            boolean lastStep = step >= limits.maxSteps();
            long budget = (long) (model.contextWindow() * 0.9) - limits.maxOutputTokens() - systemTokens
                    - (lastStep ? 0 : toolTokens);
            var fitted = window.fit(conversation, Math.max(budget, 1));
            if (fitted.dropped() > reportedDrops || fitted.shortened() > reportedShortened) {
                reportedDrops = fitted.dropped();
                reportedShortened = fitted.shortened();
                events.append(session.id(), EventTypes.CONTEXT_TRIMMED, object().put("dropped_turns", fitted.dropped())
                        .put("shortened_tool_results", fitted.shortened()).put("context_window", model.contextWindow())
                        .toString());
            }
            var turns = new ArrayList<ChatTurn>();
            turns.add(new ChatTurn.System(SystemPrompt.TEXT));
            turns.addAll(fitted.turns());
            if (lastStep) {
                turns.add(new ChatTurn.System(FINAL_STEP));
            }
            var request = new ModelRequest(turns, lastStep ? List.of() : toolSpecs, limits.maxOutputTokens());
            ModelCalls.Answer answer;
            try {
                answer = modelCalls.call(run, session, request);
            } catch (ModelException e) {
                return end(run, new SessionWrites(), DoneReason.ERROR, EventTypes.ERROR,
                        error("model", "the model failed: " + e.getMessage()));
            }
            ModelReply reply = answer.reply();
            ModelUsage usage = meter.measure(session, model.name(), price, request, reply);
            used = used.plus(usage);
            long runTokens = used.totalTokens() - usedBefore.totalTokens();
            var writes = new SessionWrites().usage(usage);
            if (!answer.unsentText().isEmpty()) {
                event(writes, EventTypes.MESSAGE_DELTA, object().put("text", answer.unsentText()));
            }
            TokenCounts tokens = usage.tokens();
            event(writes, EventTypes.USAGE, object().put("model", usage.model()).put("input_tokens", tokens.input())
                    .put("output_tokens", tokens.output()).put("cached_input_tokens", tokens.cachedInput())
                    .put("cache_write_tokens", tokens.cacheWrite()).put("reasoning_tokens", tokens.reasoning())
                    .put("estimated", usage.estimated())
                    .put("cost_micros", usage.costMicros()).put("priced", usage.priced()).put("run_tokens", runTokens)
                    .put("session_tokens", used.totalTokens()).put("session_cost_micros", used.costMicros()));
            // On the last step no tools were offered: calls the model makes anyway are ignored.
            List<ToolCall> calls = lastStep ? List.of() : uniqueCalls(reply.toolCalls(), usedIds);
            if (!reply.text().isBlank() || !calls.isEmpty()) {
                var turn = new ChatTurn.Assistant(reply.text(), calls);
                writes.message(turn);
                conversation.add(turn);
            }
            if (lastStep && reply.text().isBlank()) {
                return end(run, writes, DoneReason.LIMIT, EventTypes.ERROR, error("limit", "the run reached its limit of "
                        + limits.maxSteps() + " steps without an answer; ask again to continue"));
            }
            if (calls.isEmpty()) {
                return end(run, writes, DoneReason.COMPLETED, EventTypes.MESSAGE_COMPLETED,
                        object().put("text", reply.text()));
            }
            if (runTokens > limits.maxRunTokens()) {
                for (ToolCall call : calls) {
                    var result = new ChatTurn.ToolResult(call.id(), call.name(), NOT_RUN);
                    writes.message(result);
                    conversation.add(result);
                }
                return end(run, writes, DoneReason.LIMIT, EventTypes.ERROR, error("limit", "the run used " + runTokens
                        + " tokens, over its " + limits.maxRunTokens() + " limit; ask again to continue"));
            }
            var now = new ArrayList<ToolCall>();
            var waiting = new ArrayList<ToolCall>();
            for (ToolCall call : calls) {
                if (limits.approvalRequired().contains(call.name()) || tools.needsApproval(call.name(), call.arguments())) {
                    writes.awaitApproval(call);
                    waiting.add(call);
                } else {
                    writes.startCall(call);
                    now.add(call);
                }
            }
            now.forEach(call -> EventData.started(writes, call));
            events.write(session.id(), writes);
            if (context == null && !now.isEmpty()) {
                context = contexts.apply(session);
            }
            conversation.addAll(toolRuns.run(run, session, context, now));
            if (!waiting.isEmpty()) {
                // Asked for last, once the run is over but for its last events: a decision made as soon
                // as it is asked for waits for done instead of failing.
                var asking = new SessionWrites();
                for (ToolCall call : waiting) {
                    event(asking, EventTypes.APPROVAL_REQUIRED, object().put("call_id", call.id())
                            .put("tool", call.name()).put("arguments", call.arguments()));
                }
                return end(run, asking, DoneReason.AWAITING_APPROVAL);
            }
        }
    }

    /** Ends the run with its last event before done (see {@link RunState#finish}). */
    private static Ending end(RunState run, SessionWrites writes, DoneReason reason, String type, ObjectNode data) {
        event(writes, type, data);
        return end(run, writes, reason);
    }

    private static Ending end(RunState run, SessionWrites writes, DoneReason reason) {
        run.finish();
        return new Ending(reason, writes);
    }

    /** The tokens of the tools' descriptions, counted once: they are the same in every request. */
    private long toolTokens() {
        long tokens = toolTokens;
        if (tokens < 0) {
            tokens = toolSpecs.stream()
                    .mapToLong(spec -> estimator.count(model.name(), spec.name() + spec.description() + spec.inputSchema()))
                    .sum();
            toolTokens = tokens;
        }
        return tokens;
    }

    /** The system prompt's tokens, counted once. */
    private long systemTokens() {
        long tokens = systemTokens;
        if (tokens < 0) {
            tokens = estimator.count(model.name(), SystemPrompt.TEXT);
            systemTokens = tokens;
        }
        return tokens;
    }

    /**
     * Gives every call an id not used before in the session (local servers repeat "call_1"),
     * and a name and id the store can keep; a call without a name fails as an unknown tool.
     */
    private static List<ToolCall> uniqueCalls(List<ToolCall> calls, Set<String> used) {
        var unique = new ArrayList<ToolCall>(calls.size());
        for (ToolCall call : calls) {
            String id = call.id() == null || call.id().isBlank() ? "call" : cut(call.id(), MAX_CALL_ID);
            String candidate = id;
            for (int n = 2; used.contains(candidate); n++) {
                candidate = id + "-" + n;
            }
            used.add(candidate);
            String name = call.name() == null || call.name().isBlank() ? "unnamed" : cut(call.name(), MAX_TOOL_NAME);
            unique.add(new ToolCall(candidate, name, call.arguments() == null ? "" : call.arguments()));
        }
        return unique;
    }

    private static String cut(String text, int length) {
        return text.length() > length ? text.substring(0, length) : text;
    }

    private static void collectIds(List<ChatTurn> conversation, Set<String> used) {
        for (ChatTurn turn : conversation) {
            if (turn instanceof ChatTurn.Assistant assistant) {
                assistant.toolCalls().forEach(call -> used.add(call.id()));
            }
        }
    }
}
