package dev.tracehound.devstripe;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP answer: status, headers, body. The stub builds them and writes them in one place. */
record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {

    static Answer json(int status, String body) {
        return new Answer(status, "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static Answer html(int status, String body) {
        return new Answer(status, "text/html; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static Answer pdf(byte[] body) {
        return new Answer(200, "application/pdf", body, Map.of());
    }

    static Answer seeOther(String location) {
        return new Answer(303, "text/plain; charset=utf-8", ("See " + location).getBytes(StandardCharsets.UTF_8), Map.of())
                .with("Location", location);
    }

    static Answer error(StripeError error) {
        Answer answer = json(error.status(), Json.write(error.body()));
        return error.shouldRetry() ? answer : answer.with("Stripe-Should-Retry", "false");
    }

    Answer with(String header, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(header, value);
        return new Answer(status, contentType, body, more);
    }

    void send(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }
}
