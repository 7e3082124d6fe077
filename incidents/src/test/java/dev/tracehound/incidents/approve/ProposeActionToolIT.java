package dev.tracehound.incidents.approve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.agent.AgentLimits;
import dev.tracehound.agent.AgentLoop;
import dev.tracehound.agent.metering.Budgets;
import dev.tracehound.agent.metering.Meter;
import dev.tracehound.agent.metering.TokenEstimator;
import dev.tracehound.agent.model.AgentModel;
import dev.tracehound.agent.model.ChatTurn;
import dev.tracehound.agent.model.ModelException;
import dev.tracehound.agent.model.ModelReply;
import dev.tracehound.agent.model.ModelRequest;
import dev.tracehound.agent.model.ToolCall;
import dev.tracehound.agent.session.AgentSession;
import dev.tracehound.agent.session.SessionEvents;
import dev.tracehound.agent.session.SessionStore;
import dev.tracehound.platform.AgentBudget;
import dev.tracehound.platform.FixedEntitlements;
import dev.tracehound.platform.identity.Role;
import dev.tracehound.platform.pricing.ModelPrices;
import dev.tracehound.platform.pricing.TokenCounts;
import dev.tracehound.tools.ToolContext;
import dev.tracehound.tools.ToolResult;
import dev.tracehound.tools.Tools;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code propose_action} in the real agent loop, with a scripted model: the model proposes, the tool
 * answers that the request waits, a person approves, and the action's result comes back into the
 * session as a message the model reads on its next run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProposeActionToolIT {

    private static final String SECRET = "action-secret-" + UUID.randomUUID();
    private static final String MODEL = "gpt-4o-mini";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private ApprovalsDatabase db;
    private SessionStore sessions;
    private ActionReceiver receiver;
    private ScriptedModel model;
    private AgentLoop loop;
    private ApprovalRequests requests;

    @BeforeAll
    void migrate() {
        db = new ApprovalsDatabase();
        sessions = new SessionStore(JdbcClient.create(db.dataSource));
    }

    @AfterAll
    void drop() {
        db.close();
    }

    @BeforeEach
    void start() throws Exception {
        db.reset();
        receiver = new ActionReceiver(SECRET);
        model = new ScriptedModel();
        var loopOnceMade = new AtomicReference<AgentLoop>();
        requests = new ApprovalRequests(db.dataSource, db.catalogue, db.outbox,
                SessionReplies.through(loopOnceMade::get, sessions, db.clock), r -> null, db.clock);
        var tool = new ProposeActionTool(requests, session -> Optional.empty());
        var estimator = new TokenEstimator();
        loop = new AgentLoop(sessions, new SessionEvents(sessions), new Tools(List.of(tool), Tools.Settings.defaults()),
                model, new Meter(sessions, ModelPrices.builtIn(), estimator, db.clock),
                new Budgets(new FixedEntitlements(AgentBudget.UNLIMITED), sessions, db.clock), estimator,
                ProposeActionTool.knowingSessions(session -> ToolContext.withoutSandbox(session.projectId().toString())),
                AgentLimits.defaults(), db.clock);
        loopOnceMade.set(loop);
    }

    @AfterEach
    void stop() {
        loop.close();
        receiver.close();
    }

    @Test
    void aProposedActionWaitsForItsApprovalAndItsResultComesBackIntoTheSession() throws Exception {
        db.action("rollback_deploy", RiskTier.LOW, receiver.url(), SECRET);
        AgentSession session = newSession();
        model.script.add(request -> call("propose_action", """
                {"action": "rollback_deploy", "input": {"service": "checkout", "version": "2.3.0"},
                 "reason": "checkout errors rose to 12% right after the 2.3.1 deploy"}"""));
        model.script.add(request -> answer("I proposed rolling checkout back to 2.3.0; it waits for a member's approval."));
        model.script.add(request -> answer("The rollback ran; checkout is on 2.3.0 again."));

        loop.send(session.id(), "Checkout fails since the deploy; fix it.");
        awaitLast(session, turn -> turn instanceof ChatTurn.Assistant a && a.text().startsWith("I proposed"));

        ChatTurn.ToolResult waiting = toolResults(session).getFirst();
        ApprovalRequest request = requests.pending(db.workspace).getFirst();
        assertThat(waiting.content()).startsWith("Waiting for approval: request " + request.id() + " to run "
                + "rollback_deploy (tier low). Any member may approve it until " + request.deadline());
        assertThat(request.sessionId()).isEqualTo(session.id());
        assertThat(request.reason()).isEqualTo("checkout errors rose to 12% right after the 2.3.1 deploy");
        assertThat(receiver.received()).as("nothing runs before the approval").isEmpty();

        requests.approve(db.workspace, request.id(), ApprovalsDatabase.as(db.member), Role.MEMBER);
        awaitLast(session, turn -> turn instanceof ChatTurn.Assistant a && a.text().startsWith("The rollback ran"));

        assertThat(receiver.received()).singleElement().satisfies(r -> assertThat(r.signatureValid()).isTrue());
        ChatTurn told = model.requests.get(2).turns().getLast();
        assertThat(told).isInstanceOfSatisfying(ChatTurn.User.class, user -> assertThat(user.text())
                .startsWith("[Tracehound] The action rollback_deploy you proposed (approval request " + request.id())
                .contains("approved by " + db.member.id(), "HTTP 200: {\"rolled_back\": true}"));
        assertThat(requests.escalateDue(db.clock.instant())).isZero();
        assertThat(sessions.conversation(session.id())).filteredOn(ChatTurn.User.class::isInstance).as("told once")
                .hasSize(2);
    }

    @Test
    void anInfoActionRunsAtOnceAndItsResultIsTheToolsAnswer() throws Exception {
        db.action("open_ticket", RiskTier.INFO, receiver.url(), SECRET);
        receiver.answer(201, "{\"ticket\": \"OPS-42\"}");
        AgentSession session = newSession();
        model.script.add(request -> call("propose_action",
                "{\"action\": \"open_ticket\", \"reason\": \"track the checkout regression\"}"));
        model.script.add(request -> answer("Opened OPS-42."));

        loop.send(session.id(), "Open a ticket for it.");
        awaitLast(session, turn -> turn instanceof ChatTurn.Assistant a && a.text().equals("Opened OPS-42."));

        assertThat(toolResults(session).getFirst().content()).contains("approved as proposed (tier info) and ran",
                "HTTP 201: {\"ticket\": \"OPS-42\"}");
        assertThat(receiver.received()).hasSize(1);
        requests.escalateDue(db.clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(sessions.conversation(session.id())).filteredOn(ChatTurn.User.class::isInstance).hasSize(1);
    }

    @Test
    void anUnknownActionIsRefusedWithTheCataloguesNames() throws Exception {
        db.action("rollback_deploy", RiskTier.HIGH, receiver.url(), SECRET);
        AgentSession session = newSession();
        model.script.add(request -> call("propose_action", "{\"action\": \"restart_everything\", \"reason\": \"why not\"}"));
        model.script.add(request -> answer("There is no such action."));

        loop.send(session.id(), "Restart everything.");
        awaitLast(session, turn -> turn instanceof ChatTurn.Assistant a && a.text().startsWith("There is no"));

        assertThat(toolResults(session).getFirst().content()).isEqualTo("Error: there is no action named "
                + "'restart_everything' in this workspace's catalogue; the actions are: rollback_deploy (high: Rolls the "
                + "service back to a version.)");
        assertThat(requests.pending(db.workspace)).isEmpty();
    }

    @Test
    void withoutItsSessionTheToolFilesNothing() throws Exception {
        db.action("rollback_deploy", RiskTier.LOW, receiver.url(), SECRET);
        var tools = new Tools(List.of(new ProposeActionTool(requests, s -> Optional.empty())), Tools.Settings.defaults());

        ToolResult result = tools.run("propose_action", "{\"action\": \"rollback_deploy\", \"reason\": \"because\"}",
                ToolContext.withoutSandbox(db.project.toString()));

        assertThat(result.error()).isTrue();
        assertThat(result.content()).contains("propose_action is not available here");
        assertThat(requests.pending(db.workspace)).isEmpty();
    }

    private AgentSession newSession() {
        return sessions.create(db.workspace, db.project, db.owner.id().toString(), "checkout", MODEL);
    }

    private List<ChatTurn.ToolResult> toolResults(AgentSession session) {
        return sessions.conversation(session.id()).stream().filter(ChatTurn.ToolResult.class::isInstance)
                .map(ChatTurn.ToolResult.class::cast).toList();
    }

    /** Waits for the conversation's last turn to match and the loop to let go of the session. */
    private void awaitLast(AgentSession session, Predicate<ChatTurn> last) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<ChatTurn> turns = sessions.conversation(session.id());
            if (!turns.isEmpty() && last.test(turns.getLast()) && !loop.isRunning(session.id())) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the session did not get there within " + WAIT + ": " + sessions.conversation(session.id()));
    }

    private static ModelReply call(String tool, String arguments) {
        return new ModelReply("", List.of(new ToolCall("call-" + UUID.randomUUID(), tool, arguments)),
                Optional.of(TokenCounts.of(100, 20)));
    }

    private static ModelReply answer(String text) {
        return new ModelReply(text, List.of(), Optional.of(TokenCounts.of(100, 20)));
    }

    /** A model that answers from a script, one step per call, and keeps what it was asked. */
    private static final class ScriptedModel implements AgentModel {

        final List<ModelRequest> requests = new CopyOnWriteArrayList<>();
        final Queue<Function<ModelRequest, ModelReply>> script = new ConcurrentLinkedQueue<>();

        @Override
        public String name() {
            return MODEL;
        }

        @Override
        public int contextWindow() {
            return 128_000;
        }

        @Override
        public ModelReply reply(ModelRequest request, Consumer<String> textDeltas) {
            requests.add(request);
            var step = script.poll();
            if (step == null) {
                throw new ModelException("the script has no reply left", false, null);
            }
            ModelReply reply = step.apply(request);
            textDeltas.accept(reply.text());
            return reply;
        }
    }
}
