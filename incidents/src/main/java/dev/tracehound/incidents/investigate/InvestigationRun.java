package dev.tracehound.incidents.investigate;

import dev.tracehound.agent.AgentLoop;
import dev.tracehound.agent.EventTypes;
import dev.tracehound.agent.EventTypes.DoneReason;
import dev.tracehound.agent.session.AgentSession;
import dev.tracehound.agent.session.SessionEvent;
import dev.tracehound.agent.session.SessionEvents;
import dev.tracehound.agent.session.SessionMessage;
import dev.tracehound.agent.session.SessionStore;
import dev.tracehound.incidents.IncidentContext;
import dev.tracehound.incidents.IncidentFeed;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One claimed investigation, on a virtual thread of its own: a session owned by the workspace's
 * investigator, the incident as its first message, a run of the agent loop waited for up to the
 * timeout (then cancelled), and the report read from the answer, or the reason it failed. Every
 * write is conditional on the claim still being this run's, so a run that lost its claim (it took
 * too long, another instance took it over) stores nothing.
 */
final class InvestigationRun {

    private static final Logger log = LoggerFactory.getLogger(InvestigationRun.class);
    /** How long a cancelled run may take to write its end. */
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(10);
    private static final int MAX_TITLE = 200;

    /** How a run of the loop ended: its {@code done} reason and the last error it reported. */
    private record Ended(String reason, String error) {}

    private final InvestigationRows rows;
    private final AgentLoop loop;
    private final SessionStore sessions;
    private final SessionEvents events;
    private final IncidentFeed feed;
    private final Clock clock;
    private final Duration timeout;
    private final String me;
    private final BooleanSupplier closing;

    InvestigationRun(InvestigationRows rows, AgentLoop loop, SessionStore sessions, SessionEvents events,
            IncidentFeed feed, Clock clock, Duration timeout, String me, BooleanSupplier closing) {
        this.rows = rows;
        this.loop = loop;
        this.sessions = sessions;
        this.events = events;
        this.feed = feed;
        this.clock = clock;
        this.timeout = timeout;
        this.me = me;
        this.closing = closing;
    }

    /**
     * Runs the claimed investigation to its end, or until {@code deadline} (as the monotonic
     * {@link System#nanoTime()}).
     *
     * @param started receives the session once it exists, so that a closing service can cancel it
     */
    void run(InvestigationRows.Claim claim, long deadline, Consumer<UUID> started) {
        IncidentContext incident = Json.context(claim.context());
        UUID sessionId = null;
        try {
            AgentSession session = sessions.create(incident.workspaceId(), incident.projectId(),
                    Investigations.sessionOwner(incident.workspaceId()), title(incident), loop.model().name());
            sessionId = session.id();
            if (!rows.attachSession(claim, me, sessionId)) {
                log.info("investigation {} was taken over before it started; its session {} stays unused", claim.id(),
                        sessionId);
                return;
            }
            started.accept(sessionId);
            log.info("investigation {} of incident {} ({}): running in agent session {}", claim.id(),
                    incident.incidentId(), incident.title(), sessionId);
            tell(() -> feed.investigationStarted(incident.incidentId(), claim.id(), session.id()));

            var ended = new CompletableFuture<Ended>();
            var lastError = new AtomicReference<String>("");
            AgentLoop.Run run = loop.send(sessionId, FirstMessage.of(incident));
            try (AutoCloseable following = events.follow(sessionId, run.afterSequence(),
                    event -> watch(event, lastError, ended))) {
                Ended end = await(ended, deadline, sessionId);
                finish(claim, incident, sessionId, end);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelQuietly(sessionId);
        } catch (Exception e) {
            log.error("investigation {} of incident {} failed", claim.id(), incident.incidentId(), e);
            fail(claim, incident, "the investigation failed: " + e.getMessage());
        }
    }

    private static void watch(SessionEvent event, AtomicReference<String> lastError, CompletableFuture<Ended> ended) {
        if (event.type().equals(EventTypes.ERROR)) {
            lastError.set(Json.field(event.data(), "message"));
        } else if (event.type().equals(EventTypes.DONE)) {
            ended.complete(new Ended(Json.field(event.data(), "reason"), lastError.get()));
        }
    }

    /** The run's end; on the deadline the run is cancelled and its end waited for a little. */
    private Ended await(CompletableFuture<Ended> ended, long deadline, UUID sessionId)
            throws InterruptedException, ExecutionException {
        try {
            return ended.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            loop.cancel(sessionId);
            try {
                ended.get(CANCEL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                log.warn("the run of investigation session {} did not stop within {} of its cancel", sessionId,
                        CANCEL_WAIT);
            }
            return new Ended("timeout", "");
        }
    }

    private void finish(InvestigationRows.Claim claim, IncidentContext incident, UUID sessionId, Ended end) {
        if (closing.getAsBoolean() && !end.reason().equals(DoneReason.COMPLETED.wireName())) {
            // The service is stopping: the row went back to the queue for another instance.
            return;
        }
        if (end.reason().equals("timeout")) {
            fail(claim, incident, "the investigation did not finish within " + Investigations.describe(timeout)
                    + " and was stopped; open its session to see how far it got, or re-run it");
            return;
        }
        String answer = SessionMessage.lastAnswer(sessions.messages(sessionId));
        boolean answered = !answer.isBlank();
        if (end.reason().equals(DoneReason.COMPLETED.wireName()) && answered
                || answered && (end.reason().equals(DoneReason.LIMIT.wireName())
                        || end.reason().equals(DoneReason.AWAITING_APPROVAL.wireName()))) {
            IncidentReport report = ReportReader.read(sessionId, answer, sessions.toolCalls(sessionId));
            if (rows.finish(claim, me, Json.report(report), clock.instant())) {
                log.info("investigation {} of incident {}: report stored (confidence {})", claim.id(),
                        incident.incidentId(), report.confidence().wireName());
                tell(() -> feed.reportReady(incident.incidentId(), claim.id(), report.summary()));
            }
            return;
        }
        String why = switch (end.reason()) {
            case "budget" -> "the workspace's agent budget is used up: " + end.error();
            case "cancelled" -> "the investigation was cancelled";
            case "awaiting_approval" -> "the investigation waits for a person to approve a tool call in its session";
            default -> end.error().isBlank() ? "the agent gave no answer (" + end.reason() + ")" : end.error();
        };
        fail(claim, incident, why);
    }

    private void fail(InvestigationRows.Claim claim, IncidentContext incident, String reason) {
        try {
            if (rows.failRun(claim, me, reason, clock.instant())) {
                tell(() -> feed.investigationFailed(incident.incidentId(), claim.id(), reason));
            }
        } catch (RuntimeException e) {
            log.warn("could not record that investigation {} failed ({}); its claim expires and it runs again",
                    claim.id(), reason, e);
        }
    }


    private void cancelQuietly(UUID sessionId) {
        if (sessionId != null) {
            loop.cancel(sessionId);
        }
    }

    private static String title(IncidentContext incident) {
        String title = "Investigation: " + incident.title();
        return title.length() <= MAX_TITLE ? title : title.substring(0, MAX_TITLE - 1) + "…";
    }

    /** The incident's feed must not fail a run: what it could not record, the log has. */
    private static void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("the incident feed failed", e);
        }
    }
}
