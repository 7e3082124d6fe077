package dev.tracehound.platform.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.platform.billing.Meter;
import dev.tracehound.platform.billing.Plan;
import dev.tracehound.platform.billing.Plans;
import dev.tracehound.platform.usage.IngestQuota.State;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class IngestQuotaTest {

    private static final YearMonth DECEMBER = YearMonth.of(2026, 12);
    private static final Plan FREE = Plans.builtIn().byId("free").orElseThrow();
    private static final Plan INDIE = Plans.builtIn().byId("indie").orElseThrow();
    private static final Plan SCALE = Plans.builtIn().byId("scale").orElseThrow();

    @Test
    void aFreeWorkspaceBelowItsLimitIsWithinIt() {
        var standing = IngestQuota.decide(FREE, Meter.SPANS, DECEMBER, 999_999);
        assertThat(standing.state()).isEqualTo(State.WITHIN);
        assertThat(standing.accepts()).isTrue();
        assertThat(standing.over()).isFalse();
        assertThat(standing.limit()).isEqualTo(1_000_000);
    }

    @Test
    void aFreeWorkspaceAtOrPastItsLimitKeepsIngestingUpToTenPercentMore() {
        assertThat(IngestQuota.decide(FREE, Meter.SPANS, DECEMBER, 1_000_000).state()).isEqualTo(State.GRACE);
        var lastAccepted = IngestQuota.decide(FREE, Meter.LOG_RECORDS, DECEMBER, 1_099_999);
        assertThat(lastAccepted.state()).isEqualTo(State.GRACE);
        assertThat(lastAccepted.accepts()).isTrue();
        assertThat(lastAccepted.over()).isTrue();
        assertThat(lastAccepted.refusedFrom()).isEqualTo(1_100_000);
    }

    @Test
    void aFreeWorkspacePastTheMarginIsRefused() {
        var standing = IngestQuota.decide(FREE, Meter.SPANS, DECEMBER, 1_100_000);
        assertThat(standing.state()).isEqualTo(State.REFUSED);
        assertThat(standing.accepts()).isFalse();
        assertThat(standing.used()).isEqualTo(1_100_000);
    }

    @Test
    void bytesAreHeldAgainstThePlansGigabytesWithTheSameMargin() {
        assertThat(IngestQuota.decide(FREE, Meter.INGESTED_BYTES, DECEMBER, 999_999_999L).state()).isEqualTo(State.WITHIN);
        var grace = IngestQuota.decide(FREE, Meter.INGESTED_BYTES, DECEMBER, 1_000_000_000L);
        assertThat(grace.state()).isEqualTo(State.GRACE);
        assertThat(grace.limit()).as("free's 1 GB, in bytes").isEqualTo(1_000_000_000L);
        assertThat(grace.refusedFrom()).isEqualTo(1_100_000_000L);
        assertThat(IngestQuota.decide(FREE, Meter.INGESTED_BYTES, DECEMBER, 1_100_000_000L).state())
                .isEqualTo(State.REFUSED);
        assertThat(IngestQuota.decide(INDIE, Meter.INGESTED_BYTES, DECEMBER, 25_000_000_000L).state())
                .as("past indie's 20 GB, billed").isEqualTo(State.OVERAGE);
        assertThat(IngestQuota.decide(SCALE, Meter.INGESTED_BYTES, DECEMBER, Long.MAX_VALUE / 2).state())
                .isEqualTo(State.UNLIMITED);
    }

    @Test
    void aPlanWithOverageIsNeverRefusedOnlyToldItIsOver() {
        var far = IngestQuota.decide(INDIE, Meter.SPANS, DECEMBER, 100_000_000);
        assertThat(far.state()).isEqualTo(State.OVERAGE);
        assertThat(far.accepts()).isTrue();
        assertThat(far.over()).isTrue();
        assertThat(IngestQuota.decide(INDIE, Meter.SPANS, DECEMBER, 19_999_999).state()).isEqualTo(State.WITHIN);
    }

    @Test
    void aPlanWithoutALimitAlwaysPasses() {
        var standing = IngestQuota.decide(SCALE, Meter.SPANS, DECEMBER, Long.MAX_VALUE / 2);
        assertThat(standing.state()).isEqualTo(State.UNLIMITED);
        assertThat(standing.accepts()).isTrue();
        assertThat(standing.over()).isFalse();
    }

    @Test
    void theMarginRoundsUpAndALimitOfZeroHasNone() {
        assertThat(IngestQuota.graceCeiling(15)).isEqualTo(17);
        assertThat(IngestQuota.graceCeiling(0)).isZero();
    }
}
