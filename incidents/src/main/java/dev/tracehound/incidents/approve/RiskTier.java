package dev.tracehound.incidents.approve;

import dev.tracehound.platform.identity.Role;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The one table of who approves an action and how long its request waits, lowest risk first. A
 * request unanswered by its deadline escalates to the next tier's approvers, and after
 * {@link #CRITICAL}'s wait it expires. Viewers never vote; the agent that proposes is no person
 * and never votes either.
 */
public enum RiskTier {
    /** Approved as proposed: runs at once. */
    INFO(Duration.ZERO, EnumSet.noneOf(Role.class), 0, false, "nobody (approved as proposed)"),
    LOW(Duration.ofMinutes(15), EnumSet.of(Role.MEMBER, Role.ADMIN, Role.OWNER), 1, false, "any member"),
    MEDIUM(Duration.ofMinutes(30), EnumSet.of(Role.ADMIN, Role.OWNER), 1, false, "an admin or owner"),
    HIGH(Duration.ofHours(1), EnumSet.of(Role.MEMBER, Role.ADMIN, Role.OWNER), 2, true,
            "two people, one of them an owner"),
    CRITICAL(Duration.ofHours(2), EnumSet.of(Role.OWNER), 1, true, "an owner");

    /** One person's approval as the rule counts it: who, in which role when they voted. */
    public record Approval(UUID userId, Role role) {}

    private final Duration wait;
    private final Set<Role> voters;
    private final int approvals;
    private final boolean needsOwner;
    private final String approvers;

    RiskTier(Duration wait, Set<Role> voters, int approvals, boolean needsOwner, String approvers) {
        this.wait = wait;
        this.voters = voters;
        this.approvals = approvals;
        this.needsOwner = needsOwner;
        this.approvers = approvers;
    }

    /** How long a request of this tier waits for its approvals before it escalates (or, critical, expires). */
    public Duration waitFor() {
        return wait;
    }

    /** Who approves, for people and the model: "an admin or owner". */
    public String approvers() {
        return approvers;
    }

    /** Whether a person in this role may approve or deny a request of this tier. */
    public boolean mayVote(Role role) {
        return voters.contains(role);
    }

    /**
     * Whether these approvals, each by a different person, satisfy this tier: counted are only
     * those of roles that may vote at this tier.
     */
    public boolean approvedBy(Collection<Approval> given) {
        if (this == INFO) {
            return true;
        }
        var counted = given.stream().filter(approval -> mayVote(approval.role())).toList();
        long people = counted.stream().map(Approval::userId).distinct().count();
        boolean owner = counted.stream().anyMatch(approval -> approval.role() == Role.OWNER);
        return people >= approvals && (!needsOwner || owner);
    }

    /** The tier an unanswered request escalates to; empty for critical, whose requests expire. */
    public Optional<RiskTier> next() {
        return this == CRITICAL ? Optional.empty() : Optional.of(values()[ordinal() + 1]);
    }

    /** Its name in the API and in PostgreSQL: lower case. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static RiskTier parse(String text) {
        String name = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(tier -> tier.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown risk tier '" + text + "': expected one of "
                        + Arrays.stream(values()).map(RiskTier::wireName).toList()));
    }
}
