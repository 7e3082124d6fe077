package dev.tracehound.platform.billing.stripe;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * PostgreSQL's billing rows: each workspace's Stripe customer and mirrored subscription
 * ({@code billing_accounts}), the webhook events processed ({@code stripe_events}) and the overage
 * reported per meter and month ({@code billing_meter_reports}).
 */
final class BillingAccounts {

    private static final String COLUMNS = """
            workspace_id, stripe_customer_id, stripe_subscription_id, subscription_status, current_period_end,
            cancel_at_period_end, seat_item_id, seats_billed, updated_at""";
    private static final String BY_WORKSPACE = "SELECT " + COLUMNS + " FROM billing_accounts WHERE workspace_id = :workspace";
    private static final String BY_CUSTOMER = "SELECT " + COLUMNS
            + " FROM billing_accounts WHERE stripe_customer_id = :customer";
    private static final String SUBSCRIBED = "SELECT " + COLUMNS
            + " FROM billing_accounts WHERE stripe_subscription_id IS NOT NULL ORDER BY workspace_id";
    private static final String INSERT_CUSTOMER = """
            INSERT INTO billing_accounts (workspace_id, stripe_customer_id) VALUES (:workspace, :customer)
            ON CONFLICT (workspace_id) DO NOTHING""";
    private static final String MIRROR_SUBSCRIPTION = """
            UPDATE billing_accounts
            SET stripe_subscription_id = :subscription, subscription_status = :status,
                current_period_end = :periodEnd, cancel_at_period_end = :cancelAtPeriodEnd,
                seat_item_id = :seatItem, seats_billed = :seatsBilled, updated_at = :now
            WHERE workspace_id = :workspace""";
    private static final String RELINK = """
            UPDATE billing_accounts
            SET stripe_customer_id = :customer, stripe_subscription_id = NULL, subscription_status = NULL,
                current_period_end = NULL, cancel_at_period_end = false, seat_item_id = NULL, seats_billed = NULL,
                updated_at = :now
            WHERE workspace_id = :workspace AND stripe_customer_id = :gone""";
    private static final String SEATS_BILLED = """
            UPDATE billing_accounts SET seats_billed = :seats, updated_at = :now
            WHERE workspace_id = :workspace AND seat_item_id = :seatItem""";
    private static final String RECORD_EVENT = """
            INSERT INTO stripe_events (id, type, workspace_id, outcome, created_at, processed_at)
            VALUES (:id, :type, :workspace, :outcome, :created, :now) ON CONFLICT (id) DO NOTHING""";
    private static final String EVENT_OUTCOME = "SELECT outcome FROM stripe_events WHERE id = :id";
    private static final String REPORTED = """
            SELECT reported FROM billing_meter_reports WHERE workspace_id = :workspace AND meter = :meter AND period = :period""";
    private static final String RECORD_REPORTED = """
            INSERT INTO billing_meter_reports (workspace_id, meter, period, reported, updated_at)
            VALUES (:workspace, :meter, :period, :reported, :now)
            ON CONFLICT (workspace_id, meter, period) DO UPDATE
            SET reported = GREATEST(billing_meter_reports.reported, EXCLUDED.reported), updated_at = EXCLUDED.updated_at""";

    private final JdbcClient jdbc;

    BillingAccounts(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    Optional<BillingAccount> ofWorkspace(UUID workspace) {
        return jdbc.sql(BY_WORKSPACE).param("workspace", workspace).query(BillingAccounts::row).optional();
    }

    Optional<BillingAccount> ofCustomer(String customer) {
        return jdbc.sql(BY_CUSTOMER).param("customer", customer).query(BillingAccounts::row).optional();
    }

    List<BillingAccount> subscribed() {
        return jdbc.sql(SUBSCRIBED).query(BillingAccounts::row).list();
    }

    /** Links the workspace to its customer; a workspace already linked keeps its own, which is returned. */
    BillingAccount link(UUID workspace, String customer) {
        jdbc.sql(INSERT_CUSTOMER).param("workspace", workspace).param("customer", customer).update();
        return ofWorkspace(workspace).orElseThrow();
    }

    /** Links the workspace to a new customer in place of one Stripe no longer has; returns the account now. */
    BillingAccount relink(UUID workspace, String gone, String customer, Instant now) {
        jdbc.sql(RELINK).param("workspace", workspace).param("gone", gone).param("customer", customer)
                .param("now", at(now)).update();
        return ofWorkspace(workspace).orElseThrow();
    }

    void mirror(UUID workspace, SubscriptionState state, Instant now) {
        var live = state.current();
        jdbc.sql(MIRROR_SUBSCRIPTION).param("workspace", workspace)
                .param("subscription", live.map(SubscriptionState.Current::id).orElse(null))
                .param("status", live.map(SubscriptionState.Current::stripeStatus).orElse(null))
                .param("periodEnd", at(live.flatMap(SubscriptionState.Current::periodEnd).orElse(null)))
                .param("cancelAtPeriodEnd", live.map(SubscriptionState.Current::cancelAtPeriodEnd).orElse(false))
                .param("seatItem", live.flatMap(SubscriptionState.Current::seatItem)
                        .map(SubscriptionState.Item::id).orElse(null))
                .param("seatsBilled", live.flatMap(SubscriptionState.Current::seatItem)
                        .map(item -> (int) item.quantity()).orElse(null))
                .param("now", at(now)).update();
    }

    void seatsBilled(UUID workspace, String seatItem, int seats, Instant now) {
        jdbc.sql(SEATS_BILLED).param("workspace", workspace).param("seatItem", seatItem).param("seats", seats)
                .param("now", at(now)).update();
    }

    /** Records a processed event; false if it was recorded already (a replay, or another instance first). */
    boolean recordEvent(String id, String type, UUID workspace, String outcome, Instant created, Instant now) {
        return jdbc.sql(RECORD_EVENT).param("id", id).param("type", type).param("workspace", workspace)
                .param("outcome", outcome).param("created", at(created)).param("now", at(now)).update() == 1;
    }

    Optional<String> outcomeOf(String eventId) {
        return jdbc.sql(EVENT_OUTCOME).param("id", eventId).query(String.class).optional();
    }

    long reported(UUID workspace, String meter, LocalDate period) {
        return jdbc.sql(REPORTED).param("workspace", workspace).param("meter", meter).param("period", period)
                .query(Long.class).optional().orElse(0L);
    }

    void recordReported(UUID workspace, String meter, LocalDate period, long reported, Instant now) {
        jdbc.sql(RECORD_REPORTED).param("workspace", workspace).param("meter", meter).param("period", period)
                .param("reported", reported).param("now", at(now)).update();
    }

    private static BillingAccount row(ResultSet rs, int row) throws SQLException {
        int seats = rs.getInt("seats_billed");
        OptionalInt seatsBilled = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(seats);
        return new BillingAccount(rs.getObject("workspace_id", UUID.class), rs.getString("stripe_customer_id"),
                Optional.ofNullable(rs.getString("stripe_subscription_id")),
                Optional.ofNullable(rs.getString("subscription_status")),
                Optional.ofNullable(rs.getObject("current_period_end", OffsetDateTime.class))
                        .map(OffsetDateTime::toInstant),
                rs.getBoolean("cancel_at_period_end"), Optional.ofNullable(rs.getString("seat_item_id")), seatsBilled,
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
