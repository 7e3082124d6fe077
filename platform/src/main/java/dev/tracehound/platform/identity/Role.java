package dev.tracehound.platform.identity;

import java.util.Locale;

/**
 * A person's role in a workspace, from most to least powerful. Owners, admins and members
 * take a seat; viewers do not.
 */
public enum Role {
    OWNER, ADMIN, MEMBER, VIEWER;

    /** Whether a person with this role counts toward the workspace's seat limit. */
    public boolean takesSeat() {
        return this != VIEWER;
    }

    /** Whether this role ranks above {@code other} (an owner above an admin, and so on). */
    public boolean outranks(Role other) {
        return ordinal() < other.ordinal();
    }

    String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Role fromColumn(String column) {
        return valueOf(column.toUpperCase(Locale.ROOT));
    }
}
