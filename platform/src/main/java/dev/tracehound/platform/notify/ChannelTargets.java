package dev.tracehound.platform.notify;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** What a channel's name and target must be, checked before they are stored, with reasons people can act on. */
final class ChannelTargets {

    private ChannelTargets() {}

    static String checkedName(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 200) {
            throw new IllegalArgumentException("a channel needs a 'name' of 1 to 200 characters");
        }
        return trimmed;
    }

    /** A webhook or Slack channel's http(s) URL, or an email channel's one address. */
    static String checked(ChannelKind kind, String target) {
        String trimmed = target == null ? "" : target.strip();
        if (trimmed.isEmpty() || trimmed.length() > 2000) {
            throw new IllegalArgumentException("a " + kind.wireName() + " channel needs a 'target' of 1 to 2000 characters: "
                    + (kind == ChannelKind.EMAIL ? "an email address" : "an http or https URL"));
        }
        return kind == ChannelKind.EMAIL ? emailAddress(trimmed) : url(kind, trimmed);
    }

    private static String url(ChannelKind kind, String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return text;
            }
        } catch (URISyntaxException e) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException("a " + kind.wireName() + " channel's target must be an http or https URL, was '"
                + text + "'");
    }

    private static String emailAddress(String text) {
        try {
            InternetAddress address = new InternetAddress(text, true);
            if (address.getAddress().equals(text)) {
                return text;
            }
        } catch (AddressException e) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException("an email channel's target must be one email address, like oncall@example.com; was '"
                + text + "'");
    }
}
