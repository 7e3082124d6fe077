package dev.tracehound.evals.generate;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.ProjectTelemetry;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.evals.scenario.Scenario;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a scenario's telemetry into ClickHouse, in a project of its own, once: a project that
 * already holds exactly the spans the scenario makes is left as it is; one holding another
 * amount (a load that stopped part-way, an older version of the scenario) is emptied and loaded
 * again. One loader may load several scenarios at once from several threads, each scenario
 * from one thread only.
 */
public final class ScenarioLoader {

    private static final Logger log = LoggerFactory.getLogger(ScenarioLoader.class);
    static final int BATCH_ROWS = 20_000;
    private static final Duration DELETION_WAIT = Duration.ofSeconds(60);

    private final TelemetryWriter writer;
    private final ProjectTelemetry stored;

    public ScenarioLoader(ClickHouse clickHouse) {
        this.writer = new TelemetryWriter(clickHouse);
        this.stored = new ProjectTelemetry(clickHouse);
    }

    /** The project a scenario's telemetry is in: the same for the same name, whoever loads it. */
    public static String projectId(Scenario scenario) {
        return UUID.nameUUIDFromBytes(("eval:" + scenario.name()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Loads the scenario unless its project holds it already; either way returns what it is made of. */
    public Generated load(Scenario scenario) {
        String project = projectId(scenario);
        long held = stored.spanCoverage(project).spans();
        if (held > 0) {
            Generated expected = TelemetryGenerator.generate(scenario, project, TelemetrySink.discarding());
            if (held == expected.spans()) {
                log.info("scenario {}: already loaded ({} spans in project {})", scenario.name(), held, project);
                return expected;
            }
            log.warn("scenario {}: project {} holds {} spans where the scenario makes {}; removing them and loading "
                    + "again", scenario.name(), project, held, expected.spans());
            stored.deleteTelemetry(project);
            awaitEmpty(scenario, project);
        }
        long started = System.nanoTime();
        var batches = new Batches(writer);
        Generated generated = TelemetryGenerator.generate(scenario, project, batches);
        batches.flush();
        log.info("scenario {}: loaded {} spans, {} logs and {} traces into project {} in {} ms", scenario.name(),
                generated.spans(), generated.logs(), generated.traces(), project,
                (System.nanoTime() - started) / 1_000_000);
        return generated;
    }

    /**
     * ClickHouse deletes in the background: waits for it, so that a count taken after this load
     * sees only the rows it wrote.
     */
    private void awaitEmpty(Scenario scenario, String project) {
        long deadline = System.nanoTime() + DELETION_WAIT.toNanos();
        while (stored.spanCoverage(project).spans() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("scenario " + scenario.name() + ": ClickHouse still holds spans of project "
                        + project + " " + DELETION_WAIT.toSeconds() + " s after they were deleted; is a mutation stuck? "
                        + "SELECT * FROM system.mutations WHERE is_done = 0 shows it");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for project " + project + " to be emptied", e);
            }
        }
    }

    /** Collects rows into inserts of {@value #BATCH_ROWS}. */
    private static final class Batches implements TelemetrySink {
        private final TelemetryWriter writer;
        private final List<SpanRow> spans = new ArrayList<>(BATCH_ROWS);
        private final List<LogRow> logs = new ArrayList<>();

        Batches(TelemetryWriter writer) {
            this.writer = writer;
        }

        @Override
        public void span(SpanRow span) {
            spans.add(span);
            if (spans.size() >= BATCH_ROWS) {
                writer.writeSpans(spans);
                spans.clear();
            }
        }

        @Override
        public void log(LogRow row) {
            logs.add(row);
            if (logs.size() >= BATCH_ROWS) {
                writer.writeLogs(logs);
                logs.clear();
            }
        }

        void flush() {
            writer.writeSpans(spans);
            spans.clear();
            writer.writeLogs(logs);
            logs.clear();
        }
    }
}
