package dev.tracehound.agent;

import dev.tracehound.agent.EventTypes.DoneReason;
import dev.tracehound.tools.ToolContext;
import dev.tracehound.tools.ToolReference;
import dev.tracehound.tools.ToolResult;
import dev.tracehound.tools.Tools;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The agent: a session's messages go to the model, the model's tool calls run (several at once
 * in parallel), their results go back, until the model answers or a limit stops the run. Every
 * step is stored (messages, tool calls, usage) and streamed as the session's events, so a run
 * can be watched live, replayed, and continued after a restart. One run per session at a time.
 */
public final class AgentLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AgentLoop.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final int MODEL_RETRIES = 2;
    private static final Duration DELTA_FLUSH = Duration.ofMillis(50);
    private static final int EVENT_CONTENT_CHARS = 4_000;
    private static final String INTERRUPTED_CALL = "This call did not finish: the run stopped before it did "
            + "(cancelled, or the service restarted).";
    private static final String FINAL_STEP = "This is your last step: no more tools. Answer now from what you found, "
            + "and say what you could not determine.";

    /** A run that started: its events are those of the session numbered above {@code afterSequence}. */
    public record Run(UUID sessionId, long afterSequence) {}

    /** The session has a run already; wait for its {@code done}, or cancel it. */
    public static final class SessionBusyException extends RuntimeException {
        SessionBusyException(UUID sessionId) {
            super("session " + sessionId + " is running; wait for it to finish or cancel it");
        }
    }

    private final SessionStore store;
    private final SessionEvents events;
    private final Tools tools;
    private final AgentModel model;
    private final Meter meter;
    private final Budgets budgets;
    private final TokenEstimator estimator;
    private final Function<AgentSession, ToolContext> contexts;
    private final AgentLimits limits;
    private final Clock clock;
    private final List<ModelRequest.ToolSpec> toolSpecs;
    private final Map<UUID, Thread> running = new ConcurrentHashMap<>();

    public AgentLoop(SessionStore store, SessionEvents events, Tools tools, AgentModel model, Meter meter,
            Budgets budgets, TokenEstimator estimator, Function<AgentSession, ToolContext> contexts, AgentLimits limits,
            Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.events = Objects.requireNonNull(events, "events");
        this.tools = Objects.requireNonNull(tools, "tools");
        this.model = Objects.requireNonNull(model, "model");
        this.meter = Objects.requireNonNull(meter, "meter");
        this.budgets = Objects.requireNonNull(budgets, "budgets");
        this.estimator = Objects.requireNonNull(estimator, "estimator");
        this.contexts = Objects.requireNonNull(contexts, "contexts");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.toolSpecs = tools.list().stream()
                .map(tool -> new ModelRequest.ToolSpec(tool.name(), tool.description(), tool.inputSchema()))
                .toList();
    }

    public AgentModel model() {
        return model;
    }

    /**
     * Adds a person's message to the session and starts a run that answers it.
     *
     * @throws SessionNotFoundException no such session
     * @throws SessionBusyException     a run of the session is still going
     */
    public Run send(UUID sessionId, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a message needs some text");
        }
        AgentSession session = store.get(sessionId).orElseThrow(() -> new SessionNotFoundException(sessionId));
        return start(session, () -> {
            closeUnanswered(session, true);
            store.appendMessage(session.id(), new ChatTurn.User(text));
        });
    }

    /**
     * Approves or denies a tool call that waits; once no call of the session waits any more, a
     * run continues the session with the approved calls' results (or the denials).
     *
     * @return the run, or empty when other calls still wait for a decision
     * @throws IllegalArgumentException the call does not wait for a decision
     */
    public Optional<Run> decide(UUID sessionId, String callId, boolean approve) {
        AgentSession session = store.get(sessionId).orElseThrow(() -> new SessionNotFoundException(sessionId));
        if (running.containsKey(sessionId)) {
            throw new SessionBusyException(sessionId);
        }
        var waiting = store.toolCalls(sessionId).stream()
                .filter(call -> call.status() == ToolCallStatus.AWAITING_APPROVAL)
                .toList();
        var decided = waiting.stream().filter(call -> call.callId().equals(callId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("tool call " + callId + " of session " + sessionId
                        + " does not wait for approval"));
        if (approve) {
            store.approve(sessionId, callId);
        } else {
            store.finishToolCall(sessionId, callId, ToolCallStatus.DENIED, "denied by the user", Optional.empty());
            store.appendMessage(sessionId, new ChatTurn.ToolResult(callId, decided.toolName(),
                    "The user denied this call. Do not retry it; continue without it or ask the user."));
        }
        if (waiting.size() > 1) {
            return Optional.empty();
        }
        List<ToolCall> approved = store.toolCalls(sessionId).stream()
                .filter(call -> call.status() == ToolCallStatus.RUNNING)
                .map(call -> new ToolCall(call.callId(), call.toolName(), call.arguments()))
                .toList();
        return Optional.of(start(session, () -> {
            var context = contexts.apply(session);
            for (ChatTurn.ToolResult result : runTools(session, context, approved, true)) {
                store.appendMessage(session.id(), result);
            }
        }));
    }

    /** Stops the session's run, killing what its tools run; false when nothing runs. */
    public boolean cancel(UUID sessionId) {
        Thread thread = running.get(sessionId);
        if (thread == null) {
            return false;
        }
        thread.interrupt();
        return true;
    }

    public boolean isRunning(UUID sessionId) {
        return running.containsKey(sessionId);
    }

    /** Cancels every run and waits a little for them to stop. */
    @Override
    public void close() {
        var threads = List.copyOf(running.values());
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @FunctionalInterface
    private interface Preparation {
        void run() throws InterruptedException;
    }

    private Run start(AgentSession session, Preparation preparation) {
        long after = store.lastEventSequence(session.id());
        var ready = new Object();
        synchronized (ready) {
            Thread thread = Thread.ofVirtual().name("agent-run-" + session.id()).unstarted(() -> {
                synchronized (ready) {
                    // waits until the thread is registered, so a cancel right after start finds it
                }
                try {
                    runSession(session, preparation);
                } finally {
                    running.remove(session.id());
                }
            });
            if (running.putIfAbsent(session.id(), thread) != null) {
                throw new SessionBusyException(session.id());
            }
            thread.start();
        }
        return new Run(session.id(), after);
    }

    private void runSession(AgentSession session, Preparation preparation) {
        DoneReason reason = DoneReason.ERROR;
        try {
            store.setStatus(session.id(), SessionStatus.RUNNING);
            preparation.run();
            reason = loop(session);
        } catch (InterruptedException e) {
            reason = DoneReason.CANCELLED;
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                reason = DoneReason.CANCELLED;
            } else {
                log.error("the run of session {} failed", session.id(), e);
                emitQuietly(session, EventTypes.ERROR, error("internal", "the run failed: " + e.getMessage()));
            }
        } finally {
            // Clear the interrupt first: an interrupted virtual thread would close the database connection.
            boolean cancelled = Thread.interrupted() || reason == DoneReason.CANCELLED;
            if (cancelled) {
                reason = DoneReason.CANCELLED;
                try {
                    closeUnanswered(session, false);
                } catch (RuntimeException e) {
                    log.warn("closing the unfinished tool calls of session {} failed", session.id(), e);
                }
                emitQuietly(session, EventTypes.ERROR, error("cancelled", "the run was cancelled"));
            }
            try {
                store.setStatus(session.id(), reason == DoneReason.AWAITING_APPROVAL ? SessionStatus.AWAITING_APPROVAL
                        : SessionStatus.IDLE);
            } catch (RuntimeException e) {
                log.warn("recording the status of session {} failed", session.id(), e);
            }
            emitQuietly(session, EventTypes.DONE, object().put("reason", reason.wireName()));
        }
    }

    private DoneReason loop(AgentSession session) throws InterruptedException {
        long startedAt = clock.millis();
        long runTokens = 0;
        var window = new ContextWindow(estimator, model.name(), limits.olderToolResultChars());
        long toolTokens = toolSpecs.stream()
                .mapToLong(spec -> estimator.count(model.name(), spec.name() + spec.description() + spec.inputSchema()))
                .sum();
        long systemTokens = estimator.count(model.name(), SystemPrompt.TEXT);
        int reportedDrops = 0;
        int reportedShortened = 0;
        ToolContext context = null;
        Set<String> usedIds = new HashSet<>();
        for (int step = 1; ; step++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            if (clock.millis() - startedAt > limits.wallClock().toMillis()) {
                emit(session, EventTypes.ERROR, error("limit", "the run took longer than its "
                        + limits.wallClock().toSeconds() + " s limit; ask again to continue"));
                return DoneReason.LIMIT;
            }
            var exhausted = budgets.check(session);
            if (exhausted.isPresent()) {
                emit(session, EventTypes.ERROR, error("budget", exhausted.get().message()));
                return DoneReason.BUDGET;
            }
            boolean lastStep = step >= limits.maxSteps();
            List<ChatTurn> conversation = store.conversation(session.id());
            collectIds(conversation, usedIds);
            long budget = (long) (model.contextWindow() * 0.9) - limits.maxOutputTokens() - systemTokens
                    - (lastStep ? 0 : toolTokens);
            var fitted = window.fit(conversation, Math.max(budget, 1));
            if (fitted.dropped() > reportedDrops || fitted.shortened() > reportedShortened) {
                reportedDrops = fitted.dropped();
                reportedShortened = fitted.shortened();
                emit(session, EventTypes.CONTEXT_TRIMMED, object().put("dropped_turns", fitted.dropped())
                        .put("shortened_tool_results", fitted.shortened()).put("context_window", model.contextWindow()));
            }
            var turns = new ArrayList<ChatTurn>();
            turns.add(new ChatTurn.System(SystemPrompt.TEXT));
            turns.addAll(fitted.turns());
            if (lastStep) {
                turns.add(new ChatTurn.System(FINAL_STEP));
            }
            var request = new ModelRequest(turns, lastStep ? List.of() : toolSpecs, limits.maxOutputTokens());
            ModelReply reply;
            try {
                reply = callModel(session, request);
            } catch (ModelException e) {
                emit(session, EventTypes.ERROR, error("model", "the model failed: " + e.getMessage()));
                return DoneReason.ERROR;
            }
            ModelUsage usage = meter.record(session, model.name(), request, reply);
            runTokens += usage.totalTokens();
            UsageTotals totals = store.sessionUsage(session.id());
            emit(session, EventTypes.USAGE, object().put("model", usage.model()).put("input_tokens", usage.inputTokens())
                    .put("output_tokens", usage.outputTokens()).put("estimated", usage.estimated())
                    .put("cost_micros", usage.costMicros()).put("priced", usage.priced()).put("run_tokens", runTokens)
                    .put("session_tokens", totals.inputTokens() + totals.outputTokens())
                    .put("session_cost_micros", totals.costMicros()));
            List<ToolCall> calls = lastStep ? List.of() : uniqueIds(reply.toolCalls(), usedIds);
            store.appendMessage(session.id(), new ChatTurn.Assistant(reply.text(), calls));
            if (lastStep && reply.text().isBlank()) {
                emit(session, EventTypes.ERROR, error("limit", "the run reached its limit of " + limits.maxSteps()
                        + " steps without an answer; ask again to continue"));
                return DoneReason.LIMIT;
            }
            if (calls.isEmpty()) {
                emit(session, EventTypes.MESSAGE_COMPLETED, object().put("text", reply.text()));
                return DoneReason.COMPLETED;
            }
            if (runTokens > limits.maxRunTokens()) {
                closeUnanswered(session, false);
                emit(session, EventTypes.ERROR, error("limit", "the run used " + runTokens + " tokens, over its "
                        + limits.maxRunTokens() + " limit; ask again to continue"));
                return DoneReason.LIMIT;
            }
            var now = new ArrayList<ToolCall>();
            boolean waiting = false;
            for (ToolCall call : calls) {
                if (limits.approvalRequired().contains(call.name()) || tools.needsApproval(call.name(), call.arguments())) {
                    store.awaitApproval(session.id(), call);
                    emit(session, EventTypes.APPROVAL_REQUIRED, object().put("call_id", call.id())
                            .put("tool", call.name()).put("arguments", call.arguments()));
                    waiting = true;
                } else {
                    now.add(call);
                }
            }
            if (context == null && !now.isEmpty()) {
                context = contexts.apply(session);
            }
            for (ChatTurn.ToolResult result : runTools(session, context, now, false)) {
                store.appendMessage(session.id(), result);
            }
            if (waiting) {
                return DoneReason.AWAITING_APPROVAL;
            }
        }
    }

    private ModelReply callModel(AgentSession session, ModelRequest request) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            var deltas = new DeltaBuffer(session);
            try {
                ModelReply reply = model.reply(request, deltas::add);
                deltas.flush();
                return reply;
            } catch (ModelException e) {
                deltas.flush();
                if (!e.retryable() || attempt >= MODEL_RETRIES) {
                    throw e;
                }
                log.info("model call of session {} failed ({}); retrying", session.id(), e.getMessage());
                Thread.sleep(Duration.ofSeconds(1L << attempt));
            }
        }
    }

    /** Runs the calls at once, one virtual thread each; results come back in the calls' order. */
    private List<ChatTurn.ToolResult> runTools(AgentSession session, ToolContext context, List<ToolCall> calls,
            boolean recorded) throws InterruptedException {
        if (calls.isEmpty()) {
            return List.of();
        }
        var results = new ArrayList<ChatTurn.ToolResult>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<ChatTurn.ToolResult>>();
            for (ToolCall call : calls) {
                futures.add(executor.submit(() -> runTool(session, context, call, recorded)));
            }
            try {
                for (Future<ChatTurn.ToolResult> future : futures) {
                    results.add(future.get());
                }
            } catch (InterruptedException e) {
                executor.shutdownNow();
                throw e;
            } catch (ExecutionException e) {
                executor.shutdownNow();
                if (e.getCause() instanceof InterruptedException interrupted) {
                    throw interrupted;
                }
                throw new IllegalStateException("a tool call failed", e.getCause());
            }
        }
        return results;
    }

    private ChatTurn.ToolResult runTool(AgentSession session, ToolContext context, ToolCall call, boolean recorded)
            throws InterruptedException {
        if (!recorded) {
            store.startToolCall(session.id(), call);
        }
        emit(session, EventTypes.TOOL_STARTED, object().put("call_id", call.id()).put("tool", call.name())
                .put("arguments", call.arguments()));
        long started = System.nanoTime();
        ToolResult result;
        try {
            result = tools.run(call.name(), call.arguments(), context);
        } catch (InterruptedException e) {
            Thread.interrupted();
            store.finishToolCall(session.id(), call.id(), ToolCallStatus.CANCELLED, "cancelled", Optional.empty());
            emitQuietly(session, EventTypes.TOOL_FINISHED, object().put("call_id", call.id()).put("tool", call.name())
                    .put("error", true).put("cancelled", true)
                    .put("duration_ms", (System.nanoTime() - started) / 1_000_000));
            throw e;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        store.finishToolCall(session.id(), call.id(), result.error() ? ToolCallStatus.FAILED : ToolCallStatus.SUCCEEDED,
                result.content(), Optional.ofNullable(result.data()).map(JsonNode::toString));
        var references = JSON.createArrayNode();
        for (ToolReference reference : result.references()) {
            references.add(object().put("kind", reference.kind()).put("id", reference.id())
                    .put("label", reference.label()));
        }
        String content = result.content();
        ObjectNode finished = object().put("call_id", call.id()).put("tool", call.name()).put("error", result.error())
                .put("truncated", result.truncated()).put("duration_ms", millis)
                .put("content", content.length() > EVENT_CONTENT_CHARS ? content.substring(0, EVENT_CONTENT_CHARS)
                        + "…" : content);
        finished.set("references", references);
        emit(session, EventTypes.TOOL_FINISHED, finished);
        return new ChatTurn.ToolResult(call.id(), call.name(), content);
    }

    /**
     * Answers every tool call of the conversation that has no result yet, so the next model
     * call sees a well-formed conversation: calls cut off by a cancel or a restart, and (when a
     * new message arrives) calls still waiting for an approval.
     */
    private void closeUnanswered(AgentSession session, boolean includingWaiting) {
        Set<String> answered = new HashSet<>();
        var asked = new ArrayList<ToolCall>();
        for (ChatTurn turn : store.conversation(session.id())) {
            if (turn instanceof ChatTurn.Assistant assistant) {
                asked.addAll(assistant.toolCalls());
            } else if (turn instanceof ChatTurn.ToolResult result) {
                answered.add(result.callId());
            }
        }
        Map<String, ToolCallStatus> status = new java.util.HashMap<>();
        store.toolCalls(session.id()).forEach(call -> status.put(call.callId(), call.status()));
        for (ToolCall call : asked) {
            if (answered.contains(call.id())) {
                continue;
            }
            ToolCallStatus now = status.get(call.id());
            if (now == ToolCallStatus.AWAITING_APPROVAL && !includingWaiting) {
                continue;
            }
            if (now == ToolCallStatus.AWAITING_APPROVAL || now == ToolCallStatus.RUNNING) {
                store.finishToolCall(session.id(), call.id(), ToolCallStatus.CANCELLED, INTERRUPTED_CALL,
                        Optional.empty());
            }
            store.appendMessage(session.id(), new ChatTurn.ToolResult(call.id(), call.name(), INTERRUPTED_CALL));
        }
    }

    /** Gives every call an id not used before in the session (local servers repeat "call_1"). */
    private static List<ToolCall> uniqueIds(List<ToolCall> calls, Set<String> used) {
        var unique = new ArrayList<ToolCall>(calls.size());
        for (ToolCall call : calls) {
            String id = call.id() == null || call.id().isBlank() ? "call" : call.id();
            String candidate = id;
            for (int n = 2; used.contains(candidate); n++) {
                candidate = id + "-" + n;
            }
            used.add(candidate);
            unique.add(new ToolCall(candidate, call.name(), call.arguments()));
        }
        return unique;
    }

    private static void collectIds(List<ChatTurn> conversation, Set<String> used) {
        for (ChatTurn turn : conversation) {
            if (turn instanceof ChatTurn.Assistant assistant) {
                assistant.toolCalls().forEach(call -> used.add(call.id()));
            }
        }
    }

    private void emit(AgentSession session, String type, JsonNode data) {
        events.append(session.id(), type, data.toString());
    }

    private void emitQuietly(AgentSession session, String type, JsonNode data) {
        try {
            emit(session, type, data);
        } catch (RuntimeException e) {
            log.warn("storing the {} event of session {} failed", type, session.id(), e);
        }
    }

    private static ObjectNode error(String code, String message) {
        return object().put("code", code).put("message", message);
    }

    private static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** Text deltas, stored and sent in small batches rather than one event per token. */
    private final class DeltaBuffer {
        private final AgentSession session;
        private final StringBuilder pending = new StringBuilder();
        private long flushedAt = System.nanoTime();

        DeltaBuffer(AgentSession session) {
            this.session = session;
        }

        synchronized void add(String delta) {
            if (delta == null || delta.isEmpty()) {
                return;
            }
            pending.append(delta);
            if (System.nanoTime() - flushedAt >= DELTA_FLUSH.toNanos() || pending.length() >= 400) {
                flush();
            }
        }

        synchronized void flush() {
            flushedAt = System.nanoTime();
            if (pending.isEmpty()) {
                return;
            }
            emit(session, EventTypes.MESSAGE_DELTA, object().put("text", pending.toString()));
            pending.setLength(0);
        }
    }
}
