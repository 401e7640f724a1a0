-- PostgreSQL engine, migration 002: the audit log (the same data as sql/sqlite/002_audit.sql; docs/audit.md).
-- Append-only: triggers refuse every UPDATE and TRUNCATE, and every DELETE except of records the retention purge has
-- already covered with its chain's anchor. Times are timestamptz (microseconds), latencies bigint microseconds.

-- One row per call that entered the pipeline. (chain, seq) is the record's place in its node's hash chain;
-- hash = SHA-256 (or HMAC-SHA256) of the chain, seq, prev_hash and every field below (McpGateway.Core.Audit.AuditHasher).
CREATE TABLE audit_log (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id         text        NOT NULL UNIQUE,
    chain            text        NOT NULL,
    seq              bigint      NOT NULL,
    prev_hash        text        NOT NULL,
    hash             text        NOT NULL,
    time             timestamptz NOT NULL,
    request_id       text        NOT NULL,
    correlation_id   text        NOT NULL,
    trace_id         text,
    user_id          text        NOT NULL,
    tenant           text,
    roles            text[]      NOT NULL,
    client           text,
    endpoint         text        NOT NULL,
    scope            text,
    method           text        NOT NULL,
    name             text        NOT NULL,
    backend          text,
    decision         text,
    rule_id          text,
    policy_version   text,
    outcome          text        NOT NULL,
    error_kind       text,
    reason           text,
    latency_us       bigint      NOT NULL,
    request_bytes    bigint      NOT NULL,
    response_bytes   bigint      NOT NULL,
    arguments_digest text,
    arguments        text,
    UNIQUE (chain, seq)
);

CREATE INDEX audit_log_by_time ON audit_log (time);
CREATE INDEX audit_log_by_user ON audit_log (user_id, id);
CREATE INDEX audit_log_by_name ON audit_log (name, id);

-- Per chain: its head (the last record appended, moved in the same transaction, under FOR UPDATE) and its purge anchor
-- (the last record the retention purge removed; the first remaining record links to anchor_hash). Neither moves back.
CREATE TABLE audit_chains (
    chain       text   NOT NULL PRIMARY KEY,
    head_seq    bigint NOT NULL,
    head_hash   text   NOT NULL,
    anchor_seq  bigint NOT NULL DEFAULT 0,
    anchor_hash text   NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000'
);

-- Every retention purge, append-only.
CREATE TABLE audit_purges (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    chain       text        NOT NULL,
    anchor_seq  bigint      NOT NULL,
    anchor_hash text        NOT NULL,
    older_than  timestamptz NOT NULL,
    records     bigint      NOT NULL,
    purged_at   timestamptz NOT NULL
);

CREATE FUNCTION audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE FUNCTION audit_log_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM audit_chains c WHERE c.chain = OLD.chain AND OLD.seq <= c.anchor_seq) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only (only the retention purge removes records, behind its anchor)' USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE FUNCTION audit_chains_forward_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.chain = OLD.chain AND NEW.head_seq >= OLD.head_seq AND NEW.anchor_seq >= OLD.anchor_seq THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit chain heads and anchors only move forward' USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_guard();

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

CREATE TRIGGER audit_chains_no_change BEFORE UPDATE OR DELETE ON audit_chains
    FOR EACH ROW EXECUTE FUNCTION audit_chains_forward_only();

CREATE TRIGGER audit_chains_no_truncate BEFORE TRUNCATE ON audit_chains
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

CREATE TRIGGER audit_purges_no_change BEFORE UPDATE OR DELETE ON audit_purges
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();

CREATE TRIGGER audit_purges_no_truncate BEFORE TRUNCATE ON audit_purges
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
