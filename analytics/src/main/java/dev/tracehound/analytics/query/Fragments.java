package dev.tracehound.analytics.query;

import java.util.HashSet;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a statement's named fragments, {@code <name>}, with SQL of this package (never with
 * a caller's values, which are bound). Every fragment the statement names must be given, and
 * every one given must be used, so a renamed fragment fails at once rather than leaving a
 * placeholder in the SQL.
 */
final class Fragments {

    private static final Pattern FRAGMENT = Pattern.compile("<([a-z][A-Za-z0-9]*)>");

    private Fragments() {}

    static String fill(String statement, Map<String, String> fragments) {
        Matcher m = FRAGMENT.matcher(statement);
        var out = new StringBuilder(statement.length() + 256);
        var used = new HashSet<String>();
        while (m.find()) {
            String fragment = fragments.get(m.group(1));
            if (fragment == null) {
                throw new IllegalStateException("no SQL given for <" + m.group(1) + "> in: " + statement);
            }
            used.add(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(fragment));
        }
        m.appendTail(out);
        if (!used.containsAll(fragments.keySet())) {
            throw new IllegalStateException("fragments " + fragments.keySet() + " given, but the statement uses only "
                    + used + ": " + statement);
        }
        return out.toString();
    }
}
