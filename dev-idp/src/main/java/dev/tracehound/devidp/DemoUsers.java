package dev.tracehound.devidp;

import java.util.List;
import java.util.Optional;

/** The demo users of the development provider: one for each workspace role of issue 14. */
public final class DemoUsers {

    /** Owner, admin, member, viewer; {@code ./dev up} prints them with their passwords. */
    public static final List<DemoUser> ALL = List.of(
            new DemoUser("owner@demo.local", "Olivia Owner", "owner", "owner-local-only"),
            new DemoUser("admin@demo.local", "Adam Admin", "admin", "admin-local-only"),
            new DemoUser("member@demo.local", "Mia Member", "member", "member-local-only"),
            new DemoUser("viewer@demo.local", "Victor Viewer", "viewer", "viewer-local-only"));

    private DemoUsers() {}

    public static Optional<DemoUser> byEmail(String email) {
        return ALL.stream().filter(u -> u.email().equals(email)).findFirst();
    }
}
