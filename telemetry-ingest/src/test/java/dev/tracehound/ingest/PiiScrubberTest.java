package dev.tracehound.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PiiScrubberTest {

    // Credentials are assembled from pieces so that secret scanners do not take these fixtures for leaks.
    private static final String GITHUB_TOKEN = "gh" + "p_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
    private static final String SLACK_TOKEN = "xox" + "b-" + "1234567890-0987654321-AbCdEfGhIjKlMnOp";
    private static final String STRIPE_KEY = "sk_" + "live_" + "4eC39HqLyjWDarjtT1zdp7dc";
    private static final String GOOGLE_KEY = "AI" + "za" + "SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q";
    private static final String AWS_KEY_ID = "AK" + "IA" + "IOSFODNN7EXAMPLE";
    private static final String AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY";
    private static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
            + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
            + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
    private static final String PEM = "-----BEGIN RSA " + "PRIVATE KEY-----\n"
            + "MIIEowIBAAKCAQEAx4Vf3bXn0y8G2Zq1\nq8n3Ww0p9v7s5Qb1Yc2Rr6Tt4Uu==\n"
            + "-----END RSA " + "PRIVATE KEY-----";

    private final PiiScrubber scrubber = PiiScrubber.builtInsOnly();

    private record Scrubbed(String text, Map<String, Long> counts) {}

    private Scrubbed scrub(String value) {
        var counts = new PiiScrubCounts();
        return new Scrubbed(scrubber.scrub(value, counts), counts.snapshot());
    }

    private void assertRedacted(String value, String expected, String rule) {
        Scrubbed scrubbed = scrub(value);
        assertThat(scrubbed.text()).isEqualTo(expected);
        assertThat(scrubbed.counts()).isEqualTo(Map.of(rule, 1L));
    }

    private void assertKept(String value) {
        Scrubbed scrubbed = scrub(value);
        assertThat(scrubbed.text()).isSameAs(value);
        assertThat(scrubbed.counts()).isEmpty();
    }

    @Test
    void redactsEmailAddresses() {
        assertRedacted("order placed by jane.doe+shop@mail.example.co.uk today",
                "order placed by [REDACTED:email] today", "email");
        assertRedacted("GET /api/users?email=jane%40example.com&page=2",
                "GET /api/users?email=[REDACTED:email]&page=2", "email");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lodash@4.17.21", "@types/node@20.11.5", "postgres@db-primary", "see @mention on #ops",
            "image@sha256:9f86d081884c7d659a2feaa0c55ad015"})
    void keepsAtSignsThatAreNotEmailAddresses(String value) {
        assertKept(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111111", "5555 5555 5555 4444",
            "3782 822463 10005", "2221000000000009", "6011111111111117", "4111111111111111110"})
    void redactsCardNumbersThatPassLuhn(String card) {
        assertRedacted("card=" + card + ";", "card=[REDACTED:card-number];", "card-number");
    }

    @Test
    void findsACardNumberAmongOtherNumbers() {
        assertRedacted("2024-05-01 4111 1111 1111 1111 paid", "2024-05-01 [REDACTED:card-number] paid", "card-number");
        assertRedacted("amount 25 4111 1111 1111 1111", "amount 25 [REDACTED:card-number]", "card-number");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "4111 1111 1111 1112", // fails Luhn
            "order 4938271650493827165", // 19-digit order id, fails Luhn
            "1714557296782", // epoch millis that happens to pass Luhn
            "1714557296789123458", // epoch nanos that happens to pass Luhn
            "20240501123457", // compact timestamp that happens to pass Luhn
            "build 20240501123456787", // compact timestamp in ms that happens to pass Luhn
            "255 255 255 255 255 255", // a list of numbers, not grouped like a card
            "x4111111111111111", // digits inside a token
            "12345678901234567890123456789012", // a decimal-only trace id
    })
    void keepsLongNumbersThatAreNotCards(String value) {
        assertKept(value);
    }

    @Test
    void redactsBearerTokensKeepingTheWord() {
        assertRedacted("Authorization: Bearer abc123.def456-ghi789", "Authorization: Bearer [REDACTED:bearer-token]",
                "bearer-token");
        assertRedacted("authorization=bearer   Zm9vYmFyYmF6cXV4cXV1eGNvcmdl",
                "authorization=bearer   [REDACTED:bearer-token]", "bearer-token");
        assertRedacted("BEARER 0123456789abcdef", "BEARER [REDACTED:bearer-token]", "bearer-token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer authentication failed",
            "WWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\"", "missing bearer token",
            "the bearer of bad news"})
    void keepsTheWordBearerWithoutAToken(String value) {
        assertKept(value);
    }

    @Test
    void namesAKnownTokenSentAsBearerForWhatItIs() {
        assertRedacted("Bearer " + JWT, "Bearer [REDACTED:jwt]", "jwt");
        assertRedacted("Authorization: Bearer " + GITHUB_TOKEN, "Authorization: Bearer [REDACTED:github-token]",
                "github-token");
    }

    @Test
    void redactsCloudAndSaasKeys() {
        assertRedacted("key " + AWS_KEY_ID + " used", "key [REDACTED:aws-access-key] used", "aws-access-key");
        assertRedacted("ASIA" + "XYZ0123456789ABC", "[REDACTED:aws-access-key]", "aws-access-key");
        assertRedacted("aws_secret_access_key=" + AWS_SECRET, "aws_secret_access_key=[REDACTED:aws-secret-key]",
                "aws-secret-key");
        assertRedacted("{\"AWS_SECRET_ACCESS_KEY\": \"" + AWS_SECRET + "\"}",
                "{\"AWS_SECRET_ACCESS_KEY\": \"[REDACTED:aws-secret-key]\"}", "aws-secret-key");
        assertRedacted("token=" + GITHUB_TOKEN, "token=[REDACTED:github-token]", "github-token");
        assertRedacted("github_pat_" + "11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ",
                "[REDACTED:github-token]", "github-token");
        assertRedacted("slack " + SLACK_TOKEN, "slack [REDACTED:slack-token]", "slack-token");
        assertRedacted("maps?key=" + GOOGLE_KEY, "maps?key=[REDACTED:google-api-key]", "google-api-key");
        assertRedacted("stripe: " + STRIPE_KEY, "stripe: [REDACTED:stripe-key]", "stripe-key");
        assertRedacted("rk_" + "live_" + "51H8xYzAbCdEfGh", "[REDACTED:stripe-key]", "stripe-key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AKIA", "AKIAIOSFODNN7EXAMPLEX", "akiaiosfodnn7example", "ghp_short", "xoxb-1",
            "AIzaTooShort", "pk_" + "live_" + "4eC39HqLyjWDarjtT1zdp7dc", "task_live_updates_enabled",
            "aws_secret_access_key is not set", "eyJhbGciOiJIUzI1NiJ9 alone",
            "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUJ\n-----END CERTIFICATE-----"})
    void keepsWhatOnlyLooksLikeAKey(String value) {
        assertKept(value);
    }

    @Test
    void redactsPrivateKeysWholeAndCutOffOnesToTheEnd() {
        assertRedacted("loaded " + PEM + " from disk", "loaded [REDACTED:private-key] from disk", "private-key");
        assertRedacted("-----BEGIN OPENSSH " + "PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ…",
                "[REDACTED:private-key]", "private-key");
        assertRedacted("{\"key\":\"" + PEM.replace("\n", "\\n") + "\"}", "{\"key\":\"[REDACTED:private-key]\"}",
                "private-key");
    }

    @Test
    void redactsJwts() {
        assertRedacted("jwt=" + JWT + "&x=1", "jwt=[REDACTED:jwt]&x=1", "jwt");
    }

    @Test
    void redactsPasswordsInUrlsKeepingTheRest() {
        assertRedacted("postgres://shop:s3cr3t@db.internal:5432/shop",
                "postgres://shop:[REDACTED:url-password]@db.internal:5432/shop", "url-password");
        assertRedacted("redis://:hunter2@cache:6379/0", "redis://:[REDACTED:url-password]@cache:6379/0",
                "url-password");
        assertRedacted("https://bob:p@ss@example.com/x?to=a@b",
                "https://bob:[REDACTED:url-password]@example.com/x?to=a@b", "url-password");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://api.example.com/v1/orders/42?expand=items&since=2024-05-01T00:00:00Z#top",
            "postgres://db.internal:5432/shop", "http://10.0.0.12:8080/healthz", "redis://cache:6379",
            "123e4567-e89b-12d3-a456-426614174000", "550e8400-e29b-41d4-a716-446655440000",
            "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "2024-05-01T12:34:56.789123456Z", "2024-05-01 12:34:56,789 +0200", "1714557296789", "1714557296789123",
            "1.2.3", "v2.14.0-rc.1+build.20240501123456", "OpenJDK 25.0.1+8-LTS", "opentelemetry-java 1.49.0",
            "192.168.10.254", "2001:db8:85a3::8a2e:370:7334", "[2001:db8::1]:443",
            "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "SELECT * FROM orders WHERE id = $1 AND created_at > now() - interval '1 day'",
            "java.lang.IllegalStateException: Connection pool exhausted after 30000ms",
    })
    void keepsWhatTelemetryIsFullOf(String value) {
        assertKept(value);
    }

    @Test
    void countsEachRuleAndEveryReplacement() {
        Scrubbed scrubbed = scrub("a@example.com b@example.com card 4111111111111111 via Bearer tok_123456789");

        assertThat(scrubbed.text()).isEqualTo(
                "[REDACTED:email] [REDACTED:email] card [REDACTED:card-number] via Bearer [REDACTED:bearer-token]");
        assertThat(scrubbed.counts()).isEqualTo(Map.of("email", 2L, "card-number", 1L, "bearer-token", 1L));
    }

    @Test
    void scrubsASpanLikeAttributeMapAndDropsListedKeys() {
        var scrubber = new PiiScrubber(new ScrubRules(List.of(), Set.of("http.request.header.*", "User.Password")));
        var attributes = new LinkedHashMap<String, String>();
        attributes.put("http.request.method", "POST");
        attributes.put("url.full", "https://shop.example.com/checkout?step=2");
        attributes.put("http.request.header.cookie", "session=3f2a9c");
        attributes.put("enduser.email", "alice@example.com");
        attributes.put("user.password", "hunter2");
        attributes.put("payment.card", "4111-1111-1111-1111");
        attributes.put("http.response.status_code", "200");
        var counts = new PiiScrubCounts();

        Map<String, String> scrubbed = scrubber.scrubAttributes(attributes, counts);

        assertThat(scrubbed).containsExactly(
                Map.entry("http.request.method", "POST"),
                Map.entry("url.full", "https://shop.example.com/checkout?step=2"),
                Map.entry("enduser.email", "[REDACTED:email]"),
                Map.entry("payment.card", "[REDACTED:card-number]"),
                Map.entry("http.response.status_code", "200"));
        assertThat(counts.snapshot()).isEqualTo(Map.of("email", 1L, "card-number", 1L, "dropped-attribute", 2L));
        assertThat(attributes).hasSize(7);
    }

    @Test
    void returnsUnchangedValuesAndMapsAsTheSameInstances() {
        var counts = new PiiScrubCounts();
        var attributes = new LinkedHashMap<String, String>();
        attributes.put("service.name", "checkout");
        attributes.put("db.statement", "SELECT id FROM carts WHERE user_id = ?");
        attributes.put("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736");
        attributes.put("absent", null);

        assertThat(scrubber.scrubAttributes(attributes, counts)).isSameAs(attributes);
        for (String value : List.of("", "ok", "GET /api/orders/{id}", "checkout-7d9f8b6c5-x2x7q")) {
            assertThat(scrubber.scrub(value, counts)).isSameAs(value);
        }
        assertThat(scrubber.scrub(null, counts)).isNull();
        assertThat(counts.total()).isZero();
    }

    @Test
    void skipsEveryRegexForValuesWithoutAnyRulesLiteral() {
        assertThat(PiiBuiltInRule.candidatesIn("GET /api/orders/{id} 200 in 35ms")).isZero();
        assertThat(PiiBuiltInRule.candidatesIn("a@b.cd")).isEqualTo(PiiBuiltInRule.EMAIL.bit());
        assertThat(PiiBuiltInRule.candidatesIn("2024-05-01T12:34:56Z")).isEqualTo(PiiBuiltInRule.CARD_NUMBER.bit());
    }

    @Test
    void cutsValuesOverTheScanLimitSoNothingUnscannedIsStored() {
        String value = "x".repeat(PiiScrubber.SCAN_LIMIT_CHARS - 20) + " bob@example.com " + "y".repeat(10_000)
                + " tail@example.com";
        var counts = new PiiScrubCounts();

        String scrubbed = scrubber.scrub(value, counts);

        // Only the tail: a failure message holding 64 Ki characters would be of no use.
        assertThat(scrubbed.substring(PiiScrubber.SCAN_LIMIT_CHARS - 25))
                .isEqualTo("xxxxx [REDACTED:email] yyy…[truncated 10014 chars: PII scan limit]");
        assertThat(scrubbed).doesNotContain("example.com");
        assertThat(counts.snapshot()).isEqualTo(Map.of("email", 1L, "truncated", 1L));
    }

    @Test
    void countsCorrectlyWhenSharedByManyThreads() {
        var counts = new PiiScrubCounts();

        IntStream.range(0, 20_000).parallel()
                .forEach(i -> scrubber.scrub("user" + i + "@example.com paid with 4111111111111111", counts));

        assertThat(counts.snapshot()).isEqualTo(Map.of("email", 20_000L, "card-number", 20_000L));
    }
}
