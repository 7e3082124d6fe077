package dev.tracehound.app.api;

import dev.tracehound.agent.AgentLoop;
import dev.tracehound.agent.session.AgentSession;
import dev.tracehound.agent.model.ChatTurn;
import dev.tracehound.agent.EventTypes;
import dev.tracehound.agent.session.SessionEvent;
import dev.tracehound.agent.session.SessionEvents;
import dev.tracehound.agent.session.SessionNotFoundException;
import dev.tracehound.agent.SessionSandboxes;
import dev.tracehound.agent.session.SessionStore;
import dev.tracehound.agent.session.SessionToolCall;
import dev.tracehound.agent.model.ToolCall;
import dev.tracehound.agent.session.UsageTotals;
import dev.tracehound.app.security.Authorized;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Chat with the agent: sessions of a project, and runs streamed as Server-Sent Events. Each
 * event's id is its number in the session's log, so a client that lost the stream reconnects to
 * {@code /events} with {@code Last-Event-ID} and gets exactly what it missed, then the rest live.
 * Event data is JSON with snake_case fields (see {@link EventTypes}).
 */
@RestController
final class AgentController {

    private static final String SESSIONS = "/api/v1/projects/{project}/agent/sessions";
    private static final String SESSION = SESSIONS + "/{session}";
    /** Events a slow client may fall behind by; past that its stream ends and it resumes with Last-Event-ID. */
    private static final int CLIENT_BUFFER = 10_000;
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final Scheduler VIRTUAL = Schedulers.fromExecutor(Executors.newVirtualThreadPerTaskExecutor());

    private final SessionStore store;
    private final SessionEvents events;
    private final AgentLoop loop;
    private final SessionSandboxes sandboxes;
    private final SessionOwners sessions;
    private final Blocking blocking;

    AgentController(SessionStore store, SessionEvents events, AgentLoop loop, SessionSandboxes sandboxes,
            Blocking blocking) {
        this.store = store;
        this.events = events;
        this.loop = loop;
        this.sandboxes = sandboxes;
        this.sessions = new SessionOwners(store);
        this.blocking = blocking;
    }

    record NewSession(String title) {}

    record Rename(String title) {}

    record Message(String text) {}

    /**
     * @param owner who started it: a user id, or {@code api-key} for a session started with a read key
     * @param yours whether the caller started it, and so may continue it
     */
    record SessionView(UUID id, String title, String model, String status, boolean running, String owner,
            boolean yours, Instant createdAt, Instant updatedAt) {}

    record SessionList(List<SessionView> sessions, String nextCursor) {}

    record TurnView(int ordinal, String role, String text, List<ToolCall> toolCalls, String callId, String toolName,
            Instant createdAt) {}

    record ToolCallView(String callId, String tool, String arguments, String status, String output, Instant startedAt,
            Instant finishedAt) {}

    record SessionDetail(SessionView session, List<TurnView> messages, List<ToolCallView> toolCalls,
            UsageTotals usage) {}

    @Operation(summary = "Start a session with the agent")
    @PostMapping(SESSIONS)
    Mono<ResponseEntity<SessionView>> create(@Parameter(hidden = true) Authorized access,
            @RequestBody(required = false) NewSession body) {
        String title = body == null || body.title() == null || body.title().isBlank() ? "New session" : body.title();
        return blocking.call(() -> {
            var session = store.create(access.workspaceId(), access.projectId(), SessionOwners.of(access.caller()),
                    title, loop.model().name());
            return ResponseEntity.status(HttpStatus.CREATED).body(view(access, session));
        });
    }

    @Operation(summary = "The project's sessions, newest first")
    @GetMapping(SESSIONS)
    Mono<SessionList> list(@Parameter(hidden = true) Authorized access,
            @RequestParam(name = "pageSize", defaultValue = "50") int pageSize,
            @RequestParam(name = "cursor", required = false) String cursor) {
        return blocking.call(() -> {
            var page = store.listByProject(access.projectId(), pageSize, Optional.ofNullable(cursor));
            return new SessionList(page.sessions().stream().map(session -> view(access, session)).toList(),
                    page.nextCursor().orElse(null));
        });
    }

    @Operation(summary = "A session with its messages, tool calls and usage")
    @GetMapping(SESSION)
    Mono<SessionDetail> get(@Parameter(hidden = true) Authorized access, @PathVariable("session") String id) {
        return blocking.call(() -> {
            var session = sessions.inProject(access, id);
            var messages = store.messages(session.id()).stream()
                    .map(message -> turn(message.ordinal(), message.turn(), message.createdAt()))
                    .toList();
            var calls = store.toolCalls(session.id()).stream().map(AgentController::call).toList();
            return new SessionDetail(view(access, session), messages, calls, store.sessionUsage(session.id()));
        });
    }

    @Operation(summary = "Rename a session")
    @PatchMapping(SESSION)
    Mono<SessionView> rename(@Parameter(hidden = true) Authorized access, @PathVariable("session") String id,
            @RequestBody Rename body) {
        return blocking.call(() -> {
            var session = sessions.continuable(access, id);
            if (body == null || body.title() == null || body.title().isBlank()) {
                throw new InvalidRequestException("a session's title cannot be empty");
            }
            store.rename(session.id(), body.title());
            return view(access, store.get(session.id()).orElseThrow(() -> new SessionNotFoundException(session.id())));
        });
    }

    @Operation(summary = "Delete a session: its run is cancelled and its sandbox removed")
    @DeleteMapping(SESSION)
    Mono<ResponseEntity<Void>> delete(@Parameter(hidden = true) Authorized access,
            @PathVariable("session") String id) {
        return blocking.call(() -> {
            var session = sessions.removable(access, id);
            loop.cancel(session.id());
            sandboxes.release(session.id());
            store.delete(session.id());
            return ResponseEntity.noContent().build();
        });
    }

    @Operation(summary = "Ask the agent something; the run streams back as text/event-stream",
            description = "Events: message.delta, tool.started, tool.finished, approval.required, usage, "
                    + "context.trimmed, message.reset, message.completed, error, done (the last). 409 while a run of the session goes on.")
    @PostMapping(path = SESSION + "/messages", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<String>> send(@Parameter(hidden = true) Authorized access,
            @PathVariable("session") String id, @RequestBody Message body) {
        if (body == null || body.text() == null || body.text().isBlank()) {
            return Flux.error(new InvalidRequestException("a message needs a non-empty 'text'"));
        }
        return blocking.call(() -> loop.send(sessions.continuable(access, id).id(), body.text()))
                .flatMapMany(run -> stream(run.sessionId(), run.afterSequence(), true));
    }

    @Operation(summary = "A session's events after Last-Event-ID (or 'after'); live until the run's end if one goes on")
    @GetMapping(path = SESSION + "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<String>> events(@Parameter(hidden = true) Authorized access,
            @PathVariable("session") String id,
            @RequestParam(name = "after", required = false) Long after,
            @Parameter(hidden = true) @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        long from = lastEventId != null ? sequence(lastEventId) : after == null ? 0 : after;
        if (from < 0) {
            return Flux.error(new InvalidRequestException("'after' must be 0 or more, was " + from));
        }
        return blocking.call(() -> sessions.inProject(access, id))
                .flatMapMany(session -> stream(session.id(), from, loop.isRunning(session.id())));
    }

    @Operation(summary = "Cancel the session's run, killing what its tools run")
    @PostMapping(SESSION + "/cancel")
    Mono<CancelView> cancel(@Parameter(hidden = true) Authorized access, @PathVariable("session") String id) {
        return blocking.call(() -> new CancelView(loop.cancel(sessions.removable(access, id).id())));
    }

    record CancelView(boolean cancelled) {}

    @Operation(summary = "Approve a tool call that waits; the run continues as text/event-stream "
            + "(an empty stream when other calls still wait)")
    @PostMapping(path = SESSION + "/tool-calls/{call}/approve", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<String>> approve(@Parameter(hidden = true) Authorized access,
            @PathVariable("session") String id, @PathVariable("call") String call) {
        return decide(access, id, call, true);
    }

    @Operation(summary = "Deny a tool call that waits; the run continues as text/event-stream")
    @PostMapping(path = SESSION + "/tool-calls/{call}/deny", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<String>> deny(@Parameter(hidden = true) Authorized access,
            @PathVariable("session") String id, @PathVariable("call") String call) {
        return decide(access, id, call, false);
    }

    private Flux<ServerSentEvent<String>> decide(Authorized access, String id, String call, boolean approve) {
        return blocking.call(() -> loop.decide(sessions.continuable(access, id).id(), call, approve))
                .flatMapMany(run -> run.map(started -> stream(started.sessionId(), started.afterSequence(), true))
                        .orElseGet(Flux::empty));
    }

    /**
     * The session's events after {@code after}: stored ones first, then live ones until the run's
     * {@code done} when {@code live}. A client that falls {@value #CLIENT_BUFFER} events behind is
     * cut off (it resumes with Last-Event-ID), so a slow reader never holds up the run.
     */
    private Flux<ServerSentEvent<String>> stream(UUID sessionId, long after, boolean live) {
        Flux<SessionEvent> source;
        if (live) {
            source = Flux.<SessionEvent>create(sink -> {
                        try {
                            AutoCloseable following = events.follow(sessionId, after, sink::next);
                            sink.onDispose(() -> {
                                try {
                                    following.close();
                                } catch (Exception e) {
                                    // nothing held but a registration
                                }
                            });
                        } catch (RuntimeException e) {
                            sink.error(e);
                        }
                    }, FluxSink.OverflowStrategy.BUFFER)
                    .subscribeOn(VIRTUAL)
                    .onBackpressureBuffer(CLIENT_BUFFER, dropped -> { }, BufferOverflowStrategy.ERROR)
                    .takeUntil(event -> event.type().equals(EventTypes.DONE));
        } else {
            source = Flux.defer(() -> Flux.fromIterable(store.eventsAfter(sessionId, after,
                    SessionStore.MAX_EVENTS_PER_READ))).subscribeOn(VIRTUAL);
        }
        Sinks.Empty<Void> ended = Sinks.empty();
        Flux<ServerSentEvent<String>> sse = source
                .map(event -> ServerSentEvent.builder(event.data()).id(Long.toString(event.sequence()))
                        .event(event.type()).build())
                .doFinally(signal -> ended.tryEmitEmpty());
        Flux<ServerSentEvent<String>> heartbeats = Flux.interval(HEARTBEAT)
                .map(tick -> ServerSentEvent.<String>builder().comment("heartbeat").build())
                .takeUntilOther(ended.asMono());
        return Flux.merge(sse, heartbeats);
    }

    private SessionView view(Authorized access, AgentSession session) {
        boolean running = loop.isRunning(session.id());
        return new SessionView(session.id(), session.title(), session.model(),
                running ? "running" : session.status().name().toLowerCase(java.util.Locale.ROOT), running,
                session.userId(), session.userId().equals(SessionOwners.of(access.caller())), session.createdAt(),
                session.updatedAt());
    }

    private static TurnView turn(int ordinal, ChatTurn turn, Instant at) {
        return switch (turn) {
            case ChatTurn.System system -> new TurnView(ordinal, "system", system.text(), List.of(), null, null, at);
            case ChatTurn.User user -> new TurnView(ordinal, "user", user.text(), List.of(), null, null, at);
            case ChatTurn.Assistant assistant -> new TurnView(ordinal, "assistant", assistant.text(),
                    assistant.toolCalls(), null, null, at);
            case ChatTurn.ToolResult result -> new TurnView(ordinal, "tool", result.content(), List.of(),
                    result.callId(), result.toolName(), at);
        };
    }

    private static ToolCallView call(SessionToolCall call) {
        return new ToolCallView(call.callId(), call.toolName(), call.arguments(),
                call.status().name().toLowerCase(java.util.Locale.ROOT), call.output().orElse(null),
                call.startedAt().orElse(null), call.finishedAt().orElse(null));
    }

    private static long sequence(String lastEventId) {
        try {
            return Long.parseLong(lastEventId.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("Last-Event-ID must be an event number, was '" + lastEventId + "'");
        }
    }
}
