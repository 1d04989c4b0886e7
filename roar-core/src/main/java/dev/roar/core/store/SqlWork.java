package dev.roar.core.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of work run inside one store transaction. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
