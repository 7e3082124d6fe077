package dev.tracehound.incidents.approve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.platform.identity.Role;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A request an investigation's session files is written on its incident's timeline at each step; others are not. */
class ApprovalsOnTheTimelineIT {

    private static final String SECRET = "action-secret-" + UUID.randomUUID();

    private static ApprovalsDatabase db;
    private static ActionReceiver receiver;

    record Note(UUID incidentId, String kind, String actor, Map<String, Object> detail) {}

    @BeforeAll
    static void start() throws Exception {
        db = new ApprovalsDatabase();
        receiver = new ActionReceiver(SECRET);
    }

    @AfterAll
    static void stop() {
        receiver.close();
        db.close();
    }

    @Test
    void proposedApprovedAndExecutedAreNotedOnTheIncident() throws Exception {
        var notes = new CopyOnWriteArrayList<Note>();
        var requests = new ApprovalRequests(db.dataSource, db.catalogue, db.outbox, (session, text) -> true, r -> null,
                (incident, kind, actor, detail) -> notes.add(new Note(incident, kind, actor, Map.copyOf(detail))), db.clock);
        db.action("rollback", RiskTier.LOW, receiver.url(), SECRET);
        UUID incident = UUID.randomUUID();

        ApprovalRequest request = requests.propose(new ApprovalRequests.Proposal(db.workspace, db.project, UUID.randomUUID(),
                Optional.of(incident), "rollback", ApprovalsDatabase.JSON.readTree("{\"service\": \"checkout\"}"),
                "errors since the 2.3.1 deploy"));
        requests.approve(db.workspace, request.id(), ApprovalsDatabase.as(db.member), Role.MEMBER);

        assertThat(notes).extracting(Note::kind).containsExactly("action-proposed", "action-approved", "action-executed");
        assertThat(notes).allMatch(note -> note.incidentId().equals(incident));
        assertThat(notes.get(1).actor()).isEqualTo(db.member.id().toString());
        assertThat(notes.getFirst().detail()).containsEntry("action", "rollback").containsEntry("tier", "low")
                .containsEntry("approval_id", request.id().toString());

        notes.clear();
        ApprovalRequest chat = requests.propose(new ApprovalRequests.Proposal(db.workspace, db.project, UUID.randomUUID(),
                Optional.empty(), "rollback", ApprovalsDatabase.JSON.readTree("{}"), "asked in a chat"));
        requests.deny(db.workspace, chat.id(), ApprovalsDatabase.as(db.member), Role.MEMBER);
        assertThat(notes).as("a chat's request has no incident to note on").isEqualTo(List.of());
    }
}
