package dev.tracehound.app;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.MetricRow;
import dev.tracehound.analytics.ProjectTelemetry;
import dev.tracehound.analytics.ProjectTelemetry.SpanCoverage;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.demo.DemoTelemetryGenerator;
import dev.tracehound.demo.GenerationSummary;
import dev.tracehound.demo.Load;
import dev.tracehound.demo.Scenario;
import dev.tracehound.demo.TelemetrySink;
import dev.tracehound.platform.ApiKeys;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.billing.WorkspacePlan;
import dev.tracehound.platform.billing.WorkspacePlans;
import dev.tracehound.platform.identity.Actor;
import dev.tracehound.platform.notify.ChannelKind;
import dev.tracehound.platform.notify.NotificationChannels;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Fills the demo project with generated telemetry the first time the service starts with
 * demo data enabled. Runs before the service reports ready, so ./dev up can wait for it.
 */
@Component
final class DemoDataLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoDataLoader.class);
    private static final int BATCH_ROWS = 20_000;

    private final DemoProperties properties;
    private final ProjectDirectory projects;
    private final ApiKeys apiKeys;
    private final ProjectTelemetry stored;
    private final TelemetryWriter writer;
    private final WorkspacePlans plans;
    private final NotificationChannels channels;

    DemoDataLoader(DemoProperties properties, ProjectDirectory projects, ApiKeys apiKeys, ClickHouse clickHouse,
            TelemetryWriter writer, WorkspacePlans plans, NotificationChannels channels) {
        this.properties = properties;
        this.projects = projects;
        this.apiKeys = apiKeys;
        this.stored = new ProjectTelemetry(clickHouse);
        this.writer = writer;
        this.plans = plans;
        this.channels = channels;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.enabled()) {
            load();
        }
    }

    /** Loads the demo data unless the project already has spans; returns the project. */
    Project load() {
        Project project = projects.ensure(properties.workspace(), "Demo", properties.project(), "Demo shop");
        if (properties.apiKey() != null && !properties.apiKey().isBlank()) {
            apiKeys.register(project.id(), "demo key", properties.apiKey(), ApiKeys.Scope.INGEST);
        }
        if (properties.readKey() != null && !properties.readKey().isBlank()) {
            apiKeys.register(project.id(), "demo read key", properties.readKey(), ApiKeys.Scope.READ);
        }
        if (properties.plan() != null && !properties.plan().isBlank()) {
            // Only a workspace that never chose a plan: a later change (an upgrade) survives restarts.
            WorkspacePlan plan = plans.assignIfUnset(Actor.system(), project.workspaceId(), properties.plan().strip());
            log.info("demo data: workspace {} is on the {} plan", project.workspaceSlug(), plan.plan().id());
        }
        DemoProperties.Webhook webhook = properties.webhook();
        if (webhook != null && webhook.wanted() && channels.ensure(project.workspaceId(), ChannelKind.WEBHOOK,
                "Local webhook receiver", webhook.url(), webhook.secret())) {
            log.info("demo data: workspace {} notifies the webhook {} (./dev receiver prints what arrives)",
                    project.workspaceSlug(), webhook.url());
        }
        String name = project.workspaceSlug() + "/" + project.slug();
        String projectId = project.id().toString();
        SpanCoverage loaded = stored.spanCoverage(projectId);
        if (loaded.spans() > 0) {
            if (covers(loaded, properties.window())) {
                log.info("demo data: already loaded: {} spans and {} logs for project {} ({})",
                        loaded.spans(), stored.logCount(projectId), name, projectId);
                return project;
            }
            // Generation runs in time order, so a load that was stopped part-way covers less
            // than the window: start over rather than serve a silently truncated demo.
            log.warn("demo data: an earlier load of project {} stopped part-way ({} spans over {} min); "
                    + "removing it and loading again", name, loaded.spans(), loaded.timeSpanned().toMinutes());
            stored.deleteTelemetry(projectId);
        }
        Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Scenario scenario = Scenario.demo(projectId, end)
                .withWindow(end.minus(properties.window()), properties.window())
                .withSeed(properties.seed())
                .withLoad(Load.targetSpans(properties.targetSpans()));
        log.info("demo data: generating {} h of telemetry (about {} spans) for project {} ({})",
                properties.window().toHours(), properties.targetSpans(), name, projectId);
        long started = System.nanoTime();
        var batches = new BatchingSink(writer, properties.targetSpans());
        GenerationSummary summary = new DemoTelemetryGenerator(scenario).generate(batches);
        batches.flush();
        log.info("demo data: ready: {} spans and {} logs ({} traces) for project {} ({}) in {} s; incidents at {}",
                summary.spans(), summary.logs(), summary.traces(), name, projectId,
                (System.nanoTime() - started) / 1_000_000_000L, summary.incidentStarts());
        return project;
    }

    /** A complete load spans the window, less the quiet minutes at its edges. */
    private static boolean covers(SpanCoverage loaded, Duration window) {
        return loaded.timeSpanned().toMinutes() >= window.toMinutes() - 30;
    }

    /** Collects rows into inserts of {@value #BATCH_ROWS} and logs progress every tenth. */
    private static final class BatchingSink implements TelemetrySink {
        private final TelemetryWriter writer;
        private final long expectedSpans;
        private final List<SpanRow> spans = new ArrayList<>(BATCH_ROWS);
        private final List<LogRow> logs = new ArrayList<>(BATCH_ROWS);
        private final List<MetricRow> metrics = new ArrayList<>(BATCH_ROWS);
        private long written;
        private long reportedTenth;

        BatchingSink(TelemetryWriter writer, long expectedSpans) {
            this.writer = writer;
            this.expectedSpans = Math.max(1, expectedSpans);
        }

        @Override
        public void span(SpanRow span) {
            spans.add(span);
            if (spans.size() >= BATCH_ROWS) {
                flushSpans();
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

        @Override
        public void metric(MetricRow point) {
            metrics.add(point);
            if (metrics.size() >= BATCH_ROWS) {
                writer.writeMetrics(metrics);
                metrics.clear();
            }
        }

        void flush() {
            flushSpans();
            writer.writeLogs(logs);
            logs.clear();
            writer.writeMetrics(metrics);
            metrics.clear();
        }

        private void flushSpans() {
            writer.writeSpans(spans);
            written += spans.size();
            spans.clear();
            long tenth = Math.min(9, written * 10 / expectedSpans);
            if (tenth > reportedTenth) {
                reportedTenth = tenth;
                log.info("demo data: {}% loaded ({} spans)", tenth * 10, written);
            }
        }
    }
}
