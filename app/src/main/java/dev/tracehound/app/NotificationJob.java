package dev.tracehound.app;

import dev.tracehound.platform.notify.NotificationOutbox;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * Sends the notification outbox's due rows on a schedule. Every instance runs it; the outbox hands
 * each row to one of them, and a failed send waits for its retry, so nothing is lost or sent twice.
 */
final class NotificationJob implements AutoCloseable {

    static final String RUNS = "tracehound.notifications.runs";

    private final NotificationOutbox outbox;
    private final MeterRegistry meters;
    private final FixedDelaySchedule schedule;

    NotificationJob(NotificationOutbox outbox, MeterRegistry meters, Duration interval) {
        this.outbox = outbox;
        this.meters = meters;
        this.schedule = new FixedDelaySchedule("notifications", interval, meters, RUNS);
    }

    void start(Duration initialDelay) {
        schedule.start(initialDelay, this::runOnce);
    }

    /** @return how many were sent, or null when a run was going already */
    Integer runOnce() {
        return schedule.exclusively(() -> {
            int sent = outbox.deliverDue();
            meters.counter(RUNS, "outcome", "ok").increment();
            meters.counter("tracehound.notifications.sent").increment(sent);
            return sent;
        });
    }

    @Override
    public void close() {
        schedule.close();
    }
}
