package dev.tracehound.app.security;

import dev.tracehound.platform.BearerChallenge;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** The security chain's refusals, as the same RFC 9457 problem details the API answers with. */
final class Problems {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {}

    /** 401 with a bearer challenge; {@code tokenSent}: a credential came and was refused. */
    static Mono<Void> unauthorized(ServerWebExchange exchange, boolean tokenSent, String detail) {
        exchange.getResponse().getHeaders().set(BearerChallenge.HEADER, BearerChallenge.of(tokenSent));
        return write(exchange, HttpStatus.UNAUTHORIZED, "unauthorized", detail);
    }

    static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String type, String detail) {
        var response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        var body = JSON.createObjectNode()
                .put("type", "https://tracehound.dev/problems/" + type)
                .put("title", status.getReasonPhrase())
                .put("status", status.value())
                .put("detail", detail)
                .put("instance", exchange.getRequest().getPath().value());
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }
}
