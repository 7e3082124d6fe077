package dev.tracehound.analytics;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one door to ClickHouse. Uses the official client for HTTP, and only formats that
 * ClickHouse 18.16 and current servers share: statements end in {@code FORMAT JSONEachRow}
 * for reading, inserts are JSONEachRow. Blocking: call it from virtual threads, never from
 * an event loop.
 */
public final class ClickHouse implements AutoCloseable {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Pattern SERVER_CODE = Pattern.compile("Code: (\\d+)");
    private static final String SERVER_VERSION = "SELECT version() AS version";
    private static final String KILL_QUERY = "KILL QUERY WHERE query_id = {queryId:String} ASYNC FORMAT JSONEachRow";

    private final ClickHouseSettings settings;
    private final Client client;
    private final ReadLimits readLimits;
    private final boolean ownsClient;

    private ClickHouse(ClickHouseSettings settings, Client client, ReadLimits readLimits, boolean ownsClient) {
        this.settings = settings;
        this.client = client;
        this.readLimits = readLimits;
        this.ownsClient = ownsClient;
    }

    public static ClickHouse connect(ClickHouseSettings settings) {
        Client client = new Client.Builder()
                .addEndpoint(settings.url().toString())
                .setUsername(settings.username())
                .setPassword(settings.password())
                .setConnectTimeout(settings.connectTimeout().toMillis())
                .setSocketTimeout(settings.queryTimeout().plusSeconds(5).toMillis())
                .setMaxRetries(0)
                // 18.16 cannot stream a compressed response through its HTTP handler.
                .compressServerResponse(false)
                .compressClientRequest(false)
                .build();
        return new ClickHouse(settings, client, ReadLimits.NONE, true);
    }

    /**
     * The same connection, with every query held to these limits: for queries whose shape
     * users choose. Closing the returned instance leaves this one open.
     */
    public ClickHouse limitedTo(ReadLimits limits) {
        return new ClickHouse(settings, client, limits, false);
    }

    public ReadLimits readLimits() {
        return readLimits;
    }

    public ClickHouseSettings settings() {
        return settings;
    }

    /**
     * The server's version, or an exception that names the URL and the cause. Waits at most
     * twice the connect timeout, so a server that accepts connections but never answers is
     * reported quickly too.
     */
    public String serverVersion() {
        return queryIn("default", Sql.of(SERVER_VERSION), settings.connectTimeout().multipliedBy(2))
                .getFirst().string("version");
    }

    public void execute(String statement) {
        executeIn(settings.database(), statement);
    }

    /** Runs a statement outside our database, e.g. to create it. */
    void executeIn(String database, String statement) {
        var querySettings = querySettings(database, answerTimeout());
        try (var response = await(client.query(statement, querySettings), statement, answerTimeout())) {
            response.getInputStream().readAllBytes();
        } catch (IOException e) {
            throw failure(statement, e);
        } catch (Exception e) {
            throw e instanceof ClickHouseException che ? che : failure(statement, e);
        }
    }

    public List<Row> query(Sql sql) {
        return queryIn(settings.database(), sql, answerTimeout());
    }

    /**
     * Reads on the caller's thread, which the caller owns: the agent runs each tool call on a
     * thread of its own and interrupts it at the call's deadline or on a cancel; an HTTP request
     * interrupts its thread when its client goes away. On a virtual thread the interrupt closes
     * the socket at once, and the query is then killed on the server. Otherwise the query's own
     * limits bound it: {@code max_execution_time} on the server, the network timeout on the socket.
     * Inserts are not killed: a retry must never race an abandoned insert still in flight.
     */
    private List<Row> queryIn(String database, Sql sql, Duration timeout) {
        String statement = sql.render() + "\nFORMAT JSONEachRow";
        String queryId = UUID.randomUUID().toString();
        var querySettings = querySettings(database, timeout).setQueryId(queryId);
        if (readLimits.maxRowsToRead() > 0) {
            querySettings.serverSetting("max_rows_to_read", Long.toString(readLimits.maxRowsToRead()))
                    .serverSetting("read_overflow_mode", "throw");
        }
        if (readLimits.maxResultRows() > 0) {
            querySettings.serverSetting("max_result_rows", Long.toString(readLimits.maxResultRows()))
                    .serverSetting("result_overflow_mode", "throw");
        }
        try {
            return read(statement, querySettings, sql, timeout);
        } catch (ClickHouseException e) {
            // Cleared while the server is told to stop the query, which needs the network; set again after.
            if (Thread.interrupted()) {
                kill(queryId);
                Thread.currentThread().interrupt();
                throw new ClickHouseException("interrupted while waiting for ClickHouse: " + abbreviate(sql.text()), e);
            }
            // The server stops the query at max_execution_time, before the socket gives up: nothing to kill.
            if (socketTimedOut(e)) {
                throw new ClickHouseException("ClickHouse at " + settings.displayUrl() + " did not answer within "
                        + timeout.toSeconds() + " s: " + abbreviate(sql.text()), e);
            }
            throw e;
        }
    }

    private static boolean socketTimedOut(Throwable failure) {
        for (Throwable t = failure.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private List<Row> read(String statement, QuerySettings querySettings, Sql sql, Duration timeout) {
        var rows = new ArrayList<Row>();
        try (var response = await(client.query(statement, querySettings), sql.text(), timeout);
                var reader = new BufferedReader(new InputStreamReader(response.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    rows.add(new Row(JSON.readTree(line)));
                }
            }
            return rows;
        } catch (IOException e) {
            throw failure(sql.text(), e);
        } catch (Exception e) {
            throw e instanceof ClickHouseException che ? che : failure(sql.text(), e);
        }
    }

    /** Inserts rows already encoded as JSONEachRow; returns when ClickHouse has them. */
    void insertJsonEachRow(String table, byte[] rows) {
        var insertSettings = new InsertSettings();
        insertSettings.setDatabase(settings.database());
        insertSettings.setNetworkTimeout(answerTimeout().toMillis(), ChronoUnit.MILLIS);
        insertSettings.serverSetting("database", settings.database());
        insertSettings.serverSetting("max_execution_time", Long.toString(settings.queryTimeout().toSeconds()));
        String what = "INSERT INTO " + table;
        try (var response = await(
                client.insert(table, new ByteArrayInputStream(rows), ClickHouseFormat.JSONEachRow, insertSettings), what,
                answerTimeout())) {
            // nothing to read: the insert is durable once the server answered
        } catch (Exception e) {
            throw e instanceof ClickHouseException che ? che : failure(what, e);
        }
    }

    private QuerySettings querySettings(String database, Duration timeout) {
        var querySettings = new QuerySettings();
        // The client may run the request on the calling thread: the socket must give up in time too.
        querySettings.setNetworkTimeout(timeout.toMillis(), ChronoUnit.MILLIS);
        // 18.16 ignores the X-ClickHouse-Database header the client sends; it reads the URL parameter.
        return querySettings
                .setDatabase(database)
                .serverSetting("database", database)
                .serverSetting("max_execution_time", Long.toString(settings.queryTimeout().toSeconds()));
    }

    /** The server stops a query at the query timeout; this leaves it time to say so. */
    private Duration answerTimeout() {
        return settings.queryTimeout().plusSeconds(10);
    }

    private <T> T await(java.util.concurrent.CompletableFuture<T> future, String what, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new ClickHouseException("interrupted while waiting for ClickHouse: " + abbreviate(what), e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new ClickHouseException("ClickHouse at " + settings.displayUrl() + " did not answer within "
                    + timeout.toSeconds() + " s: " + abbreviate(what), e);
        } catch (ExecutionException e) {
            throw failure(what, e.getCause());
        }
    }

    /** Asks the server to stop a query; best effort, since the query may have just ended. */
    private void kill(String queryId) {
        if (queryId == null) {
            return;
        }
        var killSettings = querySettings("default", settings.connectTimeout());
        try (var response = client.query(Sql.of(KILL_QUERY).bind("queryId", queryId).render(), killSettings)
                .get(settings.connectTimeout().toMillis() * 2, TimeUnit.MILLISECONDS)) {
            response.getInputStream().readAllBytes();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // The server will still stop it at max_execution_time.
        }
    }

    private ClickHouseException failure(String what, Throwable cause) {
        Throwable root = cause;
        com.clickhouse.client.api.ServerException server = null;
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof com.clickhouse.client.api.ServerException se && server == null) {
                server = se;
            }
            root = t;
        }
        String reason = server != null
                ? server.getMessage().strip()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
        return new ClickHouseException(
                "ClickHouse at " + settings.displayUrl() + " failed on [" + abbreviate(what) + "]: " + reason, cause,
                server == null ? -1 : serverCode(server));
    }

    /** 18.16 sends no error-code header; its message starts with "Code: N" on every version. */
    private static int serverCode(com.clickhouse.client.api.ServerException server) {
        Matcher m = SERVER_CODE.matcher(server.getMessage() == null ? "" : server.getMessage());
        return m.find() ? Integer.parseInt(m.group(1)) : server.getCode();
    }

    private static String abbreviate(String sql) {
        String flat = sql.strip().replaceAll("\\s+", " ");
        return flat.length() <= 160 ? flat : flat.substring(0, 157) + "...";
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
