package dev.tracehound.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PiiScrubRulesTest {

    @Test
    void appliesProjectRulesAfterTheBuiltInsAndCountsThem() {
        var scrubber = new PiiScrubber(new ScrubRules(List.of(
                new ScrubRule("us-ssn", "\\b\\d{3}-\\d{2}-\\d{4}\\b"),
                new ScrubRule("customer-id", "(?<=CUST-)\\d{6}", "******"))));
        var counts = new PiiScrubCounts();

        String scrubbed = scrubber.scrub("CUST-123456 (ssn 078-05-1120, 219-09-9999) mailed bob@example.com", counts);

        assertThat(scrubbed)
                .isEqualTo("CUST-****** (ssn [REDACTED:us-ssn], [REDACTED:us-ssn]) mailed [REDACTED:email]");
        assertThat(counts.snapshot()).isEqualTo(Map.of("us-ssn", 2L, "customer-id", 1L, "email", 1L));
    }

    @Test
    void takesReplacementsLiterally() {
        var scrubber = new PiiScrubber(new ScrubRules(List.of(new ScrubRule("pin", "pin=(\\d+)", "pin=$1\\"))));

        assertThat(scrubber.scrub("pin=1234", new PiiScrubCounts())).isEqualTo("pin=$1\\");
    }

    @Test
    void returnsTheSameInstanceWhenNoProjectRuleMatches() {
        var scrubber = new PiiScrubber(new ScrubRules(List.of(new ScrubRule("us-ssn", "\\b\\d{3}-\\d{2}-\\d{4}\\b"))));
        var counts = new PiiScrubCounts();
        String value = "GET /api/orders/42 200";

        assertThat(scrubber.scrub(value, counts)).isSameAs(value);
        assertThat(counts.total()).isZero();
    }

    @Test
    void refusesAnInvalidRegexNamingTheRule() {
        assertThatThrownBy(() -> new ScrubRule("loyalty-number", "LOY-\\d{4"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scrub rule 'loyalty-number' has an invalid regex LOY-\\d{4");
        assertThatThrownBy(() -> new ScrubRule("broken", "(unclosed"))
                .hasMessageContaining("'broken'")
                .hasMessageContaining("Unclosed group");
    }

    @Test
    void refusesRulesThatWouldRewriteEveryValueOrConfuseTheCounts() {
        assertThatThrownBy(() -> new ScrubRule("anything", "x*"))
                .hasMessageContaining("'anything'").hasMessageContaining("matches the empty string");
        assertThatThrownBy(() -> new ScrubRule("has space", "x"))
                .hasMessageContaining("'has space'");
        assertThatThrownBy(() -> new ScrubRules(List.of(new ScrubRule("Email", "mail"))))
                .hasMessageContaining("'Email' reuses the name of a built-in rule");
        assertThatThrownBy(() -> new ScrubRules(List.of(new ScrubRule("pin", "a"), new ScrubRule("pin", "b"))))
                .hasMessageContaining("'pin' is named twice");
        assertThatThrownBy(() -> new ScrubRules(List.of(), Set.of("*")))
                .hasMessageContaining("dropped attribute key '*'");
        assertThatThrownBy(() -> new ScrubRules(List.of(), Set.of("http.*.header")))
                .hasMessageContaining("dropped attribute key 'http.*.header'");
    }

    @Test
    void dropsKeysExactlyOrByPrefixIgnoringCase() {
        var scrubber = new PiiScrubber(new ScrubRules(List.of(), Set.of("user.ssn", "HTTP.request.header.*")));

        assertThat(scrubber.dropsAttribute("User.SSN")).isTrue();
        assertThat(scrubber.dropsAttribute("http.request.header.authorization")).isTrue();
        assertThat(scrubber.dropsAttribute("user.ssn.last4")).isFalse();
        assertThat(scrubber.dropsAttribute("http.response.header.content-type")).isFalse();
    }

    @Test
    void replacesTheWholeValueWhenARuleBacktracksCatastrophically() {
        // The JDK memoizes simpler cases such as (a+)+b; this one takes seconds on 26 characters without the budget.
        var scrubber = new PiiScrubber(new ScrubRules(List.of(new ScrubRule("evil", "((a+)*)+b"))));
        var counts = new PiiScrubCounts();
        String value = "a".repeat(64) + "!";

        String scrubbed = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> scrubber.scrub(value, counts));

        assertThat(scrubbed).isEqualTo("[REDACTED:evil]");
        assertThat(counts.snapshot()).isEqualTo(Map.of("evil", 1L));
    }

    @Test
    void ignoresZeroWidthMatches() {
        var scrubber = new PiiScrubber(new ScrubRules(List.of(new ScrubRule("double-x", "xx|\\b(?=x)", "#"))));

        assertThat(scrubber.scrub("ab xy xx", new PiiScrubCounts())).isEqualTo("ab xy #");
    }
}
