-- PostgreSQL engine, migration 005: durable jobs (async tool calls, MCP tasks) and their history
-- (the same data as sql/sqlite/005_jobs.sql). Never edit a released migration: add the next numbered file instead.

-- One row per job. Changed only through the domain's JobLifecycle transitions, each applied to the row under
-- SELECT … FOR UPDATE in one transaction and written back with version + 1. Workers claim queued jobs with
-- FOR UPDATE SKIP LOCKED, so concurrent nodes never take the same job. params and result are json (not jsonb): they
-- come back exactly as they were sent.
CREATE TABLE jobs (
    id               text        NOT NULL PRIMARY KEY CHECK (id ~ '^[0-9a-f]{32}$'),
    owner_id         text        NOT NULL,
    tenant           text,
    roles            text[]      NOT NULL,
    scope            text,
    tool             text        NOT NULL,
    params           json        NOT NULL,
    origin           text        NOT NULL CHECK (origin IN ('rest', 'mcp', 'task')),
    session_id       text,
    idempotent       boolean     NOT NULL,
    status           text        NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'expired')),
    attempts         integer     NOT NULL,
    max_attempts     integer     NOT NULL,
    not_before       timestamptz NOT NULL,
    lease_owner      text,
    lease_expires_at timestamptz,
    dispatched       boolean     NOT NULL,
    progress         json,
    result           json,
    error            json,
    status_message   text,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    started_at       timestamptz,
    finished_at      timestamptz,
    expires_at       timestamptz,
    retention_ms     bigint      NOT NULL,
    request_id       text        NOT NULL,
    correlation_id   text        NOT NULL,
    version          bigint      NOT NULL,
    CHECK (status <> 'running' OR (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL))
);

-- The queue: claimable jobs, oldest first.
CREATE INDEX jobs_queue ON jobs (not_before, created_at) WHERE status = 'queued';
-- Running jobs by lease, for the sweep that recovers jobs of dead nodes.
CREATE INDEX jobs_leases ON jobs (lease_expires_at) WHERE status = 'running';
-- Finished and expired jobs by expiry.
CREATE INDEX jobs_expiry ON jobs (expires_at) WHERE expires_at IS NOT NULL;
-- A user's jobs, newest first (listings, per-user caps).
CREATE INDEX jobs_by_owner ON jobs (owner_id, created_at, id);
CREATE INDEX jobs_by_created ON jobs (created_at, id);

-- The history of every job, written in the same transaction as the change it describes. The 'accepted' row is the
-- audited acceptance of the call (who, what, the policy decision); rows outlive the purge of their job.
-- Append-only (enforced by the trigger below). Metadata only, never arguments or results.
CREATE TABLE job_events (
    id     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id text        NOT NULL,
    at     timestamptz NOT NULL,
    kind   text        NOT NULL,
    node   text,
    detail json        NOT NULL
);

CREATE INDEX job_events_by_job ON job_events (job_id, id);

CREATE FUNCTION job_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'job_events is append-only' USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER job_events_no_update_or_delete BEFORE UPDATE OR DELETE ON job_events
    FOR EACH ROW EXECUTE FUNCTION job_events_append_only();

CREATE TRIGGER job_events_no_truncate BEFORE TRUNCATE ON job_events
    FOR EACH STATEMENT EXECUTE FUNCTION job_events_append_only();
