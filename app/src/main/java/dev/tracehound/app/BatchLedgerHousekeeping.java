package dev.tracehound.app;

import dev.tracehound.analytics.TelemetryWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets the ids of ingested batches after {@code days} days, hourly: de-duplication only
 * needs to recognise retries and redeliveries, which come within minutes or hours.
 */
final class BatchLedgerHousekeeping implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BatchLedgerHousekeeping.class);

    private final ScheduledExecutorService schedule =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("batch-ledger-housekeeping").factory());

    BatchLedgerHousekeeping(TelemetryWriter writer, int days, Clock clock) {
        if (days < 1) {
            throw new IllegalArgumentException("tracehound.ingest.dedup-days must be at least 1, was " + days);
        }
        schedule.scheduleWithFixedDelay(() -> {
            try {
                int dropped = writer.forgetBatchesBefore(LocalDate.now(clock).minusDays(days));
                if (dropped > 0) {
                    log.info("forgot the ingested batch ids of {} day(s) older than {} days", dropped, days);
                }
            } catch (RuntimeException e) {
                log.warn("could not forget old ingested batch ids (will try again in an hour): {}", e.getMessage());
            }
        }, 1, 60, TimeUnit.MINUTES);
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
