-- Embedded engine (SQLite), migration 002: the audit log (docs/audit.md).
-- Append-only: the triggers refuse every UPDATE, and every DELETE except of records the retention purge has already
-- covered with its chain's anchor. Times are INTEGER Unix microseconds (UTC), latencies INTEGER microseconds.

-- One row per call that entered the pipeline. (chain, seq) is the record's place in its node's hash chain;
-- hash = SHA-256 (or HMAC-SHA256) of the chain, seq, prev_hash and every field below (McpGateway.Core.Audit.AuditHasher).
CREATE TABLE audit_log (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id         TEXT    NOT NULL UNIQUE,
    chain            TEXT    NOT NULL,
    seq              INTEGER NOT NULL,
    prev_hash        TEXT    NOT NULL,
    hash             TEXT    NOT NULL,
    time             INTEGER NOT NULL,
    request_id       TEXT    NOT NULL,
    correlation_id   TEXT    NOT NULL,
    trace_id         TEXT,
    user_id          TEXT    NOT NULL,
    tenant           TEXT,
    roles            TEXT    NOT NULL CHECK (json_valid(roles) AND json_type(roles) = 'array'),
    client           TEXT,
    endpoint         TEXT    NOT NULL,
    scope            TEXT,
    method           TEXT    NOT NULL,
    name             TEXT    NOT NULL,
    backend          TEXT,
    decision         TEXT,
    rule_id          TEXT,
    policy_version   TEXT,
    outcome          TEXT    NOT NULL,
    error_kind       TEXT,
    reason           TEXT,
    latency_us       INTEGER NOT NULL,
    request_bytes    INTEGER NOT NULL,
    response_bytes   INTEGER NOT NULL,
    arguments_digest TEXT,
    arguments        TEXT,
    UNIQUE (chain, seq)
);

CREATE INDEX audit_log_by_time ON audit_log (time);
CREATE INDEX audit_log_by_user ON audit_log (user_id, id);
CREATE INDEX audit_log_by_name ON audit_log (name, id);

-- Per chain: its head (the last record appended, moved in the same transaction) and its purge anchor (the last
-- record the retention purge removed; the first remaining record links to anchor_hash). Neither ever moves back.
CREATE TABLE audit_chains (
    chain       TEXT    NOT NULL PRIMARY KEY,
    head_seq    INTEGER NOT NULL,
    head_hash   TEXT    NOT NULL,
    anchor_seq  INTEGER NOT NULL DEFAULT 0,
    anchor_hash TEXT    NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000'
) WITHOUT ROWID;

-- Every retention purge, append-only.
CREATE TABLE audit_purges (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    chain       TEXT    NOT NULL,
    anchor_seq  INTEGER NOT NULL,
    anchor_hash TEXT    NOT NULL,
    older_than  INTEGER NOT NULL,
    records     INTEGER NOT NULL,
    purged_at   INTEGER NOT NULL
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN NOT EXISTS (SELECT 1 FROM audit_chains c WHERE c.chain = OLD.chain AND OLD.seq <= c.anchor_seq)
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only (only the retention purge removes records, behind its anchor)');
END;

CREATE TRIGGER audit_chains_forward_only BEFORE UPDATE ON audit_chains
WHEN NEW.head_seq < OLD.head_seq OR NEW.anchor_seq < OLD.anchor_seq OR NEW.chain <> OLD.chain
BEGIN
    SELECT RAISE(ABORT, 'audit chain heads and anchors only move forward');
END;

CREATE TRIGGER audit_chains_no_delete BEFORE DELETE ON audit_chains
BEGIN
    SELECT RAISE(ABORT, 'audit chains are never deleted');
END;

CREATE TRIGGER audit_purges_no_update BEFORE UPDATE ON audit_purges
BEGIN
    SELECT RAISE(ABORT, 'audit_purges is append-only');
END;

CREATE TRIGGER audit_purges_no_delete BEFORE DELETE ON audit_purges
BEGIN
    SELECT RAISE(ABORT, 'audit_purges is append-only');
END;
