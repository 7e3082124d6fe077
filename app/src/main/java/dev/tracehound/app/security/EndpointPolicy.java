package dev.tracehound.app.security;

import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.PATCH;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import dev.tracehound.platform.identity.Action;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Every endpoint under {@code /api/} with what it needs: the one place that says which
 * {@link Action} an operation is, and on what (the caller itself, or the project or workspace
 * of the path). Whether a
 * role or a key may take that action is {@link dev.tracehound.platform.identity.RolePolicy}'s
 * table. An API path missing here is refused, so a new endpoint cannot ship unguarded, and the
 * role matrix test fails until it gets its row.
 */
public final class EndpointPolicy {

    /** What the action is taken on. */
    public enum Target {
        /**
         * Nothing of a workspace or project. Without an action any authenticated caller may; with one,
         * a person whose role in any of their workspaces allows it, or a key whose scope does.
         */
        CALLER,
        /** The project named by the path's {@code {project}}. */
        PROJECT,
        /** The workspace named by the path's {@code {workspace}}, its id or its slug. */
        WORKSPACE
    }

    /** One operation: method and path template as the OpenAPI document writes them. */
    public record Rule(HttpMethod method, String path, Target target, Action action) {}

    record Match(Rule rule, Map<String, String> variables) {}

    private static final String PROJECT = "/api/v1/projects/{project}";
    private static final String WORKSPACE = "/api/v1/workspaces/{workspace}";
    private static final String KEYS = WORKSPACE + "/projects/{project}/keys";
    private static final String SESSIONS = PROJECT + "/agent/sessions";
    private static final String CHANNELS = WORKSPACE + "/notification-channels";
    private static final String SESSION = SESSIONS + "/{session}";
    private static final String EVAL_RUNS = "/api/v1/evals/runs";

    private static final List<Rule> RULES = List.of(
            new Rule(GET, "/api/v1/me", Target.CALLER, null),
            new Rule(GET, "/api/v1/whoami", Target.CALLER, null),
            new Rule(POST, "/api/v1/invitations/accept", Target.CALLER, null),
            // The plan catalogue: public to anyone signed in (it is the price list).
            new Rule(GET, "/api/v1/plans", Target.CALLER, null),
            // The agent's evaluation runs: synthetic scenarios about the product, no workspace's data.
            new Rule(GET, EVAL_RUNS, Target.CALLER, Action.READ_EVALS),
            new Rule(GET, EVAL_RUNS + "/{run}", Target.CALLER, Action.READ_EVALS),
            // Workspace administration.
            new Rule(GET, WORKSPACE, Target.WORKSPACE, Action.VIEW_WORKSPACE),
            new Rule(PATCH, WORKSPACE, Target.WORKSPACE, Action.MANAGE_MEMBERS),
            new Rule(GET, WORKSPACE + "/members", Target.WORKSPACE, Action.VIEW_WORKSPACE),
            new Rule(PATCH, WORKSPACE + "/members/{user}", Target.WORKSPACE, Action.MANAGE_MEMBERS),
            new Rule(DELETE, WORKSPACE + "/members/{user}", Target.WORKSPACE, Action.MANAGE_MEMBERS),
            new Rule(DELETE, WORKSPACE + "/membership", Target.WORKSPACE, Action.VIEW_WORKSPACE),
            new Rule(GET, WORKSPACE + "/invitations", Target.WORKSPACE, Action.MANAGE_MEMBERS),
            new Rule(POST, WORKSPACE + "/invitations", Target.WORKSPACE, Action.MANAGE_MEMBERS),
            new Rule(DELETE, WORKSPACE + "/invitations/{invitation}", Target.WORKSPACE, Action.MANAGE_MEMBERS),
            new Rule(GET, WORKSPACE + "/projects", Target.WORKSPACE, Action.VIEW_WORKSPACE),
            new Rule(POST, WORKSPACE + "/projects", Target.WORKSPACE, Action.MANAGE_PROJECTS),
            new Rule(PATCH, WORKSPACE + "/projects/{project}", Target.WORKSPACE, Action.MANAGE_PROJECTS),
            new Rule(DELETE, WORKSPACE + "/projects/{project}", Target.WORKSPACE, Action.MANAGE_PROJECTS),
            new Rule(GET, WORKSPACE + "/project-deletions/{job}", Target.WORKSPACE, Action.MANAGE_PROJECTS),
            // Keys: members manage their own (the controller checks whose), admins every key.
            new Rule(GET, KEYS, Target.WORKSPACE, Action.MANAGE_OWN_API_KEYS),
            new Rule(POST, KEYS, Target.WORKSPACE, Action.MANAGE_OWN_API_KEYS),
            new Rule(POST, KEYS + "/{key}/rotate", Target.WORKSPACE, Action.MANAGE_OWN_API_KEYS),
            new Rule(DELETE, KEYS + "/{key}", Target.WORKSPACE, Action.MANAGE_OWN_API_KEYS),
            new Rule(GET, WORKSPACE + "/audit", Target.WORKSPACE, Action.READ_AUDIT_LOG),
            new Rule(GET, WORKSPACE + "/audit.csv", Target.WORKSPACE, Action.READ_AUDIT_LOG),
            // Billing: every member sees the plan, the usage and the billing status; owners change the plan,
            // open the portal and read invoices (MANAGE_BILLING).
            new Rule(GET, WORKSPACE + "/plan", Target.WORKSPACE, Action.VIEW_WORKSPACE),
            new Rule(GET, WORKSPACE + "/usage", Target.WORKSPACE, Action.VIEW_WORKSPACE),
            new Rule(GET, WORKSPACE + "/billing", Target.WORKSPACE, Action.VIEW_WORKSPACE),
            new Rule(GET, WORKSPACE + "/billing/invoices", Target.WORKSPACE, Action.MANAGE_BILLING),
            new Rule(POST, WORKSPACE + "/billing/plan", Target.WORKSPACE, Action.MANAGE_BILLING),
            new Rule(POST, WORKSPACE + "/billing/portal", Target.WORKSPACE, Action.MANAGE_BILLING),
            // Notification channels hold signing secrets: admins change them; everyone sees their names (for
            // rules), admins their targets too (the controller leaves them out for others).
            new Rule(GET, CHANNELS, Target.WORKSPACE, Action.VIEW_WORKSPACE),
            new Rule(POST, CHANNELS, Target.WORKSPACE, Action.MANAGE_INTEGRATIONS),
            new Rule(PUT, CHANNELS + "/{channel}", Target.WORKSPACE, Action.MANAGE_INTEGRATIONS),
            new Rule(DELETE, CHANNELS + "/{channel}", Target.WORKSPACE, Action.MANAGE_INTEGRATIONS),
            new Rule(POST, CHANNELS + "/{channel}/test", Target.WORKSPACE, Action.MANAGE_INTEGRATIONS),
            new Rule(GET, CHANNELS + "/{channel}/deliveries", Target.WORKSPACE, Action.MANAGE_INTEGRATIONS),
            // Incidents: everyone who reads the project's telemetry reads its incidents, alerts and SLOs; members
            // write SLOs and silences and ask for an investigation again.
            new Rule(GET, PROJECT + "/incidents", Target.PROJECT, Action.READ_TELEMETRY),
            new Rule(GET, PROJECT + "/incidents/{incident}", Target.PROJECT, Action.READ_TELEMETRY),
            new Rule(POST, PROJECT + "/incidents/{incident}/investigations", Target.PROJECT, Action.MANAGE_ALERTS),
            new Rule(GET, PROJECT + "/alerts", Target.PROJECT, Action.READ_TELEMETRY),
            new Rule(GET, PROJECT + "/slos", Target.PROJECT, Action.READ_TELEMETRY),
            new Rule(POST, PROJECT + "/slos", Target.PROJECT, Action.MANAGE_ALERTS),
            new Rule(POST, PROJECT + "/slos/preview", Target.PROJECT, Action.READ_TELEMETRY),
            new Rule(GET, PROJECT + "/slos/{slo}", Target.PROJECT, Action.READ_TELEMETRY),
            new Rule(PUT, PROJECT + "/slos/{slo}", Target.PROJECT, Action.MANAGE_ALERTS),
            new Rule(DELETE, PROJECT + "/slos/{slo}", Target.PROJECT, Action.MANAGE_ALERTS),
            new Rule(GET, PROJECT + "/alert-rules", Target.PROJECT, Action.READ_TELEMETRY),
            new Rule(POST, PROJECT + "/alert-rules", Target.PROJECT, Action.MANAGE_ALERTS),
            new Rule(POST, PROJECT + "/alert-rules/preview", Target.PROJECT, Action.READ_TELEMETRY),
            new Rule(GET, PROJECT + "/alert-rules/{rule}", Target.PROJECT, Action.READ_TELEMETRY),
            new Rule(PUT, PROJECT + "/alert-rules/{rule}", Target.PROJECT, Action.MANAGE_ALERTS),
            new Rule(DELETE, PROJECT + "/alert-rules/{rule}", Target.PROJECT, Action.MANAGE_ALERTS),
            new Rule(GET, WORKSPACE + "/silences", Target.WORKSPACE, Action.VIEW_WORKSPACE),
            new Rule(POST, WORKSPACE + "/silences", Target.WORKSPACE, Action.MANAGE_ALERTS),
            new Rule(DELETE, WORKSPACE + "/silences/{silence}", Target.WORKSPACE, Action.MANAGE_ALERTS),
            // The actions the agent may propose: everyone sees the catalogue, admins change it (it holds
            // signing secrets); members vote, and the request's risk tier says whose vote counts.
            new Rule(GET, WORKSPACE + "/actions", Target.WORKSPACE, Action.VIEW_WORKSPACE),
            new Rule(POST, WORKSPACE + "/actions", Target.WORKSPACE, Action.MANAGE_INTEGRATIONS),
            new Rule(DELETE, WORKSPACE + "/actions/{action}", Target.WORKSPACE, Action.MANAGE_INTEGRATIONS),
            new Rule(GET, WORKSPACE + "/approvals", Target.WORKSPACE, Action.VIEW_WORKSPACE),
            new Rule(POST, WORKSPACE + "/approvals/{approval}/approve", Target.WORKSPACE, Action.DECIDE_ACTIONS),
            new Rule(POST, WORKSPACE + "/approvals/{approval}/deny", Target.WORKSPACE, Action.DECIDE_ACTIONS),
            // Telemetry: the query API and live tail.
            new Rule(POST, PROJECT + "/traces/search", Target.PROJECT, Action.READ_TELEMETRY),
            new Rule(GET, PROJECT + "/traces/{traceId}", Target.PROJECT, Action.READ_TELEMETRY),
            new Rule(GET, PROJECT + "/traces/{traceId}/logs", Target.PROJECT, Action.READ_TELEMETRY),
            new Rule(POST, PROJECT + "/logs/search", Target.PROJECT, Action.READ_TELEMETRY),
            new Rule(POST, PROJECT + "/spans/aggregate", Target.PROJECT, Action.READ_TELEMETRY),
            new Rule(POST, PROJECT + "/spans/timeseries", Target.PROJECT, Action.READ_TELEMETRY),
            new Rule(POST, PROJECT + "/spans/heatmap", Target.PROJECT, Action.READ_TELEMETRY),
            new Rule(POST, PROJECT + "/spans/bubbleup", Target.PROJECT, Action.READ_TELEMETRY),
            new Rule(GET, PROJECT + "/spans/fields", Target.PROJECT, Action.READ_TELEMETRY),
            new Rule(GET, PROJECT + "/spans/fields/values", Target.PROJECT, Action.READ_TELEMETRY),
            new Rule(POST, PROJECT + "/llm/usage", Target.PROJECT, Action.READ_TELEMETRY),
            new Rule(POST, PROJECT + "/llm/usage/timeseries", Target.PROJECT, Action.READ_TELEMETRY),
            new Rule(POST, PROJECT + "/llm/calls", Target.PROJECT, Action.READ_TELEMETRY),
            new Rule(GET, PROJECT + "/metrics/names", Target.PROJECT, Action.READ_TELEMETRY),
            new Rule(POST, PROJECT + "/metrics/query", Target.PROJECT, Action.READ_TELEMETRY),
            new Rule(GET, PROJECT + "/tail", Target.PROJECT, Action.READ_TELEMETRY),
            // The agent: whose session it is decides who continues it (the controller checks that).
            new Rule(POST, SESSIONS, Target.PROJECT, Action.CHAT),
            new Rule(GET, SESSIONS, Target.PROJECT, Action.CHAT),
            new Rule(GET, SESSION, Target.PROJECT, Action.CHAT),
            new Rule(PATCH, SESSION, Target.PROJECT, Action.CHAT),
            new Rule(DELETE, SESSION, Target.PROJECT, Action.CHAT),
            new Rule(POST, SESSION + "/messages", Target.PROJECT, Action.CHAT),
            new Rule(GET, SESSION + "/events", Target.PROJECT, Action.CHAT),
            new Rule(POST, SESSION + "/cancel", Target.PROJECT, Action.CHAT),
            new Rule(POST, SESSION + "/tool-calls/{call}/approve", Target.PROJECT, Action.APPROVE_SANDBOX_COMMANDS),
            new Rule(POST, SESSION + "/tool-calls/{call}/deny", Target.PROJECT, Action.APPROVE_SANDBOX_COMMANDS));

    private record Compiled(Rule rule, PathPattern pattern) {}

    private static final List<Compiled> COMPILED = RULES.stream()
            .map(rule -> new Compiled(rule, PathPatternParser.defaultInstance.parse(rule.path())))
            .sorted((a, b) -> PathPattern.SPECIFICITY_COMPARATOR.compare(a.pattern(), b.pattern()))
            .toList();

    private EndpointPolicy() {}

    /** Every rule, in the order written. */
    public static List<Rule> rules() {
        return RULES;
    }

    static Optional<Match> match(HttpMethod method, PathContainer path) {
        for (Compiled compiled : COMPILED) {
            if (!compiled.rule().method().equals(method)) {
                continue;
            }
            PathPattern.PathMatchInfo info = compiled.pattern().matchAndExtract(path);
            if (info != null) {
                return Optional.of(new Match(compiled.rule(), info.getUriVariables()));
            }
        }
        return Optional.empty();
    }
}
