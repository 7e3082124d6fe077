package dev.tracehound.agent.offline;

import dev.tracehound.agent.offline.Investigation.Outcome;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The attribute keys a project names its tenants by, found in the data rather than assumed: a key
 * the question gives, the tenant-like keys a BubbleUp of the affected spans shows, and the
 * conventional keys last, ordered by how closely they mean the question's word for a tenant.
 */
final class TenantKeys {

    /** A key that names who a request is for: its last part, or the part before an id or a name. */
    private static final Pattern TENANT_KEY = Pattern.compile("(?:^|[._])(tenant|customer|account|org|organi[sz]ation"
            + "|workspace|team|company|merchant|client|user|enduser|subscriber|plan|project|shop|store|publisher"
            + "|partner|seller|vendor|buyer|member|brand|school|agency|business|firm|venue|restaurant|clinic)(?:[._](?:id|name|slug|key|uuid|tier|plan)|$)");
    /** The keys people most often give tenants, tried when BubbleUp shows none. */
    private static final List<String> CONVENTIONAL = List.of("tenant.id", "customer.id", "account.id", "org.id",
            "organization.id", "enduser.id", "user.id");
    private static final Pattern DOTTED_KEY = Pattern.compile("\\b[a-z][a-z0-9_]*(?:\\.[a-z0-9_]+)+\\b");
    private static final int KEYS = 4;

    /** A tenant-like attribute: its key, whether it is a resource's, and how it was found (its BubbleUp score). */
    record TenantKey(String key, boolean resource, double score) {

        static final double NAMED = 2;
        static final double CONVENTION = -1;

        String groupBy() {
            return resource ? "resource:" + key : key;
        }
    }

    private TenantKeys() {}

    /** The keys to count by, the likeliest first. */
    static List<TenantKey> of(Asked asked, Outcome bubble) {
        String word = asked.tenantWord().orElse("tenant");
        var found = new LinkedHashMap<String, TenantKey>();
        var named = DOTTED_KEY.matcher(asked.scope().question().toLowerCase(Locale.ROOT));
        while (named.find()) {
            if (tenantLike(named.group(), word)) {
                found.putIfAbsent(named.group(), new TenantKey(named.group(), false, TenantKey.NAMED));
            }
        }
        if (bubble != null) {
            for (JsonNode dimension : bubble.data().path("dimensions")) {
                String source = dimension.path("source").asString("");
                String key = dimension.path("key").asString("");
                if (!source.equals("field") && tenantLike(key, word)) {
                    found.putIfAbsent(key, new TenantKey(key, source.equals("resource_attribute"),
                            dimension.path("score").asDouble(0)));
                }
            }
        }
        for (String key : CONVENTIONAL) {
            found.putIfAbsent(key, new TenantKey(key, false, TenantKey.CONVENTION));
        }
        List<String> preferred = preferred(word);
        return found.values().stream()
                // Named in the question first; then what the question's word means closely (a "customer" is a
                // customer.id wherever it was found); then what BubbleUp showed; then conventional keys.
                .sorted(Comparator.comparing((TenantKey k) -> k.score() < TenantKey.NAMED)
                        .thenComparing(k -> rank(k.key(), preferred) >= 2)
                        .thenComparing(k -> k.score() == TenantKey.CONVENTION)
                        .thenComparingInt(k -> rank(k.key(), preferred))
                        .thenComparingDouble(k -> -k.score()).thenComparing(TenantKey::key))
                .limit(KEYS).toList();
    }

    static boolean tenantLike(String key, String word) {
        String lower = key.toLowerCase(Locale.ROOT);
        return TENANT_KEY.matcher(lower).find()
                || Pattern.compile("(?:^|[._])" + Pattern.quote(word) + "(?:[._]|$)").matcher(lower).find();
    }

    private static int rank(String key, List<String> preferred) {
        String lower = key.toLowerCase(Locale.ROOT);
        for (int i = 0; i < preferred.size(); i++) {
            if (Pattern.compile("(?:^|[._])" + Pattern.quote(preferred.get(i)) + "(?:[._]|$)").matcher(lower).find()) {
                return i;
            }
        }
        return preferred.size();
    }

    /** The key parts a question's word for a tenant stands for, the closest first. */
    private static List<String> preferred(String word) {
        return switch (word) {
            case "tenant" -> List.of("tenant", "customer", "account", "org", "organization", "workspace", "company",
                    "merchant");
            case "customer", "client" -> List.of("customer", "client", "account", "tenant", "org");
            case "account" -> List.of("account", "customer", "tenant", "org");
            case "org", "company" -> List.of("org", "organization", "organisation", "company", "tenant", "account");
            case "user", "subscriber" -> List.of("user", "enduser", "customer", "account");
            default -> List.of(word);
        };
    }
}
