package dev.tracehound.platform.identity;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A workspace's allowed email domains (a checked domain has no comma, so they travel as one text), and the domain of an address. */
final class EmailDomains {

    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");

    private static final String SELECT_DOMAINS = "SELECT allowed_email_domains FROM workspaces WHERE id = :workspace";
    private static final String UPDATE_DOMAINS = """
            UPDATE workspaces SET allowed_email_domains = string_to_array(:domains, ',') WHERE id = :workspace""";

    private EmailDomains() {}

    static String normalise(String domain) {
        String cleaned = domain == null ? "" : domain.strip().toLowerCase(Locale.ROOT);
        if (cleaned.startsWith("@")) {
            cleaned = cleaned.substring(1);
        }
        if (!DOMAIN.matcher(cleaned).matches()) {
            throw new IllegalArgumentException("an allowed email domain looks like example.com; was " + domain);
        }
        return cleaned;
    }

    /** The lower-cased domain of an address, or empty text when it has none. */
    static String ofAddress(String email) {
        int at = email == null ? -1 : email.lastIndexOf('@');
        return at < 0 ? "" : email.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    static List<String> of(JdbcClient jdbc, UUID workspace) {
        return jdbc.sql(SELECT_DOMAINS).param("workspace", workspace)
                .query((rs, row) -> Arrays.asList((String[]) rs.getArray(1).getArray())).single();
    }

    static void set(JdbcClient jdbc, UUID workspace, List<String> domains) {
        jdbc.sql(UPDATE_DOMAINS).param("workspace", workspace).param("domains", String.join(",", domains)).update();
    }
}
