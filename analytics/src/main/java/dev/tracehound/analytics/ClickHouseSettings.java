package dev.tracehound.analytics;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how to reach ClickHouse over HTTP.
 *
 * @param url          the HTTP endpoint, e.g. {@code http://127.0.0.1:8123}
 * @param database     the database that holds our tables; created by the migrator
 * @param queryTimeout server-side limit for one query ({@code max_execution_time})
 */
public record ClickHouseSettings(
        URI url, String username, String password, String database, Duration connectTimeout, Duration queryTimeout) {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    public ClickHouseSettings {
        Objects.requireNonNull(url, "url");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("ClickHouse URL must be http:// or https://, was " + url);
        }
        username = username == null || username.isBlank() ? "default" : username;
        password = password == null ? "" : password;
        if (database == null || !IDENTIFIER.matcher(database).matches()) {
            throw new IllegalArgumentException("ClickHouse database must be a plain identifier, was " + database);
        }
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        queryTimeout = queryTimeout == null ? Duration.ofSeconds(30) : queryTimeout;
    }

    public static ClickHouseSettings of(String url, String database) {
        return new ClickHouseSettings(URI.create(url), null, null, database, null, null);
    }

    /** The URL without credentials, safe for messages and health details. */
    public String displayUrl() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "") + url.getPath();
    }
}
