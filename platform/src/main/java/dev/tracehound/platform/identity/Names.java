package dev.tracehound.platform.identity;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** The checks on slugs and display names that the database's CHECK constraints also hold. */
final class Names {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern UUID_SHAPE =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final int MAX_NAME = 200;

    private Names() {}

    static boolean isSlug(String text) {
        return text != null && SLUG.matcher(text).matches();
    }

    /** A slug for a new thing; one shaped like an id is refused, since paths take either. */
    static String requireSlug(String what, String slug) {
        if (!isSlug(slug)) {
            throw new IllegalArgumentException("a " + what + " slug must be 1-63 lowercase letters, digits or dashes, "
                    + "starting with a letter or digit, like 'checkout-api'; was '" + slug + "'");
        }
        if (UUID_SHAPE.matcher(slug).matches()) {
            throw new IllegalArgumentException("a " + what + " slug may not look like an id (a UUID), because paths "
                    + "accept either; was '" + slug + "'");
        }
        return slug;
    }

    /** A display name, stripped: 1-200 characters. */
    static String requireName(String what, String name) {
        String stripped = name == null ? "" : name.strip();
        if (stripped.isEmpty() || stripped.length() > MAX_NAME) {
            throw new IllegalArgumentException("a " + what + " name must be 1-" + MAX_NAME + " characters; was "
                    + (stripped.isEmpty() ? "empty" : stripped.length() + " characters"));
        }
        return stripped;
    }

    /** The id this text spells, or null when it is not an id (then it may be a slug). */
    static UUID idOrNull(String text) {
        if (text == null || !UUID_SHAPE.matcher(text.toLowerCase(Locale.ROOT)).matches()) {
            return null;
        }
        return UUID.fromString(text);
    }
}
