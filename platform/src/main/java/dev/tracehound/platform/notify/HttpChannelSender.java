package dev.tracehound.platform.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** POSTs a notification to a generic webhook (signed JSON) or a Slack-compatible incoming webhook. */
final class HttpChannelSender {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final Clock clock;

    HttpChannelSender(Clock clock) {
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    void sendWebhook(NotificationChannel channel, Notification notification) throws DeliveryFailure {
        String body = NotificationJson.webhookBody(notification);
        long now = clock.instant().getEpochSecond();
        post(channel, body, request -> request
                .header(WebhookSignature.HEADER, WebhookSignature.header(channel.secret(), now, body))
                .header(WebhookSignature.EVENT_ID_HEADER, notification.idempotencyKey()));
    }

    void sendSlack(NotificationChannel channel, Notification notification) throws DeliveryFailure {
        post(channel, NotificationJson.slackBody(notification), request -> request);
    }

    private void post(NotificationChannel channel, String body, UnaryOperator<HttpRequest.Builder> headers)
            throws DeliveryFailure {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(channel.target()))
                    .timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Tracehound-Notifications")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
        } catch (IllegalArgumentException e) {
            throw new DeliveryFailure("not a valid URL: " + e.getMessage(), e);
        }
        HttpResponse<String> response;
        try {
            response = http.send(headers.apply(request).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DeliveryFailure("cannot reach the receiver: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailure("interrupted while sending", e);
        }
        if (response.statusCode() / 100 != 2) {
            String answer = response.body() == null ? "" : response.body();
            throw new DeliveryFailure("the receiver answered HTTP " + response.statusCode()
                    + (answer.isBlank() ? "" : ": " + answer.substring(0, Math.min(answer.length(), 200))));
        }
    }
}
