package dev.tracehound.platform;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A PostgreSQL address as users give it: a JDBC URL ({@code jdbc:postgresql://host:5432/db})
 * or the libpq form most platforms hand out ({@code postgres://user:password@host:5432/db?sslmode=require}),
 * whose credentials are taken out of the URL.
 */
public record PostgresUrl(String jdbcUrl, Optional<String> user, Optional<String> password) {

    public static PostgresUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("a PostgreSQL URL is required");
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return new PostgresUrl(url, Optional.empty(), Optional.empty());
        }
        if (!url.startsWith("postgres://") && !url.startsWith("postgresql://")) {
            throw new IllegalArgumentException("a PostgreSQL URL must look like jdbc:postgresql://host:5432/db or "
                    + "postgres://user:password@host:5432/db; was " + redact(url));
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid PostgreSQL URL: " + redact(url));
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "a PostgreSQL URL must name one host, like postgres://user:password@host:5432/db; was " + redact(url));
        }
        String path = uri.getRawPath();
        String database = path == null || path.length() <= 1 ? "" : path.substring(1);
        String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + "/"
                + database + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null || userInfo.isEmpty()) {
            return new PostgresUrl(jdbc, Optional.empty(), Optional.empty());
        }
        int colon = userInfo.indexOf(':');
        return new PostgresUrl(jdbc, Optional.of(decode(colon < 0 ? userInfo : userInfo.substring(0, colon))),
                colon < 0 ? Optional.empty() : Optional.of(decode(userInfo.substring(colon + 1))));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The URL with its credentials blanked, fit for an error message. */
    private static String redact(String url) {
        return url.replaceFirst("://[^/@]*@", "://***@");
    }
}
