package dev.tracehound.app.api;

import dev.tracehound.agent.AgentLimits;
import dev.tracehound.agent.AgentLoop;
import dev.tracehound.agent.model.AgentModel;
import dev.tracehound.agent.metering.Budgets;
import dev.tracehound.agent.metering.Meter;
import dev.tracehound.agent.metering.SandboxAllowance;
import dev.tracehound.agent.metering.SandboxMinutes;
import dev.tracehound.agent.session.SandboxLeaseStore;
import dev.tracehound.agent.session.SessionEvents;
import dev.tracehound.agent.SessionSandboxes;
import dev.tracehound.agent.session.SessionStore;
import dev.tracehound.agent.metering.TokenEstimator;
import dev.tracehound.app.StopsEarly;
import dev.tracehound.analytics.query.TelemetryQueries;
import dev.tracehound.platform.AgentBudget;
import dev.tracehound.platform.Entitlements;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.SeatLimit;
import dev.tracehound.platform.billing.PlanEntitlements;
import dev.tracehound.platform.billing.WorkspacePlans;
import dev.tracehound.platform.pricing.ModelPrices;
import dev.tracehound.sandbox.SandboxProvider;
import dev.tracehound.tools.GitSources;
import dev.tracehound.tools.Tools;
import dev.tracehound.incidents.approve.ProposeActionTool;
import java.util.ArrayList;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The agent and what it needs: sessions, events, metering, budgets, tools, sandboxes and a model. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AgentProperties.class)
class AgentConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AgentConfiguration.class);

    @Bean
    SessionStore sessionStore(JdbcClient jdbc) {
        return new SessionStore(jdbc);
    }

    @Bean
    SessionEvents sessionEvents(SessionStore store) {
        return new SessionEvents(store);
    }

    @Bean
    TokenEstimator tokenEstimator() {
        return new TokenEstimator();
    }

    @Bean
    AgentModel agentModel(AgentProperties properties) {
        ModelChoice choice = ModelChoice.of(properties);
        log.info("agent: {}", choice.description());
        return choice.model();
    }

    @Bean(destroyMethod = "close")
    SessionSandboxes sessionSandboxes(SandboxProvider sandboxes, dev.tracehound.app.DockerProperties docker,
            AgentProperties properties, SandboxMinutes minutes, SandboxAllowance allowance) {
        var git = new GitSources(properties.gitPaths() == null ? List.of() : properties.gitPaths(),
                properties.gitUrls() == null ? List.of() : properties.gitUrls());
        return new SessionSandboxes(() -> sandboxes, docker.sandboxImage(), properties.sandboxTtl(), project -> git,
                properties.sandboxNetwork(), minutes, allowance);
    }

    @Bean
    SandboxLeaseStore sandboxLeaseStore(JdbcClient jdbc) {
        return new SandboxLeaseStore(jdbc);
    }

    /** Sandbox minutes: a lease per sandbox a session holds, a heartbeat every 30 s (docs/billing.md). */
    @Bean(destroyMethod = "close")
    SandboxMinutes sandboxMinutes(SandboxLeaseStore leases) {
        var minutes = new SandboxMinutes(leases, Clock.systemUTC(), SandboxMinutes.HEARTBEAT);
        minutes.start();
        return minutes;
    }

    /**
     * A new sandbox is refused once a plan without overage has its month's sandbox minutes used; what
     * a workspace used is read at most every 25 s, like ingest's quota verdicts.
     */
    @Bean
    SandboxAllowance sandboxAllowance(Entitlements entitlements, SandboxLeaseStore leases, ProjectDirectory projects) {
        return new SandboxAllowance(entitlements, leases, project -> projects.byId(project)
                .map(Project::workspaceSlug).map(slug -> "the web UI's /w/" + slug + "/billing")
                .orElse("the workspace's billing page"), Clock.systemUTC(), Duration.ofSeconds(25));
    }

    /**
     * What each workspace is entitled to: its plan's limits, remembered for 30 s, so a plan change
     * counts within a minute on every instance. The operator's settings cap every plan:
     * {@code tracehound.identity.seats} (0 or less: no cap) caps seats, the agent's
     * {@code monthly-budget-usd} adds a dollar cap to the plan's monthly agent tokens, and
     * {@code session-budget-usd} is the per-session budget (plans set none).
     */
    @Bean
    Entitlements entitlements(WorkspacePlans plans, AgentProperties properties,
            @Value("${tracehound.identity.seats:0}") int seats) {
        var caps = new PlanEntitlements.Caps(seats > 0 ? SeatLimit.of(seats) : SeatLimit.UNLIMITED,
                limit(properties.monthlyBudgetUsd()), limit(properties.sessionBudgetUsd()));
        return new PlanEntitlements(plans, caps, Clock.systemUTC(), PlanEntitlements.MAX_TTL);
    }

    @Bean(destroyMethod = "close")
    AgentLoop agentLoop(AgentProperties properties, SessionStore store, SessionEvents events, AgentModel model,
            TokenEstimator estimator, SessionSandboxes sandboxes, TelemetryQueries queries, ModelPrices prices,
            Entitlements entitlements, ProposeActionTool proposeAction) {
        Clock clock = Clock.systemUTC();
        var meter = new Meter(store, prices, estimator, clock);
        var settings = Tools.Settings.defaults().withClock(clock);
        var all = new ArrayList<>(Tools.standard(queries, settings).list());
        all.add(proposeAction);
        var tools = new Tools(all, settings);
        var limits = new AgentLimits(properties.maxSteps(), properties.maxRunTokens(), properties.wallClock(),
                properties.maxOutputTokens(), 2_000,
                properties.approvalRequired() == null ? Set.of() : properties.approvalRequired());
        return new AgentLoop(store, events, tools, model, meter, new Budgets(entitlements, store, clock), estimator,
                ProposeActionTool.knowingSessions(sandboxes), limits, clock);
    }

    /**
     * Cancels the agent's runs before anything else of the application stops. Closing the loop only
     * as a bean, after the web server's graceful shutdown, left a window in which the parts a run
     * uses (sandboxes, the engine's connections) went away under it: a running shell call then
     * failed instead of being cancelled, and the run went on to ask the model again.
     */
    @Bean
    StopsEarly agentRunsStopFirst(AgentLoop loop) {
        return new StopsEarly(StopsEarly.AGENT_RUNS, loop::close);
    }

    private static AgentBudget.Limit limit(BigDecimal usd) {
        if (usd == null || usd.signum() <= 0) {
            return AgentBudget.Limit.UNLIMITED;
        }
        return AgentBudget.Limit.usdMicros(usd.movePointRight(6).longValueExact());
    }
}
