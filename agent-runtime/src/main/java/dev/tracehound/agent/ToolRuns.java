package dev.tracehound.agent;

import static dev.tracehound.agent.EventData.event;
import static dev.tracehound.agent.EventData.object;

import dev.tracehound.agent.model.ChatTurn;
import dev.tracehound.agent.model.ToolCall;
import dev.tracehound.agent.session.AgentSession;
import dev.tracehound.agent.session.SessionEvents;
import dev.tracehound.agent.session.SessionWrites;
import dev.tracehound.agent.session.ToolCallStatus;
import dev.tracehound.tools.Tool;
import dev.tracehound.tools.ToolContext;
import dev.tracehound.tools.ToolReference;
import dev.tracehound.tools.ToolResult;
import dev.tracehound.tools.Tools;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs a step's tool calls, all at once, and stores each call's end with its
 * {@code tool.finished} event as it comes. This is the one owner of a tool call's thread and
 * deadline: each call runs on a virtual thread of its own, interrupted at its tool's
 * {@link Tool#timeout()} or when the run is cancelled; {@link Tools} runs the tool on that
 * thread, and what the tool starts (a ClickHouse query, a sandbox command) stops when it is
 * interrupted.
 */
final class ToolRuns {

    /** What the model is told of a call that never finished. */
    static final String INTERRUPTED_CALL = "This call did not finish: the run stopped before it did "
            + "(cancelled, or the service restarted).";

    private static final Logger log = LoggerFactory.getLogger(ToolRuns.class);
    /** How often waiting for tools looks whether the run was cancelled or a call ran out of time. */
    private static final Duration CHECK_EVERY = Duration.ofMillis(50);
    /** How long a call past its timeout may take to stop (kill its command, its query) before it is given up on. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Duration INTERRUPT_AGAIN = Duration.ofSeconds(1);
    private static final int EVENT_CONTENT_CHARS = 4_000;

    private final Tools tools;
    private final SessionEvents events;

    ToolRuns(Tools tools, SessionEvents events) {
        this.tools = tools;
        this.events = events;
    }

    /**
     * Runs calls the store has as running, whose {@code tool.started} was sent, at once, one
     * thread each, each stopped at its tool's timeout. Each is stored and sent as it finishes
     * (calls that finish together in one statement), the last with the results' messages in the
     * calls' order, which come back.
     */
    List<ChatTurn.ToolResult> run(RunState run, AgentSession session, ToolContext context, List<ToolCall> calls)
            throws RunCancelled {
        if (calls.isEmpty()) {
            return List.of();
        }
        BlockingQueue<Integer> finished = new LinkedBlockingQueue<>();
        var calling = new ArrayList<Call>(calls.size());
        long started = System.nanoTime();
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            int index = i;
            var work = run.work("agent-tool-" + call.id(), () -> runTool(call, context));
            work.outcome().whenComplete((result, failure) -> finished.add(index));
            // A name no tool has fails at once, with the names there are.
            Duration timeout = tools.find(call.name()).map(Tool::timeout).orElse(STOP_GRACE);
            calling.add(new Call(call, work, started + timeout.toNanos()));
        }
        var results = new ToolResult[calls.size()];
        int left = calls.size();
        while (left > 0) {
            var batch = new ArrayList<Integer>();
            try {
                Integer index = finished.poll(CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
                if (index != null) {
                    batch.add(index);
                    finished.drainTo(batch);
                }
            } catch (InterruptedException e) {
                // Nothing of ours interrupts a run's thread; whoever did wants it to stop.
                run.cancel();
            }
            long now = System.nanoTime();
            boolean cancelled = run.cancelled();
            for (int i = 0; i < calling.size(); i++) {
                Call call = calling.get(i);
                if (call.done) {
                    // It finished after it was given up on: recorded already.
                    batch.remove(Integer.valueOf(i));
                } else if (batch.contains(i) || call.stopFor(now, cancelled)) {
                    call.done = true;
                    results[i] = call.result(cancelled, tools);
                    if (!batch.contains(i)) {
                        log.warn("tool call {} ({}) of session {} did not stop within {} of being interrupted",
                                call.call.id(), call.call.name(), session.id(), STOP_GRACE);
                        batch.add(i);
                    }
                }
            }
            if (!batch.isEmpty()) {
                left -= batch.size();
                recordFinished(session, calls, results, batch, started, left == 0);
            }
        }
        run.checkNotCancelled();
        return resultTurns(calls, results);
    }

    /**
     * One running call and its deadline. Past the deadline, or once the run is cancelled, its
     * thread is interrupted, which stops what the tool started; it then has {@link #STOP_GRACE}
     * to end before it is given up on.
     */
    private static final class Call {
        final ToolCall call;
        final RunState.Work<ToolResult> work;
        final long deadline;
        long stoppedAt;
        long interruptedAt;
        boolean done;

        Call(ToolCall call, RunState.Work<ToolResult> work, long deadline) {
            this.call = call;
            this.work = work;
            this.deadline = deadline;
        }

        /**
         * Interrupts the call at its deadline or on a cancel, and again every {@link #INTERRUPT_AGAIN}
         * while it has not ended: what it runs may have swallowed an interrupt (a sandbox being made).
         * True once it had its grace to end and did not.
         */
        boolean stopFor(long now, boolean cancelled) {
            if (stoppedAt == 0 && (cancelled || now - deadline >= 0)) {
                stoppedAt = now;
                interruptedAt = now;
                // A cancel has interrupted every call of the run already; one more at once could cut short
                // what the first set off (killing the command, the query).
                if (!cancelled) {
                    work.stop();
                }
            } else if (stoppedAt != 0 && now - interruptedAt > INTERRUPT_AGAIN.toNanos()) {
                interruptedAt = now;
                work.stop();
            }
            return stoppedAt != 0 && now - stoppedAt > STOP_GRACE.toNanos();
        }

        /** How the call ended; null when the run's cancel stopped it. */
        ToolResult result(boolean cancelled, Tools tools) {
            if (stoppedAt != 0 && !cancelled) {
                Duration timeout = tools.find(call.name()).map(Tool::timeout).orElse(STOP_GRACE);
                return ToolResult.error(call.name() + " did not finish within its timeout of " + seconds(timeout)
                        + " and was stopped; ask for less (a shorter time range, more filters, a smaller limit, or a"
                        + " quicker command)");
            }
            return work.outcome().isDone() ? resultOf(work.outcome()) : null;
        }
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
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
        var references = EventData.array();
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
}
