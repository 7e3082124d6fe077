package dev.tracehound.devstripe;

/**
 * An event the stub sent (or meant to send) to the webhook URL: its id, type, the exact JSON body,
 * and how its delivery went ({@code null} while it is still queued).
 */
public record StubEvent(String id, String type, String payload, Delivery delivery) {

    /**
     * How delivering one event went: {@code delivered} when the webhook URL answered 2xx; else the
     * last status (0 when it did not answer) and why it gave up after {@code attempts} tries.
     */
    public record Delivery(boolean delivered, int attempts, int lastStatus, String failure) {}
}
