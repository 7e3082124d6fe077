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
import dev.tracehound.agent.session.InvalidSessionInputException;
import dev.tracehound.agent.model.ToolCall;
import dev.tracehound.agent.session.AgentSession;
import dev.tracehound.agent.session.SessionEvents;
import dev.tracehound.agent.session.SessionNotFoundException;
import dev.tracehound.agent.session.SessionStatus;
import dev.tracehound.agent.session.SessionStore;
import dev.tracehound.agent.session.SessionWrites;
import dev.tracehound.agent.session.ToolCallStatus;
import dev.tracehound.tools.ToolContext;
import dev.tracehound.tools.Tools;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The door of {@code dev.tracehound.agent}, the loop: the application starts, continues
 * ({@link #decide}), cancels and watches runs through this class, configures them with
 * {@link AgentLimits}, reads what they stream by {@link EventTypes}, and gives their tools a
 * sandbox with {@link SessionSandboxes}. Everything else in the package is how a run works. It
 * builds on {@code .session}, {@code .metering} and {@code .model}; none of them depends on it.
 *
 * <p>The agent: a session's messages go to the model, the model's tool calls run (several at once
 * in parallel), their results go back, until the model answers or a limit stops the run. Every
 * step is stored (messages, tool calls, usage) and streamed as the session's events, so a run
 * can be watched live, replayed, and continued after a restart. One run per session at a time.
 *
 * <p>This class starts, continues, cancels and ends runs; {@link RunSteps} is what a run does,
 * {@link ModelCalls} and {@link ToolRuns} the work it hands to other threads.
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
    /** How long a new message or decision waits for a run that is writing its last events. */
    private static final Duration FINISHING_WAIT = Duration.ofSeconds(5);

    /** A run that started: its events are those of the session numbered above {@code afterSequence}. */
    public record Run(UUID sessionId, long afterSequence) {}

    /**
     * The SHA-256 of what the model is told before every conversation, in hex: eval runs record it,
     * so that a change of prompt shows between two runs.
     */
    public static String systemPromptHash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(SystemPrompt.TEXT.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The session has a run already; wait for its {@code done}, or cancel it. */
    public static final class SessionBusyException extends RuntimeException {
        SessionBusyException(UUID sessionId) {
            super("session " + sessionId + " is running; wait for it to finish or cancel it");
        }
    }

    private final SessionStore store;
    private final SessionEvents events;
    private final AgentModel model;
    private final Function<AgentSession, ToolContext> contexts;
    private final ToolRuns toolRuns;
    private final UnansweredCalls unanswered;
    private final RunSteps steps;
    private final Map<UUID, RunState> running = new ConcurrentHashMap<>();

    public AgentLoop(SessionStore store, SessionEvents events, Tools tools, AgentModel model, Meter meter,
            Budgets budgets, TokenEstimator estimator, Function<AgentSession, ToolContext> contexts, AgentLimits limits,
            Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.events = Objects.requireNonNull(events, "events");
        this.model = Objects.requireNonNull(model, "model");
        this.contexts = Objects.requireNonNull(contexts, "contexts");
        this.toolRuns = new ToolRuns(Objects.requireNonNull(tools, "tools"), events);
        this.unanswered = new UnansweredCalls(store);
        this.steps = new RunSteps(events, tools, model, new ModelCalls(model, events), toolRuns,
                Objects.requireNonNull(meter, "meter"), Objects.requireNonNull(budgets, "budgets"),
                Objects.requireNonNull(estimator, "estimator"), contexts, Objects.requireNonNull(limits, "limits"),
                Objects.requireNonNull(clock, "clock"));
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
            unanswered.close(session, conversation, false, writes);
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
     * @throws InvalidSessionInputException the call does not wait for a decision
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
                List<ToolCall> approved = unanswered.close(session, conversation, true, writes);
                approved.forEach(call -> EventData.started(writes, call));
                events.write(session.id(), writes);
                conversation.addAll(writes.messages());
                if (!approved.isEmpty()) {
                    conversation.addAll(toolRuns.run(run, session, contexts.apply(session), approved));
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
        long deadline = System.nanoTime() + RunState.STOP_WAIT.toNanos();
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
            ending = steps.run(run, session, preparation.run(run, session));
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
                    unanswered.close(session, store.conversation(session.id()), false, writes);
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

    private static SessionStatus statusAfter(DoneReason reason) {
        return reason == DoneReason.AWAITING_APPROVAL ? SessionStatus.AWAITING_APPROVAL : SessionStatus.IDLE;
    }

    private void emitQuietly(AgentSession session, String type, JsonNode data) {
        try {
            events.append(session.id(), type, data.toString());
        } catch (RuntimeException e) {
            log.warn("storing the {} event of session {} failed", type, session.id(), e);
        }
    }
}
