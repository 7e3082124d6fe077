package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.platform.ApiKeys;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.usage.DailyCount;
import dev.tracehound.platform.usage.UsageLedger;
import dev.tracehound.platform.usage.UsageMeter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's switches: {@code tracehound.ingest.quota.enabled=false} lets a workspace past its
 * plan's limit and margin ingest (IngestQuotaIT refuses the same workspace with the gate on), and
 * {@code tracehound.usage.enabled=false} schedules no roll-up.
 */
class IngestQuotaSwitchedOffIT {

    private static RunningApp app;

    @BeforeAll
    static void start() {
        app = RunningApp.start(Map.of("tracehound.ingest.quota.enabled", "false", "tracehound.usage.enabled", "false",
                "tracehound.ingest.quota.cache-ttl", "0s", "tracehound.ingest.grpc.port", "0"));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void withTheQuotaSwitchedOffAFreeWorkspacePastItsMarginIsAcceptedAndNotTold() throws Exception {
        Project project = app.bean(ProjectDirectory.class).ensure("unmetered", "Unmetered", "shop", "Shop");
        String key = app.bean(ApiKeys.class).create(project.id(), "quota off", ApiKeys.Scope.INGEST);
        app.bean(UsageLedger.class).record(List.of(new DailyCount(project.id(), project.workspaceId(),
                LocalDate.now(ZoneOffset.UTC), UsageMeter.SPANS, 1_200_000)));
        long now = System.currentTimeMillis() * 1_000_000L;
        String body = """
                {"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "5b8efff798038103d269b633813fc60c",
                  "spanId": "eee19b7ec3c1b174", "name": "GET /", "startTimeUnixNano": "%d", "endTimeUnixNano": "%d"}]}]}]}"""
                .formatted(now - 1_000_000, now);

        var answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.base() + "/v1/traces"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Tracehound-Quota")).isEmpty();
        RunningApp.awaitCount(() -> app.clickHouse().count("SELECT count() AS c FROM spans WHERE project_id = '"
                + project.id() + "'"), 1, Duration.ofSeconds(5));
        assertThat(app.context().getBeanProvider(UsageJob.class).getIfAvailable()).as("no usage roll-up scheduled")
                .isNull();
    }
}
