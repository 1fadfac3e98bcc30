-- The supervisor monitoring audit (decisions.md §5): an append-only log chained by SHA-256, written by
-- dev.switchboard.server.audit.JdbcMonitoringAudit. Like V1, this file runs unchanged on H2 2.x and PostgreSQL 15.
--
-- seq is handed out by the writer (the last seq + 1), not by an identity column: the chain needs the number before
-- the row exists, and a second writer on the same tail then collides on the primary key instead of forking the chain.
-- target and detail have no length limit (both databases accept VARCHAR without one), so that an audit append never
-- fails because a request named something long.
CREATE TABLE monitoring_audit (
    seq           BIGINT                   NOT NULL,
    at            TIMESTAMP WITH TIME ZONE NOT NULL,
    kind          VARCHAR(32)              NOT NULL,
    supervisor_id VARCHAR(255)             NOT NULL,
    target        VARCHAR,
    call_id       VARCHAR(255),
    detail        VARCHAR,
    previous_hash CHAR(64)                 NOT NULL,
    hash          CHAR(64)                 NOT NULL,
    CONSTRAINT pk_monitoring_audit PRIMARY KEY (seq),
    CONSTRAINT uq_monitoring_audit_hash UNIQUE (hash),
    CONSTRAINT ck_monitoring_audit_seq CHECK (seq >= 1)
);
