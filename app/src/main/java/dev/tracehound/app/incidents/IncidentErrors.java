package dev.tracehound.app.incidents;

import dev.tracehound.incidents.approve.ApprovalException;
import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * How the incidents API says no, as problem details: input the services checked (a rule, an SLO, a
 * silence, a channel: 400 with what to change), and an approval the caller may not give (403), of a
 * request that is not there (404) or decided already (409). Everything else falls through to the
 * API's own handler (503 when a store is down, 500 with an id).
 */
@RestControllerAdvice(basePackageClasses = IncidentErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
final class IncidentErrors {

    @ExceptionHandler(ApprovalException.class)
    ResponseEntity<ProblemDetail> approval(ApprovalException e) {
        return switch (e.reason()) {
            case NOT_FOUND -> problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage());
            case NOT_ALLOWED -> problem(HttpStatus.FORBIDDEN, "forbidden", e.getMessage());
            case CONFLICT -> problem(HttpStatus.CONFLICT, "conflict", e.getMessage());
        };
    }

    /**
     * The incidents module, platform's channels and these controllers throw it only for input they
     * checked (an {@link dev.tracehound.analytics.query.InvalidQueryException} of a preview included);
     * the message says what to fix.
     */
    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> badInput(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, "bad-request", e.getMessage());
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://tracehound.dev/problems/" + type));
        return ResponseEntity.status(status).body(problem);
    }
}
