package dev.tracehound.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tracehound.agent.session.InvalidSessionInputException;
import dev.tracehound.analytics.query.InvalidQueryException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a client sees when a handler fails, through WebFlux's real exception handling: bad input
 * as a 400 that says what to fix, anything else as a 500 that says nothing but an id, which the
 * log has with the stack trace.
 */
class ApiErrorsTest {

    /** The kind of internals a bug's message carries and a client must never see. */
    private static final String INTERNALS = "jdbc:postgresql://10.0.0.7:5432/tracehound password=hunter2";

    private final WebTestClient client = WebTestClient.bindToController(new Failing()).controllerAdvice(new ApiErrors())
            .build();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger apiErrors = (Logger) LoggerFactory.getLogger(ApiErrors.class);

    @BeforeEach
    void captureTheLog() {
        log.start();
        apiErrors.addAppender(log);
    }

    @AfterEach
    void releaseTheLog() {
        apiErrors.detachAppender(log);
    }

    @RestController
    static final class Failing {

        private static final Map<String, RuntimeException> FAILURES = Map.of(
                "illegal-argument", new IllegalArgumentException("bug: " + INTERNALS),
                "illegal-state", new IllegalStateException("bug: " + INTERNALS),
                "null-pointer", new NullPointerException("bug: " + INTERNALS),
                "bad-query", new InvalidQueryException("the time range is empty: 'from' must be before 'to'"),
                "bad-request", new InvalidRequestException("quietSeconds must be 1 to 3600, was 0"),
                "bad-session-input", new InvalidSessionInputException("a session title cannot be empty"));

        @GetMapping("/fail/{how}")
        Mono<String> fail(@PathVariable("how") String how) {
            return Mono.error(FAILURES.get(how));
        }

        @GetMapping("/throw/{how}")
        String failAtOnce(@PathVariable("how") String how) {
            throw FAILURES.get(how);
        }
    }

    @Test
    void eachModulesBadInputIsA400WithItsReason() {
        assertThat(problem("/fail/bad-query", 400).get("detail").asString())
                .isEqualTo("the time range is empty: 'from' must be before 'to'");
        assertThat(problem("/throw/bad-request", 400).get("detail").asString())
                .isEqualTo("quietSeconds must be 1 to 3600, was 0");
        assertThat(problem("/fail/bad-session-input", 400).get("detail").asString())
                .isEqualTo("a session title cannot be empty");
        assertThat(log.list).as("bad input is the client's, not an error of ours").isEmpty();
    }

    @Test
    void anUnexpectedExceptionIsA500WithAnIdThatIsInTheLogAndNoInternals() {
        for (String path : new String[] {"/fail/illegal-argument", "/throw/illegal-state", "/fail/null-pointer"}) {
            log.list.clear();

            String body = client.get().uri(path).exchange()
                    .expectStatus().isEqualTo(500)
                    .expectHeader().contentType("application/json")
                    .expectBody(String.class).returnResult().getResponseBody();

            JsonNode json = JsonMapper.builder().build().readTree(body);
            assertThat(json.propertyNames()).as(path).containsExactly("error", "id");
            assertThat(json.get("error").asString()).isEqualTo("internal error");
            String id = json.get("id").asString();
            assertThat(id).matches("[0-9a-f-]{36}");
            assertThat(body).doesNotContain("bug", "jdbc", "hunter2", "Exception");
            assertThat(log.list).as(path).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                assertThat(event.getFormattedMessage()).contains(id, "GET " + path);
                assertThat(event.getThrowableProxy()).as("the stack trace is logged").isNotNull();
                assertThat(event.getThrowableProxy().getMessage()).contains(INTERNALS);
            });
        }
    }

    @Test
    void twoFailuresGetTwoIds() {
        assertThat(problemId()).isNotEqualTo(problemId());
    }

    private String problemId() {
        return JsonMapper.builder().build().readTree(client.get().uri("/fail/illegal-state").exchange()
                .expectStatus().isEqualTo(500).expectBody(String.class).returnResult().getResponseBody())
                .get("id").asString();
    }

    private JsonNode problem(String path, int status) {
        String body = client.get().uri(path).exchange().expectStatus().isEqualTo(status)
                .expectBody(String.class).returnResult().getResponseBody();
        return JsonMapper.builder().build().readTree(body);
    }
}
