package dev.tracehound.incidents.investigate;

import dev.tracehound.agent.AgentLoop;
import dev.tracehound.agent.session.SessionEvents;
import dev.tracehound.agent.session.SessionStore;
import dev.tracehound.incidents.IncidentContext;
import dev.tracehound.incidents.IncidentFeed;
import dev.tracehound.incidents.InvestigationRequests;
import dev.tracehound.platform.Entitlements;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The door of {@code dev.tracehound.incidents.investigate}, which promises that an incident's
 * investigation runs once, as an agent session its workspace's members can open and continue, within
 * the workspace's limits, and ends with a stored report or a reason it failed.
 *
 * <p>{@link #request} queues an investigation (the same one while it is queued or running);
 * {@link #runDue}, called on a schedule by every instance, claims queued ones in PostgreSQL
 * ({@code FOR UPDATE SKIP LOCKED}, at most {@link InvestigationSettings#concurrency()} running per
 * workspace across all instances, and not past a free plan's monthly investigations) and runs each on
 * a virtual thread: a session owned by {@link #sessionOwner the workspace's investigator}, the incident
 * as its first message, the agent loop with its tools, budgets and metering, waited for up to
 * {@link InvestigationSettings#timeout()}. A claim lasts as long; one whose instance died is queued
 * again ({@value #MAX_ATTEMPTS} times at most). The incident is told through {@link IncidentFeed}.
 *
 * <p>Every method blocks on PostgreSQL: call them off event loops. The runs never block the caller.
 */
public final class Investigations implements InvestigationRequests, AutoCloseable {

    /** Who requests an investigation a firing started. */
    public static final String TRACEHOUND = "tracehound";
    /** Claims of one instance (running investigations taken over) before an investigation fails. */
    static final int MAX_ATTEMPTS = 3;
    /** How long after a claim expired its row is queued again: time for its instance to store the timeout. */
    static final Duration EXPIRY_GRACE = Duration.ofSeconds(30);
    private static final int CLAIMS_PER_ROUND = 100;
    private static final String OWNER_PREFIX = "investigator:";
    private static final Logger log = LoggerFactory.getLogger(Investigations.class);

    private final InvestigationRows rows;
    private final TransactionTemplate transactions;
    private final AgentLoop loop;
    private final IncidentFeed feed;
    private final Allowance allowance;
    private final InvestigationSettings settings;
    private final Clock clock;
    private final String me;
    private final InvestigationRun runner;
    /** The sessions of this instance's runs, by investigation: what a closing service cancels. */
    private final Map<UUID, UUID> running = new ConcurrentHashMap<>();
    private volatile boolean closing;

    /**
     * @param billingPage where the workspace of a project changes its plan, named when its plan's
     *                    investigations are used up (as for sandbox minutes)
     */
    public Investigations(DataSource dataSource, AgentLoop loop, SessionStore sessions, SessionEvents events,
            IncidentFeed feed, Entitlements entitlements, Function<UUID, String> billingPage,
            InvestigationSettings settings, Clock clock) {
        this.rows = new InvestigationRows(JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource")));
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.loop = Objects.requireNonNull(loop, "loop");
        this.feed = Objects.requireNonNull(feed, "feed");
        this.allowance = new Allowance(Objects.requireNonNull(entitlements, "entitlements"), rows,
                Objects.requireNonNull(billingPage, "billingPage"));
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.me = instanceName();
        this.runner = new InvestigationRun(rows, loop, Objects.requireNonNull(sessions, "sessions"),
                Objects.requireNonNull(events, "events"), feed, clock, settings.timeout(), me, () -> closing);
    }

    /**
     * The user id that owns the workspace's investigation sessions. It is no person's (theirs are
     * UUIDs) and no key's ({@code api-key}): the chat must let every member of the workspace who may
     * chat in the project continue a session with this owner.
     */
    public static String sessionOwner(UUID workspaceId) {
        return OWNER_PREFIX + Objects.requireNonNull(workspaceId, "workspaceId");
    }

    /**
     * Queues an investigation of the incident, or returns the one it has queued or running. A
     * request by {@link #TRACEHOUND} (a firing) also returns the incident's last investigation when it
     * has finished: a firing investigates an incident once; a person {@link #rerun re-runs} it.
     */
    @Override
    public UUID request(IncidentContext incident, String requestedBy) {
        Objects.requireNonNull(incident, "incident");
        requireRequester(requestedBy);
        if (requestedBy.equals(TRACEHOUND)) {
            Optional<UUID> latest = rows.latest(incident.incidentId());
            if (latest.isPresent()) {
                return latest.get();
            }
        }
        return queue(incident, requestedBy);
    }

    /**
     * A person's request for a new investigation of the incident: queued once its last one is done or
     * failed; while one is queued or running, that one.
     *
     * @param userId the person's user id
     */
    public UUID rerun(IncidentContext incident, String userId) {
        Objects.requireNonNull(incident, "incident");
        requireRequester(userId);
        if (userId.equals(TRACEHOUND)) {
            throw new IllegalArgumentException("a re-run is a person's: pass their user id, not " + TRACEHOUND);
        }
        return queue(incident, userId);
    }

    /** The incident's investigations, newest first, each with its report once done. */
    public List<IncidentInvestigation> ofIncident(UUID incidentId) {
        return rows.ofIncident(Objects.requireNonNull(incidentId, "incidentId"));
    }

    /** One investigation, if it exists. */
    public Optional<IncidentInvestigation> get(UUID investigationId) {
        return rows.get(Objects.requireNonNull(investigationId, "investigationId"));
    }

    /** The incident an agent session investigates, if it is an investigation's session. */
    public Optional<UUID> incidentOfSession(UUID sessionId) {
        return rows.incidentOfSession(Objects.requireNonNull(sessionId, "sessionId"));
    }

    /**
     * One round: queues again the investigations whose claim expired (their instance stopped), fails
     * queued ones a free plan has no investigations left for, and claims and starts what each
     * workspace's concurrency allows. Returns how many it started; they run on after it returns.
     */
    public int runDue(Instant now) {
        Objects.requireNonNull(now, "now");
        if (closing) {
            return 0;
        }
        var failed = new ArrayList<Failure>();
        transactions.executeWithoutResult(tx -> requeueExpired(now, failed));
        var claims = new ArrayList<InvestigationRows.Claim>();
        transactions.executeWithoutResult(tx -> claim(now, claims, failed));
        failed.forEach(failure -> tell(() -> feed.investigationFailed(failure.incidentId(), failure.id(), failure.reason())));
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        for (InvestigationRows.Claim claim : claims) {
            Thread.ofVirtual().name("investigation-" + claim.id()).start(() -> {
                try {
                    runner.run(claim, deadline, session -> running.put(claim.id(), session));
                } finally {
                    running.remove(claim.id());
                }
            });
        }
        return claims.size();
    }

    /**
     * Puts this instance's running investigations back in the queue for another instance (or this one
     * after its restart), and cancels their runs. Close it before the agent loop.
     */
    @Override
    public void close() {
        closing = true;
        try {
            int released = rows.releaseMine(me);
            if (released > 0) {
                log.info("{} running investigations went back to the queue as the service stops", released);
            }
        } catch (RuntimeException e) {
            log.warn("could not put this instance's investigations back in the queue; their claims expire", e);
        }
        running.values().forEach(loop::cancel);
    }

    private record Failure(UUID id, UUID incidentId, String reason) {}

    private UUID queue(IncidentContext incident, String requestedBy) {
        String context = Json.context(incident);
        for (int attempt = 0; attempt < 5; attempt++) {
            UUID id = UUID.randomUUID();
            if (rows.insertQueued(id, incident.incidentId(), incident.workspaceId(), incident.projectId(), requestedBy,
                    clock.instant(), context)) {
                return id;
            }
            Optional<UUID> active = rows.active(incident.incidentId());
            if (active.isPresent()) {
                return active.get();
            }
            // The active one finished between the insert and the read: queue a new one.
        }
        throw new IllegalStateException("could not queue an investigation of incident " + incident.incidentId()
                + ": its investigations kept changing; try again");
    }

    private void requeueExpired(Instant now, List<Failure> failed) {
        for (InvestigationRows.Expired expired : rows.expired(now.minus(EXPIRY_GRACE))) {
            if (expired.attempts() < MAX_ATTEMPTS) {
                rows.requeue(expired.id());
                log.info("investigation {}: its instance stopped running it; queued again", expired.id());
                continue;
            }
            String reason = "the investigation was started " + expired.attempts() + " times and each time the service"
                    + " running it stopped before it finished; re-run it";
            if (rows.failExpired(expired.id(), reason, clock.instant())) {
                failed.add(new Failure(expired.id(), expired.incidentId(), reason));
            }
        }
    }

    private void claim(Instant now, List<InvestigationRows.Claim> claims, List<Failure> failed) {
        var byWorkspace = new LinkedHashMap<UUID, List<InvestigationRows.Queued>>();
        for (InvestigationRows.Queued queued : rows.queued(CLAIMS_PER_ROUND)) {
            byWorkspace.computeIfAbsent(queued.workspaceId(), w -> new ArrayList<>()).add(queued);
        }
        // Workspace locks in one order on every instance: two rounds never wait for each other in a circle.
        List<UUID> workspaces = byWorkspace.keySet().stream()
                .sorted(Comparator.comparingInt(UUID::hashCode).thenComparing(Comparator.naturalOrder())).toList();
        Instant until = now.plus(settings.timeout());
        for (UUID workspace : workspaces) {
            rows.lockWorkspace(workspace);
            int runningNow = rows.running(workspace);
            Allowance.Left left = null;
            long remaining = 0;
            for (InvestigationRows.Queued queued : byWorkspace.get(workspace)) {
                if (!queued.started()) {
                    if (left == null) {
                        left = allowance.left(workspace, queued.projectId(), now);
                        remaining = left.remaining();
                    }
                    if (remaining <= 0) {
                        if (rows.failQueued(queued.id(), left.refusal(), clock.instant())) {
                            failed.add(new Failure(queued.id(), queued.incidentId(), left.refusal()));
                        }
                        continue;
                    }
                }
                if (runningNow >= settings.concurrency()) {
                    continue;
                }
                Optional<InvestigationRows.Claim> claim = rows.claim(queued.id(), me, now, until);
                if (claim.isPresent()) {
                    claims.add(claim.get());
                    runningNow++;
                    if (!queued.started()) {
                        remaining--;
                    }
                }
            }
        }
    }

    private static void requireRequester(String requestedBy) {
        if (requestedBy == null || requestedBy.isBlank() || requestedBy.length() > 200) {
            throw new IllegalArgumentException("an investigation is requested by " + TRACEHOUND
                    + " or a person's user id (1-200 characters), was '" + requestedBy + "'");
        }
    }

    private static void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("the incident feed failed", e);
        }
    }

    /** "5 minutes", "90 seconds": a timeout as a reason names it. */
    static String describe(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 60 == 0) {
            long minutes = seconds / 60;
            return minutes + (minutes == 1 ? " minute" : " minutes");
        }
        return seconds + " seconds";
    }

    private static String instanceName() {
        String host = System.getenv().getOrDefault("HOSTNAME", "instance");
        return host + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
    }
}
