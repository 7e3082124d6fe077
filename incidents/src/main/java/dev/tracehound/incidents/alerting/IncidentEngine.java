package dev.tracehound.incidents.alerting;

import dev.tracehound.incidents.Check;
import dev.tracehound.incidents.Detection;
import dev.tracehound.incidents.IncidentContext;
import dev.tracehound.incidents.InvestigationRequests;
import dev.tracehound.incidents.Observation;
import dev.tracehound.platform.notify.NotificationChannels;
import dev.tracehound.platform.notify.NotificationOutbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The evaluation round: each instance calls {@link #round} every tick. It claims each check whose current slot
 * (the moment truncated to its interval) is free, evaluates the claimed checks (together where the detection
 * can, {@link Detection#evaluateAll}), and applies what each saw to alert states, incidents, their timeline
 * and the notification outbox in one transaction per check; after the commit it asks for the investigations
 * the round marked. With several instances on one database each check is evaluated once per interval, and
 * a restarted instance evaluates no slot twice and notifies no event twice (the outbox's keys name the events).
 *
 * <p>States: pending after a breach, firing after 2 consecutive breaches, resolved after 3 consecutive healthy
 * evaluations (or 24 h without data); firings are grouped into one open incident per project, service and
 * the rule's own labels. docs/incidents.md has the method.
 */
public final class IncidentEngine {

    private static final Logger log = LoggerFactory.getLogger(IncidentEngine.class);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);
    private static final int INVESTIGATIONS_PER_SWEEP = 20;
    private static final Duration UNANSWERED_CLAIM = Duration.ofMinutes(5);
    static final String REQUESTED_BY = "tracehound";

    private final Detection detection;
    private final InvestigationRequests investigations;
    private final String instanceId;
    private final EvaluationSlots slots;
    private final IncidentRows incidents;
    private final EvaluationApplier applier;
    private final TransactionTemplate transaction;
    private final AtomicLong failedChecks = new AtomicLong();
    private volatile Instant prunedAt = Instant.EPOCH;

    /**
     * @param dataSource the PostgreSQL data source {@code outbox} was built over, so its rows join the
     *                   round's transaction
     * @param instanceId this instance's name in the slots it claims (e.g. host and pid), for people reading them
     * @param publicUrl  where people open the service; notifications link to {@code <publicUrl>/w/…/incidents/…}
     */
    public IncidentEngine(DataSource dataSource, Detection detection, InvestigationRequests investigations,
            NotificationOutbox outbox, String instanceId, String publicUrl) {
        this.detection = Objects.requireNonNull(detection, "detection");
        this.investigations = Objects.requireNonNull(investigations, "investigations");
        if (instanceId == null || instanceId.isBlank() || instanceId.length() > 200) {
            throw new IllegalArgumentException("an instance id of 1 to 200 characters is required");
        }
        this.instanceId = instanceId;
        JdbcClient jdbc = JdbcClient.create(dataSource);
        this.slots = new EvaluationSlots(jdbc);
        this.incidents = new IncidentRows(jdbc);
        EventRows events = new EventRows(jdbc);
        IncidentNotifier notifier = new IncidentNotifier(outbox, new NotificationChannels(jdbc), events,
                Objects.requireNonNull(publicUrl, "publicUrl"));
        this.applier = new EvaluationApplier(AlertStateMachine.DEFAULT, new AlertRows(jdbc), incidents, events,
                new Silences(dataSource, Clock.systemUTC()), notifier);
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** One round at {@code now}: every due check this instance claims. A failing check does not stop the others. */
    public RoundResult round(Instant now) {
        pruneSlotsIfDue(now);
        int requested = requestInvestigations(now);
        List<Check> checks;
        try {
            checks = detection.checks();
        } catch (RuntimeException e) {
            failedChecks.incrementAndGet();
            log.error("listing the checks to evaluate failed; this round evaluates none", e);
            return new RoundResult(0, 0, 1, 0, 0, requested);
        }
        int evaluated = 0;
        int skipped = 0;
        int failed = 0;
        int opened = 0;
        int resolved = 0;
        var claimed = new ArrayList<Check>();
        for (Check check : checks) {
            if (slots.claim(check.source(), EvaluationSlots.slotOf(now, check.interval()), instanceId, now)) {
                claimed.add(check);
            } else {
                skipped++;
            }
        }
        Map<Check, List<Observation>> together = evaluateTogether(claimed, now);
        for (Check check : claimed) {
            try {
                List<Observation> observations = together.containsKey(check) ? together.get(check)
                        : detection.evaluate(check, now);
                EvaluationApplier.Outcome outcome = transaction.execute(s -> applier.apply(check, observations, now));
                evaluated++;
                opened += outcome.opened();
                resolved += outcome.resolved();
                if (outcome.investigate()) {
                    requested += requestInvestigations(now);
                }
            } catch (RuntimeException e) {
                failed++;
                failedChecks.incrementAndGet();
                log.error("evaluating {} ({}) of project {} failed; its slot at {} is skipped, the next interval "
                        + "evaluates it again", check.source(), check.name(), check.projectId(), now, e);
            }
        }
        return new RoundResult(evaluated, skipped, failed, opened, resolved, requested);
    }

    /**
     * The claimed checks the detection evaluates together (e.g. many rules in one query); those it leaves
     * out, or all if it fails, are evaluated one by one.
     */
    private Map<Check, List<Observation>> evaluateTogether(List<Check> claimed, Instant now) {
        if (claimed.isEmpty()) {
            return Map.of();
        }
        try {
            return detection.evaluateAll(claimed, now);
        } catch (RuntimeException e) {
            log.warn("evaluating {} checks together failed; each is evaluated alone", claimed.size(), e);
            return Map.of();
        }
    }

    /** Checks that failed since this engine started, for a metric. */
    public long failedChecks() {
        return failedChecks.get();
    }

    /**
     * Asks for the investigations of open incidents marked for one and not yet asked for: those this round
     * marked, and any a crash left between the commit and the request, or between the request and storing its
     * answer (asked again: a second request of a queued or running investigation is the same one).
     */
    private int requestInvestigations(Instant now) {
        int requested = 0;
        for (UUID id : incidents.claimInvestigations(now, now.minus(UNANSWERED_CLAIM), INVESTIGATIONS_PER_SWEEP)) {
            try {
                IncidentContext context = IncidentContexts.of(incidents, id).orElseThrow();
                incidents.investigationAskedFor(id, investigations.request(context, REQUESTED_BY));
                requested++;
            } catch (RuntimeException e) {
                incidents.unclaimInvestigation(id);
                log.error("asking for the investigation of incident {} failed; the next round asks again", id, e);
            }
        }
        return requested;
    }

    private void pruneSlotsIfDue(Instant now) {
        if (now.isBefore(prunedAt.plus(PRUNE_EVERY))) {
            return;
        }
        prunedAt = now;
        try {
            slots.prune(now);
        } catch (RuntimeException e) {
            log.warn("deleting evaluation slots older than a day failed; the next hour tries again", e);
        }
    }
}
