package dev.tracehound.incidents.approve;

import dev.tracehound.agent.session.AgentSession;
import dev.tracehound.tools.Tool;
import dev.tracehound.tools.ToolContext;
import dev.tracehound.tools.ToolReference;
import dev.tracehound.tools.ToolResult;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The agent's {@code propose_action} tool: it files a request to run one action of the workspace's
 * catalogue, which waits for the approvals of the action's risk tier (or, tier info, runs at once).
 * It never runs anything itself: {@link ApprovalRequests} decides, whatever the model asks.
 *
 * <p>A tool is told its session's project only ({@link ToolContext}); this one needs the session, so
 * the contexts the agent loop gives its tools must come through {@link #knowingSessions}.
 */
public final class ProposeActionTool implements Tool {

    public static final String NAME = "propose_action";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ApprovalRequests requests;
    private final Function<UUID, Optional<UUID>> incidentOfSession;

    /**
     * @param incidentOfSession the incident a session investigates, if it is an investigation's
     */
    public ProposeActionTool(ApprovalRequests requests, Function<UUID, Optional<UUID>> incidentOfSession) {
        this.requests = Objects.requireNonNull(requests, "requests");
        this.incidentOfSession = Objects.requireNonNull(incidentOfSession, "incidentOfSession");
    }

    /**
     * Wraps what gives each session's tools their context so that this tool can tell which session
     * calls it: the session rides along on the context's sandbox supplier, which it leaves as it was.
     */
    public static Function<AgentSession, ToolContext> knowingSessions(Function<AgentSession, ToolContext> contexts) {
        return session -> {
            ToolContext context = contexts.apply(session);
            return new ToolContext(context.projectId(), new SessionBound<>(session, context.sandbox()),
                    context.networkedSandbox(), context.repositories());
        };
    }

    /**
     * A session's sandbox supplier that also names the session; generic so that this module names
     * no sandbox type (incidents does not depend on the sandbox module).
     */
    private record SessionBound<T>(AgentSession session, Supplier<T> delegate) implements Supplier<T> {
        @Override
        public T get() {
            return delegate.get();
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return """
                Propose running one action of this workspace's catalogue (a webhook the workspace configured: roll \
                back a deploy, scale a service, open a ticket...). Nothing runs until the people the action's risk \
                tier names approve it: info runs at once; low needs any member (waits 15 min), medium an admin \
                (30 min), high two people of whom one is an owner (1 h), critical an owner (2 h); unanswered, a \
                request goes to the next tier's approvers, and after critical's wait it expires. Propose an action \
                only with evidence for it, and say why in 'reason': the approvers read it. Naming an action the \
                catalogue does not have answers with the catalogue's actions. Output: for info, the webhook's \
                answer; otherwise the request id, tier, who may approve and until when. The outcome (the action's \
                result, or its denial or expiry) comes back to this conversation later as a message from \
                Tracehound; do not wait for it, finish your answer.""";
    }

    @Override
    public String inputSchema() {
        return """
                {"type": "object", "additionalProperties": false, "required": ["action", "reason"],
                 "properties": {
                   "action": {"type": "string", "minLength": 1, "maxLength": 63, "description": "The action's name in the catalogue, e.g. rollback_deploy."},
                   "input": {"type": "object", "description": "What the action needs, as the action's description says, e.g. {\\"service\\": \\"checkout\\", \\"version\\": \\"2.3.0\\"}. Sent to its webhook as is."},
                   "reason": {"type": "string", "minLength": 1, "maxLength": 4000, "description": "Why it should run: the evidence (trace ids, numbers, the deploy). The approvers read it."}
                 }}""";
    }

    @Override
    public Duration timeout() {
        return ActionWebhook.TIMEOUT.plusSeconds(20);
    }

    @Override
    public boolean needsApproval(JsonNode input) {
        // Approval is by risk tier, through the approval requests; the loop's own approval would be a second, weaker gate.
        return false;
    }

    @Override
    public ToolResult run(JsonNode input, ToolContext context) throws InterruptedException {
        if (!(context.sandbox() instanceof SessionBound<?> bound)) {
            return ToolResult.error(NAME + " is not available here: this conversation is not one the service can "
                    + "file approval requests for. Describe the action in your answer instead.");
        }
        AgentSession session = bound.session();
        var proposal = new ApprovalRequests.Proposal(session.workspaceId(), session.projectId(), session.id(),
                incidentOfSession.apply(session.id()), input.path("action").asString("").strip(), input.get("input"),
                input.path("reason").asString(""));
        ApprovalRequest request;
        try {
            request = requests.propose(proposal);
        } catch (ApprovalException e) {
            return ToolResult.error(e.getMessage());
        }
        return new ToolResult(false, data(request), content(request), false, List.of(new ToolReference("link",
                "/api/v1/workspaces/" + request.workspaceId() + "/approvals/" + request.id(),
                "approval request for " + request.action())));
    }

    private static String content(ApprovalRequest request) {
        if (request.status() == ApprovalStatus.PENDING) {
            return "Waiting for approval: request " + request.id() + " to run " + request.action() + " (tier "
                    + request.tier().wireName() + "). " + capitalised(request.approvers()) + " may approve it until "
                    + request.deadline() + "; unanswered, it goes to the next tier's approvers. It does not run before "
                    + "it is approved. Its outcome comes back to this conversation as a message when it is decided.";
        }
        return ApprovalNotices.outcome(request);
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static JsonNode data(ApprovalRequest request) {
        ObjectNode data = JSON.createObjectNode();
        data.put("request_id", request.id().toString());
        data.put("action", request.action());
        data.put("tier", request.tier().wireName());
        data.put("status", request.status().wireName());
        data.put("approvers", request.approvers());
        data.put("deadline", request.deadline().toString());
        request.result().ifPresent(result -> {
            ObjectNode answer = data.putObject("result");
            answer.put("status_code", result.statusCode());
            answer.put("body", result.body());
            answer.put("error", result.error());
        });
        return data;
    }
}
