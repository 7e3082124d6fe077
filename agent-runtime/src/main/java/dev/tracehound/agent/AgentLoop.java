package dev.tracehound.agent;

import dev.tracehound.agent.EventTypes.DoneReason;
import dev.tracehound.agent.session.InvalidSessionInputException;
import dev.tracehound.tools.ToolContext;
import dev.tracehound.tools.ToolReference;
import dev.tracehound.tools.ToolResult;
import dev.tracehound.tools.Tools;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 *
 * <p>A run's own thread does every store write, and a cancel never interrupts it: the
 * PostgreSQL driver closes a connection whose thread is interrupted mid-call. What may block for
 * long (the model call, the tools) runs on threads of its own, and a cancel interrupts those.
 *
 * <p>What a step stores goes in as few statements as its events allow, each one round trip and
 * one wait for the disk ({@link SessionWrites}): the model's reply (usage, message, tool calls,
 * their events) in one, the tools' results in one as they finish, and the run's last step with
 * the session's status and {@code done} in one.
 */
public final class AgentLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AgentLoop.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final int MODEL_RETRIES = 2;
    /** Streamed text is stored and sent in batches this often, not one event per token. */
    private static final Duration DELTA_FLUSH = Duration.ofMillis(50);
    /** How long cancelled work may take to stop before the run ends without waiting for it. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);
    /** How long a new message or decision waits for a run that is writing its last events. */
    private static final Duration FINISHING_WAIT = Duration.ofSeconds(5);
    private static final int EVENT_CONTENT_CHARS = 4_000;
    private static final int MAX_CALL_ID = 100;
    private static final int MAX_TOOL_NAME = 200;
    private static final String INTERRUPTED_CALL = "This call did not finish: the run stopped before it did "
            + "(cancelled, or the service restarted).";
    private static final String NOT_RUN = "This call was not run: the run reached its token limit first.";
    private static final String DENIED = "The user denied this call. Do not retry it; continue without it or ask the user.";
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
    private final Map<UUID, RunState> running = new ConcurrentHashMap<>();
    // Counted on first use (the tokenizer loads then), by whichever run comes first; -1 until then.
    private volatile long toolTokens = -1;
    private volatile long systemTokens = -1;

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
     * Adds a person's message to the session and starts a run that answers it. Tool calls still
     * waiting for a decision are cancelled. A run that is only writing its last events is waited
     * for, so a message sent as soon as the answer or {@code done} arrives is not refused.
     *
     * @throws SessionNotFoundException no such session
     * @throws SessionBusyException     a run of the session is still going
     */
    public Run send(UUID sessionId, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidSessionInputException("a message needs some text");
        }
        return start(sessionId, (run, session) -> {
            SessionStore.RunStart stored = store.runStart(session.id());
            var conversation = new ArrayList<>(stored.conversation());
            var writes = new SessionWrites().status(SessionStatus.RUNNING);
            closeUnanswered(session, conversation, false, writes);
            events.write(session.id(), writes.message(new ChatTurn.User(text)));
            conversation.addAll(writes.messages());
            return new SessionStore.RunStart(conversation, stored.usage());
        });
    }

    /**
     * Approves or denies a tool call that waits; once no call of the session waits any more, a
     * run continues the session with the approved calls' results (and the denials).
     *
     * @return the run, or empty when other calls still wait for a decision
     * @throws IllegalArgumentException the call does not wait for a decision
     * @throws SessionBusyException     a run of the session is still going
     */
    public Optional<Run> decide(UUID sessionId, String callId, boolean approve) {
        AgentSession session = find(sessionId);
        awaitNoRun(sessionId);
        boolean waits = store.toolCalls(sessionId).stream()
                .anyMatch(call -> call.callId().equals(callId) && call.status() == ToolCallStatus.AWAITING_APPROVAL);
        // Of two decisions on one call, the store lets one win.
        boolean decided = waits && (approve ? store.approve(sessionId, callId).isPresent()
                : store.finishToolCall(sessionId, callId, ToolCallStatus.DENIED, "denied by the user", Optional.empty())
                        .isPresent());
        if (!decided) {
            throw new InvalidSessionInputException("tool call " + callId + " of session " + sessionId
                    + " does not wait for approval");
        }
        if (store.toolCalls(sessionId).stream().anyMatch(call -> call.status() == ToolCallStatus.AWAITING_APPROVAL)) {
            return Optional.empty();
        }
        try {
            return Optional.of(start(sessionId, (run, _) -> {
                SessionStore.RunStart stored = store.runStart(session.id());
                var conversation = new ArrayList<>(stored.conversation());
                var writes = new SessionWrites().status(SessionStatus.RUNNING);
                List<ToolCall> approved = closeUnanswered(session, conversation, true, writes);
                approved.forEach(call -> started(writes, call));
                events.write(session.id(), writes);
                conversation.addAll(writes.messages());
                if (!approved.isEmpty()) {
                    conversation.addAll(runTools(run, session, contexts.apply(session), approved));
                }
                return new SessionStore.RunStart(conversation, stored.usage());
            }));
        } catch (SessionBusyException e) {
            // A decision on another call, made at the same moment, started the run: it runs this call too.
            RunState other = running.get(sessionId);
            if (other != null && other.run != null) {
                return Optional.of(other.run);
            }
            throw e;
        }
    }

    /** Stops the session's run, killing what its tools run; false when nothing runs. */
    public boolean cancel(UUID sessionId) {
        RunState run = running.get(sessionId);
        return run != null && run.cancel();
    }

    /** Whether the session has a run that has not ended (one writing its last events has). */
    public boolean isRunning(UUID sessionId) {
        RunState run = running.get(sessionId);
        return run != null && !run.finishing();
    }

    /** Cancels every run and waits a little for them to stop. */
    @Override
    public void close() {
        var runs = List.copyOf(running.values());
        runs.forEach(RunState::cancel);
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        for (RunState run : runs) {
            try {
                run.ended.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private AgentSession find(UUID sessionId) {
        return store.get(sessionId).orElseThrow(() -> new SessionNotFoundException(sessionId));
    }

    /**
     * What a run does before its first model call: it sets the session's status to running, and
     * returns the conversation as it then stands (it has just read and added to it) and the
     * session's usage.
     */
    @FunctionalInterface
    private interface Preparation {
        SessionStore.RunStart run(RunState run, AgentSession session) throws RunCancelled;
    }

    private void awaitNoRun(UUID sessionId) {
        RunState existing = running.get(sessionId);
        if (existing != null && !existing.awaitEndIfFinishing(FINISHING_WAIT)) {
            throw new SessionBusyException(sessionId);
        }
    }

    private Run start(UUID id, Preparation preparation) {
        var state = new RunState();
        for (RunState existing; (existing = running.putIfAbsent(id, state)) != null; ) {
            if (!existing.awaitEndIfFinishing(FINISHING_WAIT)) {
                throw new SessionBusyException(id);
            }
        }
        try {
            // Read once the session is ours: a previous run's done is numbered below it.
            SessionStore.Current current = store.current(id).orElseThrow(() -> new SessionNotFoundException(id));
            AgentSession session = current.session();
            state.run = new Run(id, current.lastEventSequence());
            Thread.ofVirtual().name("agent-run-" + id).start(() -> runSession(state, session, preparation));
        } catch (RuntimeException | Error e) {
            running.remove(id, state);
            state.ended.countDown();
            throw e;
        }
        return state.run;
    }

    private void runSession(RunState run, AgentSession session, Preparation preparation) {
        Ending ending = new Ending(DoneReason.ERROR);
        try {
            ending = loop(run, session, preparation.run(run, session));
        } catch (RunCancelled e) {
            ending = new Ending(DoneReason.CANCELLED);
        } catch (RuntimeException e) {
            log.error("the run of session {} failed", session.id(), e);
            if (run.cancelled()) {
                ending = new Ending(DoneReason.CANCELLED);
            } else {
                ending = new Ending(DoneReason.ERROR);
                event(ending.writes(), EventTypes.ERROR, error("internal", "the run failed: " + e.getMessage()));
            }
        } finally {
            end(run, session, ending);
        }
    }

    /**
     * Stores the run's end in one statement: what its last step left, the session's status and
     * {@code done}. If that fails, the status and {@code done} are stored on their own.
     */
    private void end(RunState run, AgentSession session, Ending ending) {
        try {
            run.finish();
            DoneReason reason = ending.reason();
            SessionWrites writes = ending.writes();
            if (reason == DoneReason.CANCELLED || reason == DoneReason.ERROR) {
                try {
                    closeUnanswered(session, store.conversation(session.id()), false, writes);
                } catch (RuntimeException e) {
                    log.warn("closing the unfinished tool calls of session {} failed", session.id(), e);
                }
            }
            if (reason == DoneReason.CANCELLED) {
                event(writes, EventTypes.ERROR, error("cancelled", "the run was cancelled"));
            }
            event(writes.status(statusAfter(reason)), EventTypes.DONE, object().put("reason", reason.wireName()));
            try {
                events.write(session.id(), writes);
            } catch (SessionNotFoundException e) {
                log.info("session {} was deleted during its run", session.id());
            } catch (RuntimeException e) {
                log.warn("storing the end of the run of session {} failed", session.id(), e);
                // Followers wait for done: it goes on its own, as an error.
                emitQuietly(session, EventTypes.ERROR, error("internal", "the run failed: " + e.getMessage()));
                try {
                    store.setStatus(session.id(), SessionStatus.IDLE);
                } catch (RuntimeException alsoFailed) {
                    log.warn("recording the status of session {} failed", session.id(), alsoFailed);
                }
                emitQuietly(session, EventTypes.DONE, object().put("reason", DoneReason.ERROR.wireName()));
            }
        } finally {
            running.remove(session.id(), run);
            run.ended.countDown();
        }
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

    private static SessionStatus statusAfter(DoneReason reason) {
        return reason == DoneReason.AWAITING_APPROVAL ? SessionStatus.AWAITING_APPROVAL : SessionStatus.IDLE;
    }

    /** {@code stored}: the session's conversation and usage, as the run's preparation left them. */
    private Ending loop(RunState run, AgentSession session, SessionStore.RunStart stored) throws RunCancelled {
        long startedAt = clock.millis();
        var window = new ContextWindow(estimator, model.name(), limits.olderToolResultChars());
        long toolTokens = toolTokens();
        long systemTokens = systemTokens();
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
            Answer answer;
            try {
                answer = callModel(run, session, request);
            } catch (ModelException e) {
                return end(run, new SessionWrites(), DoneReason.ERROR, EventTypes.ERROR,
                        error("model", "the model failed: " + e.getMessage()));
            }
            ModelReply reply = answer.reply();
            ModelUsage usage = meter.measure(session, model.name(), request, reply);
            used = used.plus(usage);
            long runTokens = used.totalTokens() - usedBefore.totalTokens();
            var writes = new SessionWrites().usage(usage);
            if (!answer.unsentText().isEmpty()) {
                event(writes, EventTypes.MESSAGE_DELTA, object().put("text", answer.unsentText()));
            }
            event(writes, EventTypes.USAGE, object().put("model", usage.model()).put("input_tokens", usage.inputTokens())
                    .put("output_tokens", usage.outputTokens()).put("estimated", usage.estimated())
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
            now.forEach(call -> started(writes, call));
            events.write(session.id(), writes);
            if (context == null && !now.isEmpty()) {
                context = contexts.apply(session);
            }
            conversation.addAll(runTools(run, session, context, now));
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

    /**
     * Ends the run with its last event before done. From here a cancel does nothing, and a new
     * message or decision (sent as soon as this event arrives) waits for done instead of failing.
     */
    private static Ending end(RunState run, SessionWrites writes, DoneReason reason, String type, ObjectNode data) {
        event(writes, type, data);
        return end(run, writes, reason);
    }

    private static Ending end(RunState run, SessionWrites writes, DoneReason reason) {
        run.finish();
        return new Ending(reason, writes);
    }

    /**
     * One model call, retried when the provider says it may work later. Text streamed by an
     * attempt that then fails is withdrawn with a {@code message.reset} event.
     */
    private Answer callModel(RunState run, AgentSession session, ModelRequest request) throws RunCancelled {
        for (int attempt = 0; ; attempt++) {
            var deltas = new DeltaBuffer(session);
            CompletableFuture<ModelReply> call = run.work("agent-model-" + session.id(),
                    () -> model.reply(request, deltas::add));
            ModelException failure;
            try {
                ModelReply reply = await(run, call, deltas::flush);
                run.checkNotCancelled();
                // Text not sent yet goes with the reply's other writes.
                return new Answer(reply, deltas.take());
            } catch (ExecutionException e) {
                run.checkNotCancelled();
                if (!(e.getCause() instanceof ModelException modelFailure)) {
                    throw new IllegalStateException("the model call failed: " + e.getCause(), e.getCause());
                }
                failure = modelFailure;
            }
            if (deltas.withdraw()) {
                emit(session, EventTypes.MESSAGE_RESET, object().put("reason", "the model call failed ("
                        + failure.getMessage() + ")" + (failure.retryable() && attempt < MODEL_RETRIES
                        ? "; it is retried" : "")));
            }
            if (!failure.retryable() || attempt >= MODEL_RETRIES) {
                throw failure;
            }
            log.info("model call of session {} failed ({}); retrying", session.id(), failure.getMessage());
            run.pause(Duration.ofSeconds(1L << attempt));
        }
    }

    /**
     * Waits for work on another thread, running {@code tick} every {@link #DELTA_FLUSH}. After a
     * cancel it waits {@link #STOP_WAIT} at most for the work to stop.
     */
    private static <T> T await(RunState run, CompletableFuture<T> work, Runnable tick)
            throws RunCancelled, ExecutionException {
        long cancelledAt = 0;
        while (true) {
            try {
                return work.get(DELTA_FLUSH.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                tick.run();
            } catch (InterruptedException e) {
                // Nothing of ours interrupts a run's thread; whoever did wants it to stop.
                run.cancel();
            }
            if (run.cancelled()) {
                if (cancelledAt == 0) {
                    cancelledAt = System.nanoTime();
                } else if (System.nanoTime() - cancelledAt > STOP_WAIT.toNanos()) {
                    throw new RunCancelled();
                }
            }
        }
    }

    /**
     * Runs calls the store has as running, whose {@code tool.started} was sent, at once, one
     * thread each. Each is stored and sent as it finishes (calls that finish together in one
     * statement), the last with the results' messages in the calls' order, which come back.
     */
    private List<ChatTurn.ToolResult> runTools(RunState run, AgentSession session, ToolContext context,
            List<ToolCall> calls) throws RunCancelled {
        if (calls.isEmpty()) {
            return List.of();
        }
        BlockingQueue<Integer> finished = new LinkedBlockingQueue<>();
        var outcomes = new ArrayList<CompletableFuture<ToolResult>>(calls.size());
        long started = System.nanoTime();
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            int index = i;
            var outcome = run.work("agent-tool-" + call.id(), () -> runTool(call, context));
            outcome.whenComplete((result, failure) -> finished.add(index));
            outcomes.add(outcome);
        }
        var results = new ToolResult[calls.size()];
        var done = new boolean[calls.size()];
        long cancelledAt = 0;
        int left = calls.size();
        while (left > 0) {
            Integer index = null;
            try {
                index = finished.poll(DELTA_FLUSH.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                run.cancel();
            }
            if (index != null) {
                var batch = new ArrayList<Integer>();
                batch.add(index);
                finished.drainTo(batch);
                for (int i : batch) {
                    done[i] = true;
                    results[i] = resultOf(outcomes.get(i));
                }
                left -= batch.size();
                recordFinished(session, calls, results, batch, started, left == 0);
            } else if (run.cancelled()) {
                if (cancelledAt == 0) {
                    cancelledAt = System.nanoTime();
                } else if (System.nanoTime() - cancelledAt > STOP_WAIT.toNanos()) {
                    log.warn("tools of session {} did not stop within {} of a cancel", session.id(), STOP_WAIT);
                    break;
                }
            }
        }
        if (left > 0) {
            var stopped = new ArrayList<Integer>();
            for (int i = 0; i < calls.size(); i++) {
                if (!done[i]) {
                    stopped.add(i);
                }
            }
            recordFinished(session, calls, results, stopped, started, true);
        }
        run.checkNotCancelled();
        return resultTurns(calls, results);
    }

    /**
     * Stores how the calls at {@code finished} ended, in one statement with their
     * {@code tool.finished} events and, when they are the {@code last}, every call's result
     * message. A null result: the call was cancelled.
     */
    private void recordFinished(AgentSession session, List<ToolCall> calls, ToolResult[] results,
            List<Integer> finished, long started, boolean last) {
        long millis = (System.nanoTime() - started) / 1_000_000;
        var writes = new SessionWrites();
        for (int i : finished) {
            finishCall(writes, calls.get(i), results[i], millis);
        }
        if (last) {
            resultTurns(calls, results).forEach(writes::message);
        }
        events.write(session.id(), writes);
    }

    private static List<ChatTurn.ToolResult> resultTurns(List<ToolCall> calls, ToolResult[] results) {
        var turns = new ArrayList<ChatTurn.ToolResult>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            turns.add(new ChatTurn.ToolResult(calls.get(i).id(), calls.get(i).name(),
                    results[i] == null ? INTERRUPTED_CALL : results[i].content()));
        }
        return turns;
    }

    /** On a tool's own thread: nothing here touches the store, so interrupting it is safe. */
    private ToolResult runTool(ToolCall call, ToolContext context) throws InterruptedException {
        try {
            return tools.run(call.name(), call.arguments(), context);
        } catch (RuntimeException e) {
            // Tools gives failures back as results; this is a bug, but still only this call's.
            log.warn("tool call {} ({}) failed", call.id(), call.name(), e);
            return ToolResult.error(call.name() + " failed: " + e);
        }
    }

    /** A finished tool's result; null when it was cancelled. */
    private static ToolResult resultOf(CompletableFuture<ToolResult> outcome) {
        try {
            return outcome.join();
        } catch (CancellationException e) {
            return null;
        } catch (CompletionException e) {
            if (e.getCause() instanceof InterruptedException) {
                return null;
            }
            return ToolResult.error("the tool failed: " + e.getCause());
        }
    }

    /** Adds how a call ended and its {@code tool.finished} event; {@code result} null: it was cancelled. */
    private static void finishCall(SessionWrites writes, ToolCall call, ToolResult result, long millis) {
        if (result == null) {
            writes.finishCall(call.id(), ToolCallStatus.CANCELLED, "cancelled", Optional.empty());
            event(writes, EventTypes.TOOL_FINISHED, object().put("call_id", call.id()).put("tool", call.name())
                    .put("error", true).put("cancelled", true).put("duration_ms", millis));
            return;
        }
        writes.finishCall(call.id(), result.error() ? ToolCallStatus.FAILED : ToolCallStatus.SUCCEEDED, result.content(),
                Optional.ofNullable(result.data()).map(JsonNode::toString));
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
        event(writes, EventTypes.TOOL_FINISHED, finished);
    }

    /**
     * Answers every tool call of the session's {@code conversation} that has no result yet, so the
     * next model call sees a well-formed conversation: a call that finished before its run stopped
     * gets its stored output, a denied one the denial, and one cut off by a cancel or a restart
     * (or still waiting for a decision when a new message comes) a note that it did not finish.
     *
     * @param runApproved leave approved calls unanswered and return them, to be run
     * @param writes      where the answers (and the calls closed as cancelled) are added, to be stored
     */
    private List<ToolCall> closeUnanswered(AgentSession session, List<ChatTurn> conversation, boolean runApproved,
            SessionWrites writes) {
        Set<String> answered = new HashSet<>();
        var asked = new ArrayList<ToolCall>();
        for (ChatTurn turn : conversation) {
            if (turn instanceof ChatTurn.Assistant assistant) {
                asked.addAll(assistant.toolCalls());
            } else if (turn instanceof ChatTurn.ToolResult result) {
                answered.add(result.callId());
            }
        }
        if (asked.stream().allMatch(call -> answered.contains(call.id()))) {
            return List.of();
        }
        Map<String, SessionToolCall> stored = new HashMap<>();
        store.toolCalls(session.id()).forEach(call -> stored.put(call.callId(), call));
        var approved = new ArrayList<ToolCall>();
        for (ToolCall call : asked) {
            if (answered.contains(call.id())) {
                continue;
            }
            SessionToolCall row = stored.get(call.id());
            ToolCallStatus status = row == null ? null : row.status();
            if (status == ToolCallStatus.RUNNING && runApproved) {
                approved.add(call);
                continue;
            }
            String content = switch (status) {
                case null -> INTERRUPTED_CALL;
                case SUCCEEDED, FAILED -> row.output().orElse(INTERRUPTED_CALL);
                case DENIED -> DENIED;
                case CANCELLED -> INTERRUPTED_CALL;
                case RUNNING, AWAITING_APPROVAL -> {
                    writes.finishCall(call.id(), ToolCallStatus.CANCELLED, INTERRUPTED_CALL, Optional.empty());
                    yield INTERRUPTED_CALL;
                }
            };
            writes.message(new ChatTurn.ToolResult(call.id(), call.name(), content));
        }
        return approved;
    }

    /** How a run ended, and what it still has to store with its status and {@code done}. */
    private record Ending(DoneReason reason, SessionWrites writes) {
        Ending(DoneReason reason) {
            this(reason, new SessionWrites());
        }
    }

    /** A model's reply, and the end of its streamed text that no {@code message.delta} carried yet. */
    private record Answer(ModelReply reply, String unsentText) {}

    private static void started(SessionWrites writes, ToolCall call) {
        event(writes, EventTypes.TOOL_STARTED, object().put("call_id", call.id()).put("tool", call.name())
                .put("arguments", call.arguments()));
    }

    private static void event(SessionWrites writes, String type, JsonNode data) {
        writes.event(type, data.toString());
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

    /** The run was cancelled: it stops at the next point it checks. */
    private static final class RunCancelled extends Exception {
        RunCancelled() {
            super("the run was cancelled", null, false, false);
        }
    }

    /**
     * One run of a session: whether it was cancelled, and the threads of its model call or
     * tools, which a cancel interrupts. The run's own thread is never among them.
     */
    private static final class RunState {
        final CountDownLatch ended = new CountDownLatch(1);
        volatile Run run;
        private final Set<Thread> workers = new HashSet<>();
        private boolean cancelled;
        private boolean finishing;

        /** False when the run is past cancelling: it is writing its last events. */
        synchronized boolean cancel() {
            if (finishing) {
                return false;
            }
            cancelled = true;
            workers.forEach(Thread::interrupt);
            notifyAll();
            return true;
        }

        synchronized boolean cancelled() {
            return cancelled;
        }

        void checkNotCancelled() throws RunCancelled {
            if (cancelled()) {
                throw new RunCancelled();
            }
        }

        synchronized void finish() {
            finishing = true;
        }

        synchronized boolean finishing() {
            return finishing;
        }

        /** Waits for a run that is writing its last events to end; false for one still going. */
        boolean awaitEndIfFinishing(Duration wait) {
            if (!finishing()) {
                return false;
            }
            try {
                return ended.await(wait.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /** Runs {@code task} on a thread of its own that a cancel interrupts. */
        <T> CompletableFuture<T> work(String name, Callable<T> task) {
            var outcome = new CompletableFuture<T>();
            synchronized (this) {
                if (cancelled) {
                    outcome.completeExceptionally(new InterruptedException("the run was cancelled"));
                    return outcome;
                }
                Thread worker = Thread.ofVirtual().name(name).unstarted(() -> {
                    try {
                        outcome.complete(task.call());
                    } catch (Throwable e) {
                        outcome.completeExceptionally(e);
                    } finally {
                        synchronized (this) {
                            workers.remove(Thread.currentThread());
                        }
                    }
                });
                workers.add(worker);
                worker.start();
            }
            return outcome;
        }

        /** Sleeps, unless the run is cancelled meanwhile. */
        synchronized void pause(Duration duration) throws RunCancelled {
            long until = System.nanoTime() + duration.toNanos();
            for (long left; !cancelled && (left = until - System.nanoTime()) > 0; ) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    cancelled = true;
                }
            }
            if (cancelled) {
                throw new RunCancelled();
            }
        }
    }

    /**
     * Text deltas of one model call: the model's thread adds them, the run's thread stores and
     * sends them in batches.
     */
    private final class DeltaBuffer {
        private final AgentSession session;
        private final StringBuilder pending = new StringBuilder();
        private boolean sent;

        DeltaBuffer(AgentSession session) {
            this.session = session;
        }

        synchronized void add(String delta) {
            if (delta != null) {
                pending.append(delta);
            }
        }

        synchronized String take() {
            String text = pending.toString();
            pending.setLength(0);
            return text;
        }

        /** On the run's thread. */
        void flush() {
            String text = take();
            if (!text.isEmpty()) {
                emit(session, EventTypes.MESSAGE_DELTA, object().put("text", text));
                sent = true;
            }
        }

        /** Drops what was not sent; true if some text was sent already. */
        boolean withdraw() {
            take();
            return sent;
        }
    }
}
