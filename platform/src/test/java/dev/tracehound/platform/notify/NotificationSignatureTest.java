package dev.tracehound.platform.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NotificationSignatureTest {

    private static final String SECRET = "whsec_test";
    private static final String BODY = "{\"id\":\"incident-1/firing\"}";

    @Test
    void aSignatureVerifiesOnlyWithItsSecretBodyAndAFreshTimestamp() {
        long t = 1_800_000_000L;
        String header = WebhookSignature.header(SECRET, t, BODY);

        assertThat(header).matches("t=1800000000,v1=[0-9a-f]{64}");
        assertThat(WebhookSignature.verify(SECRET, header, BODY, t + 10, 300)).isTrue();
        assertThat(WebhookSignature.verify("other", header, BODY, t, 300)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, header, BODY + " ", t, 300)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, header, BODY, t + 301, 300)).as("a replay too old").isFalse();
        assertThat(WebhookSignature.verify(SECRET, "v1=abc", BODY, t, 300)).isFalse();
    }

    @Test
    void backOffDoublesFromTheFirstDelayUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofSeconds(30), Duration.ofMinutes(5), 3);

        assertThat(policy.delayAfter(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.delayAfter(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.delayAfter(4)).isEqualTo(Duration.ofSeconds(240));
        assertThat(policy.delayAfter(5)).isEqualTo(Duration.ofMinutes(5));
        assertThat(policy.delayAfter(40)).isEqualTo(Duration.ofMinutes(5));
    }
}
