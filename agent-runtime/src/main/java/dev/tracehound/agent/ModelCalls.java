package dev.tracehound.agent;

import static dev.tracehound.agent.EventData.object;

import dev.tracehound.agent.model.AgentModel;
import dev.tracehound.agent.model.ModelException;
import dev.tracehound.agent.model.ModelReply;
import dev.tracehound.agent.model.ModelRequest;
import dev.tracehound.agent.session.AgentSession;
import dev.tracehound.agent.session.SessionEvents;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's model calls: each on a thread of its own that a cancel interrupts, its streamed text
 * stored and sent in batches, retried when the provider says it may work later.
 */
final class ModelCalls {

    private static final Logger log = LoggerFactory.getLogger(ModelCalls.class);
    private static final int MODEL_RETRIES = 2;
    /** Streamed text is stored and sent in batches this often, not one event per token. */
    private static final Duration DELTA_FLUSH = Duration.ofMillis(50);

    /** A model's reply, and the end of its streamed text that no {@code message.delta} carried yet. */
    record Answer(ModelReply reply, String unsentText) {}

    private final AgentModel model;
    private final SessionEvents events;

    ModelCalls(AgentModel model, SessionEvents events) {
        this.model = model;
        this.events = events;
    }

    /**
     * One model call, retried when the provider says it may work later. Text streamed by an
     * attempt that then fails is withdrawn with a {@code message.reset} event.
     */
    Answer call(RunState run, AgentSession session, ModelRequest request) throws RunCancelled {
        for (int attempt = 0; ; attempt++) {
            var deltas = new DeltaBuffer(session);
            CompletableFuture<ModelReply> call = run.work("agent-model-" + session.id(),
                    () -> model.reply(request, deltas::add)).outcome();
            ModelException failure;
            try {
                ModelReply reply = run.await(call, DELTA_FLUSH, deltas::flush);
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
                events.append(session.id(), EventTypes.MESSAGE_RESET, object().put("reason", "the model call failed ("
                        + failure.getMessage() + ")" + (failure.retryable() && attempt < MODEL_RETRIES
                        ? "; it is retried" : "")).toString());
            }
            if (!failure.retryable() || attempt >= MODEL_RETRIES) {
                throw failure;
            }
            log.info("model call of session {} failed ({}); retrying", session.id(), failure.getMessage());
            run.pause(Duration.ofSeconds(1L << attempt));
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
                events.append(session.id(), EventTypes.MESSAGE_DELTA, object().put("text", text).toString());
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
