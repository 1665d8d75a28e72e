package org.pathwayshub.system;

import java.sql.SQLException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a database that cannot be reached (refused, lost, or ended by the server going down) from a fault of the
 * request or the data: the first is worth trying again once the server is back, the second is not.
 */
public final class DatabaseUnreachable {

    private DatabaseUnreachable() {
    }

    public static boolean causedBy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessResourceException
                    || t instanceof CannotCreateTransactionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            // a rollback that failed on the lost connection hides the statement's own failure here
            if (t instanceof TransactionSystemException tx && tx.getApplicationException() != null
                    && causedBy(tx.getApplicationException())) {
                return true;
            }
        }
        return false;
    }
}
