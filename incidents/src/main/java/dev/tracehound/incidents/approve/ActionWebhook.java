package dev.tracehound.incidents.approve;

import dev.tracehound.platform.notify.WebhookSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;

/**
 * POSTs an approved action to its webhook, signed as the notification webhooks are
 * ({@code Tracehound-Signature}), with the request's id as {@code Tracehound-Event-Id} so a
 * receiver can tell a repeat. Redirects are not followed: the signed URL is the one approved.
 */
final class ActionWebhook {

    static final int BODY_LIMIT = 2000;
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** What the receiver answered; {@code status} 0 and an {@code error} when it gave no answer. */
    record Answer(int status, String body, String error) {

        boolean succeeded() {
            return status / 100 == 2;
        }
    }

    private final HttpClient http;
    private final Clock clock;

    ActionWebhook(Clock clock) {
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** @throws InterruptedException the calling thread was interrupted while waiting for the answer */
    Answer post(String url, String secret, String eventId, String body) throws InterruptedException {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Tracehound-Actions")
                    .header(WebhookSignature.HEADER, WebhookSignature.header(secret, clock.instant().getEpochSecond(), body))
                    .header(WebhookSignature.EVENT_ID_HEADER, eventId)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
        } catch (IllegalArgumentException e) {
            return new Answer(0, "", "the action's webhook URL is not valid: " + e.getMessage());
        }
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String answer = trimmed(response.body());
            return new Answer(response.statusCode(), answer,
                    response.statusCode() / 100 == 2 ? "" : "the receiver answered HTTP " + response.statusCode());
        } catch (HttpTimeoutException e) {
            return new Answer(0, "", "the receiver did not answer within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            return new Answer(0, "", "cannot reach the receiver at " + url + ": " + e);
        }
    }

    private static String trimmed(String body) {
        String text = body == null ? "" : body.strip();
        return text.length() <= BODY_LIMIT ? text : text.substring(0, BODY_LIMIT) + "…";
    }
}
