package dev.tracehound.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Clocks the PostgreSQL look-up PolicyFilter makes for a person. The filter hands it to a new
 * virtual thread named {@code auth-N} (the service's OffTheEventLoop) and the request goes on
 * there, so the readings are kept per thread: when the look-up asked the pool for a connection,
 * when it had one, and when it gave it back. {@link SecurityClock} picks them up when the
 * request reaches the handler's side on the same thread. Requires the thread name; were it to
 * change, the look-up is simply not seen.
 */
final class RoleLookupClock extends DelegatingDataSource {

    private static final String LOOKUP_THREADS = "auth-";
    /** Connection asked for, borrowed, given back (nanoTime), on this thread. */
    private static final ThreadLocal<long[]> READINGS = new ThreadLocal<>();

    RoleLookupClock(DataSource pool) {
        super(pool);
    }

    /** The readings of the look-up made on this thread, and forgets them; null when none was made. */
    static long[] takeReadings() {
        long[] readings = READINGS.get();
        READINGS.remove();
        return readings;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (!Thread.currentThread().getName().startsWith(LOOKUP_THREADS)) {
            return super.getConnection();
        }
        long[] readings = {System.nanoTime(), 0, 0};
        READINGS.set(readings);
        Connection connection = super.getConnection();
        readings[1] = System.nanoTime();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        readings[2] = System.nanoTime();
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
