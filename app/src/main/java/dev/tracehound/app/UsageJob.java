package dev.tracehound.app;

import dev.tracehound.app.UsageRollup.Counted;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the usage ledger up to date: its first run counts every day each project stored since
 * its last counted day (the days missed while the service was down), every later run counts today
 * and yesterday (UTC). One run at a time here, one log line per run; a failed run is logged and
 * the next one tries again (the first run's catch-up included, until it succeeds). Another
 * instance running it at once writes the same numbers.
 */
final class UsageJob implements AutoCloseable {

    static final String RUNS = "tracehound.usage.runs";

    private static final Logger log = LoggerFactory.getLogger(UsageJob.class);

    private final UsageRollup rollup;
    private final ProjectDirectory projects;
    private final MeterRegistry meters;
    private final Clock clock;
    private final AtomicBoolean caughtUp = new AtomicBoolean();
    private final FixedDelaySchedule schedule;

    UsageJob(UsageRollup rollup, ProjectDirectory projects, MeterRegistry meters, Clock clock, Duration interval) {
        this.rollup = rollup;
        this.projects = projects;
        this.meters = meters;
        this.clock = clock;
        this.schedule = new FixedDelaySchedule("usage", interval, meters, RUNS);
    }

    /** Runs first after {@code initialDelay}, then {@code interval} after each run ends; a failed run is logged. */
    void start(Duration initialDelay) {
        schedule.start(initialDelay, this::runOnce);
    }

    /**
     * The catch-up until one succeeded, then today and yesterday; a run already going makes this a no-op.
     *
     * @return what the run counted, or null when another run was going
     */
    Counted runOnce() {
        return schedule.exclusively(() -> {
            long started = System.nanoTime();
            boolean catchUp = !caughtUp.get();
            LocalDate today = LocalDate.now(clock);
            List<Project> all = projects.all();
            BiFunction<List<Project>, LocalDate, Counted> run = catchUp ? rollup::catchUp : rollup::countRecent;
            Counted counted = run.apply(all, today);
            caughtUp.set(true);
            meters.counter(RUNS, "outcome", "ok").increment();
            log.info("usage: {} {} project(s), {} project-day(s) with rows: {} span(s), {} log record(s), "
                    + "{} metric point(s), {} byte(s) ingested, in {} ms",
                    catchUp ? "caught up" : "counted today and yesterday of", all.size(), counted.days(),
                    counted.spans(), counted.logRecords(), counted.metricPoints(), counted.ingestedBytes(),
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
            return counted;
        });
    }

    @Override
    public void close() {
        schedule.close();
    }
}
