package dev.tracehound.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.platform.SeatLimit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditLogIT {

    private IdentityDatabase db;

    @BeforeEach
    void start() {
        db = new IdentityDatabase(SeatLimit.UNLIMITED);
        db.signIn("olivia");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void theDatabaseRefusesToChangeOrDeleteAnAuditRow() {
        long rows = db.auditRows(db.defaultWorkspace());

        assertThatThrownBy(() -> db.jdbc.sql("UPDATE audit_log SET action = 'MEMBER_REMOVED'").update())
                .rootCause().hasMessageContaining("audit_log is append-only: UPDATE");
        assertThatThrownBy(() -> db.jdbc.sql("DELETE FROM audit_log").update())
                .rootCause().hasMessageContaining("audit_log is append-only: DELETE");
        assertThatThrownBy(() -> db.jdbc.sql("TRUNCATE audit_log").update())
                .rootCause().hasMessageContaining("audit_log is append-only: TRUNCATE");
        assertThat(rows).isEqualTo(1);
        assertThat(db.auditRows(db.defaultWorkspace())).isEqualTo(rows);
    }
}
