package dev.tracehound.app;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Demo telemetry loaded at start-up when enabled and the demo project has none yet.
 *
 * @param window      how far back from now the demo data reaches
 * @param targetSpans about how many spans to generate over the window
 * @param apiKey      a well-known ingest key for the demo project, so local senders work at once
 * @param readKey     a well-known read key for the demo project, for the query API
 * @param plan        the plan the demo workspace is put on unless it already chose one (blank: none)
 * @param webhook     a webhook channel the demo workspace gets, for a local receiver started by hand
 */
@ConfigurationProperties("tracehound.demo")
record DemoProperties(
        boolean enabled, String workspace, String project, Duration window, long targetSpans, long seed, String apiKey,
        String readKey, String plan, Webhook webhook) {

    /** The demo workspace's "Local webhook receiver" channel; a blank URL: none. */
    record Webhook(String url, String secret) {

        boolean wanted() {
            return url != null && !url.isBlank() && secret != null && !secret.isBlank();
        }
    }
}
