package dev.tracehound.app;

import dev.tracehound.incidents.Severity;
import dev.tracehound.incidents.detect.AnomalySettings;
import dev.tracehound.incidents.investigate.InvestigationSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Detection, incidents and investigations ({@code tracehound.incidents.*}; docs/incidents.md).
 *
 * @param enabled     false: nothing is evaluated and no investigation starts here (the API still reads)
 * @param tick        how often each instance looks for checks whose interval came round, runs the
 *                    queued investigations and escalates unanswered approvals
 * @param sloInterval how often each SLO's burn-rate alerts are evaluated
 * @param publicUrl   the web UI's address, for the links in notifications; blank: this instance's
 *                    {@code http://localhost:<port>}
 */
@ConfigurationProperties("tracehound.incidents")
record IncidentsProperties(boolean enabled, Duration tick, Duration sloInterval, String publicUrl, Anomalies anomalies,
        Investigations investigations) {

    IncidentsProperties {
        tick = tick == null ? Duration.ofSeconds(5) : tick;
        sloInterval = sloInterval == null ? Duration.ofMinutes(1) : sloInterval;
        anomalies = anomalies == null ? new Anomalies(true, null, null, null, 0, null) : anomalies;
        investigations = investigations == null ? new Investigations(0, null) : investigations;
    }

    /** The anomaly detectors every project has; blank values take {@link AnomalySettings#defaults()}. */
    record Anomalies(boolean enabled, Duration window, Duration interval, Duration baseline, long minVolume,
            String investigateFrom) {

        AnomalySettings settings() {
            AnomalySettings d = AnomalySettings.defaults();
            return new AnomalySettings(enabled, window == null ? d.window() : window, interval == null ? d.interval() : interval,
                    baseline == null ? d.baseline() : baseline, minVolume <= 0 ? d.minVolume() : minVolume,
                    investigateFrom == null || investigateFrom.isBlank() ? d.investigateFrom() : Severity.parse(investigateFrom));
        }
    }

    /** @param concurrency investigations running at once per workspace (all instances together) */
    record Investigations(int concurrency, Duration timeout) {

        InvestigationSettings settings() {
            InvestigationSettings d = InvestigationSettings.defaults();
            return new InvestigationSettings(concurrency <= 0 ? d.concurrency() : concurrency,
                    timeout == null ? d.timeout() : timeout);
        }
    }
}
