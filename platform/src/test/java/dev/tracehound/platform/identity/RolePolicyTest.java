package dev.tracehound.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RolePolicyTest {

    /** The whole table as the docs state it: one line per action, one column per role (O A M V). */
    private static final String EXPECTED = """
            VIEW_WORKSPACE            x x x x
            READ_TELEMETRY            x x x x
            CHAT                      x x x x
            READ_EVALS                x x x x
            APPROVE_SANDBOX_COMMANDS  x x x .
            MANAGE_OWN_API_KEYS       x x x .
            MANAGE_ALERTS             x x x .
            DECIDE_ACTIONS            x x x .
            MANAGE_MEMBERS            x x . .
            MANAGE_KEYS               x x . .
            MANAGE_PROJECTS           x x . .
            READ_AUDIT_LOG            x x . .
            MANAGE_INTEGRATIONS       x x . .
            MANAGE_BILLING            x . . .
            DELETE_WORKSPACE          x . . .
            """;

    @Test
    void theTableGivesEachRoleExactlyTheDocumentedActions() {
        String table = Arrays.stream(Action.values())
                .map(action -> String.format("%-25s %s", action, Arrays.stream(Role.values())
                        .map(role -> RolePolicy.allows(role, action) ? "x" : ".")
                        .collect(Collectors.joining(" "))))
                .collect(Collectors.joining("\n", "", "\n"));
        System.out.println("role policy (OWNER ADMIN MEMBER VIEWER):\n" + table);

        assertThat(table).isEqualTo(EXPECTED);
    }

    @Test
    void aViewerCannotApproveASandboxCommand() {
        assertThat(RolePolicy.allows(Role.VIEWER, Action.APPROVE_SANDBOX_COMMANDS)).isFalse();
        assertThat(RolePolicy.allows(Role.MEMBER, Action.APPROVE_SANDBOX_COMMANDS)).isTrue();
    }

    @Test
    void eachRoleCanDoEverythingTheRoleBelowItCan() {
        Role[] roles = Role.values();
        for (int i = 0; i + 1 < roles.length; i++) {
            assertThat(RolePolicy.actionsOf(roles[i])).containsAll(RolePolicy.actionsOf(roles[i + 1]));
        }
    }

    @Test
    void onlyViewersTakeNoSeat() {
        assertThat(Arrays.stream(Role.values()).filter(role -> !role.takesSeat())).containsExactly(Role.VIEWER);
    }
}
