package dev.tracehound.platform.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChannelTargetsTest {

    @Test
    void webhookAndSlackTargetsAreHttpUrlsWithAHost() {
        assertThat(ChannelTargets.checked(ChannelKind.WEBHOOK, " https://hooks.example.com/t?x=1 "))
                .isEqualTo("https://hooks.example.com/t?x=1");
        assertThat(ChannelTargets.checked(ChannelKind.SLACK, "http://127.0.0.1:9000/slack")).isEqualTo("http://127.0.0.1:9000/slack");
        assertThatThrownBy(() -> ChannelTargets.checked(ChannelKind.WEBHOOK, "ftp://example.com/x"))
                .hasMessageContaining("must be an http or https URL, was 'ftp://example.com/x'");
        assertThatThrownBy(() -> ChannelTargets.checked(ChannelKind.SLACK, "https:///nohost"))
                .hasMessageContaining("http or https URL");
        assertThatThrownBy(() -> ChannelTargets.checked(ChannelKind.WEBHOOK, "not a url at all"))
                .hasMessageContaining("http or https URL");
    }

    @Test
    void anEmailTargetIsOneAddress() {
        assertThat(ChannelTargets.checked(ChannelKind.EMAIL, "oncall@example.com")).isEqualTo("oncall@example.com");
        assertThatThrownBy(() -> ChannelTargets.checked(ChannelKind.EMAIL, "a@example.com, b@example.com"))
                .hasMessageContaining("one email address");
        assertThatThrownBy(() -> ChannelTargets.checked(ChannelKind.EMAIL, "Ops <ops@example.com>"))
                .hasMessageContaining("one email address");
        assertThatThrownBy(() -> ChannelTargets.checked(ChannelKind.EMAIL, "")).hasMessageContaining("an email address");
    }

    @Test
    void aNameIsOneTo200Characters() {
        assertThat(ChannelTargets.checkedName("  On-call  ")).isEqualTo("On-call");
        assertThatThrownBy(() -> ChannelTargets.checkedName(" ")).hasMessageContaining("1 to 200 characters");
        assertThatThrownBy(() -> ChannelTargets.checkedName("x".repeat(201))).hasMessageContaining("1 to 200 characters");
    }
}
