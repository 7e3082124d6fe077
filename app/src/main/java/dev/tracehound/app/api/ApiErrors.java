package dev.tracehound.app.api;

import dev.tracehound.agent.AgentLoop.SessionBusyException;
import dev.tracehound.agent.session.InvalidSessionInputException;
import dev.tracehound.agent.session.SessionNotFoundException;
import dev.tracehound.analytics.ClickHouseException;
import dev.tracehound.analytics.query.InvalidQueryException;
import dev.tracehound.analytics.query.QueryTooBroadException;
import java.net.URI;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

/**
 * How the query API says no, as RFC 9457 problem details: what was wrong and how to fix it
 * for bad input (400: only the modules' own invalid-input types, never a bare
 * IllegalArgumentException), a retry hint when ClickHouse or PostgreSQL is unavailable (503).
 * Anything else is a failure of ours: a 500 whose body holds an id and nothing of the
 * internals; the same id is logged with the stack trace. Refusals for credentials and
 * permissions (401, 403, 404) come from the security chain before a handler runs.
 */
@RestControllerAdvice(basePackages = {"dev.tracehound.app.api", "dev.tracehound.app.admin", "dev.tracehound.app.incidents",
        "dev.tracehound.app.evals"})
final class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(QueryTooBroadException.class)
    ResponseEntity<ProblemDetail> tooBroad(QueryTooBroadException e) {
        return problem(HttpStatus.BAD_REQUEST, "query-too-broad", e.getMessage());
    }

    @ExceptionHandler(SessionNotFoundException.class)
    ResponseEntity<ProblemDetail> noSession(SessionNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage());
    }

    @ExceptionHandler(SessionBusyException.class)
    ResponseEntity<ProblemDetail> busy(SessionBusyException e) {
        return problem(HttpStatus.CONFLICT, "session-busy", e.getMessage());
    }

    /** Bad input, as each module that validates it names it: the message says what to fix. */
    @ExceptionHandler({InvalidRequestException.class, InvalidQueryException.class, InvalidSessionInputException.class})
    ResponseEntity<ProblemDetail> badInput(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, "bad-request", e.getMessage());
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> unreadable(ServerWebInputException e) {
        // The reason names the parameter or body; the cause says what about it was wrong.
        String detail = e.getReason();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException || t.getCause() == null) {
                detail = (detail == null ? "" : detail + ": ") + firstLine(t.getMessage());
                break;
            }
        }
        return problem(HttpStatus.BAD_REQUEST, "bad-request", detail);
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<ProblemDetail> status(ResponseStatusException e) {
        HttpStatus status = HttpStatus.resolve(e.getStatusCode().value());
        return problem(status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status,
                status == null ? "error" : status.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                e.getReason());
    }

    @ExceptionHandler(ClickHouseException.class)
    ResponseEntity<?> clickHouse(ClickHouseException e, ServerWebExchange exchange) {
        if (e.isTransient()) {
            log.warn("query failed, ClickHouse unavailable: {}", e.getMessage());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                    .body(detail(HttpStatus.SERVICE_UNAVAILABLE, "storage-unavailable",
                            "the telemetry store did not answer; try again in a few seconds"));
        }
        return unexpected(e, exchange);
    }

    /** Read keys and the agent's sessions live in PostgreSQL; without it neither works, and it says so. */
    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<ProblemDetail> postgres(DataAccessException e) {
        log.warn("PostgreSQL unavailable: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                .body(detail(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
                        "PostgreSQL (read keys, agent sessions) did not answer; try again in a few seconds"));
    }

    /** What the client sees of a failure of ours: that it happened, and the id to quote. */
    record InternalFailure(String error, String id) {}

    /**
     * Anything not handled above is a bug or an outage of ours (an IllegalArgumentException or
     * IllegalStateException from deep inside, a NullPointerException): the client gets an id, the
     * log gets the same id with the stack trace, and the exception's message stays in the log.
     */
    @ExceptionHandler(Throwable.class)
    ResponseEntity<InternalFailure> unexpected(Throwable e, ServerWebExchange exchange) {
        String id = UUID.randomUUID().toString();
        var request = exchange.getRequest();
        log.error("internal error {} answering {} {}", id, request.getMethod(), request.getPath().value(), e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType(MediaType.APPLICATION_JSON)
                .body(new InternalFailure("internal error", id));
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String detail) {
        return ResponseEntity.status(status).body(detail(status, type, detail));
    }

    private static ProblemDetail detail(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://tracehound.dev/problems/" + type));
        return problem;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
