package io.tributary.jobs.sql;

import io.tributary.core.sql.SqlScript;

/** A statement of a script failed; the message names the statement (line and text) and the server's reason. */
public final class SqlStatementException extends RuntimeException {
    private final SqlScript.Statement statement;

    public SqlStatementException(SqlScript.Statement statement, int index, String reason, Throwable cause) {
        super("statement " + index + " (line " + statement.line() + ": " + statement.summary() + ") failed: " + reason, cause);
        this.statement = statement;
    }

    public SqlScript.Statement statement() { return statement; }
}
