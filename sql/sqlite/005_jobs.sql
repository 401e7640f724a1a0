-- Embedded engine (SQLite), migration 005: durable jobs (async tool calls, MCP tasks) and their history.
-- Times are INTEGER Unix milliseconds (UTC); JSON columns hold JSON1-valid text. Never edit a released migration.

-- One row per job. Changed only through the domain's JobLifecycle transitions, each in one BEGIN IMMEDIATE
-- transaction that reads the row, applies the transition and writes it back with version + 1.
CREATE TABLE jobs (
    id               TEXT    NOT NULL PRIMARY KEY,          -- 128 random bits, 32 hex digits
    owner_id         TEXT    NOT NULL,
    tenant           TEXT,
    roles            TEXT    NOT NULL CHECK (json_valid(roles) AND json_type(roles) = 'array'),
    scope            TEXT,
    tool             TEXT    NOT NULL,
    params           TEXT    NOT NULL CHECK (json_valid(params)),
    origin           TEXT    NOT NULL CHECK (origin IN ('rest', 'mcp', 'task')),
    session_id       TEXT,
    idempotent       INTEGER NOT NULL CHECK (idempotent IN (0, 1)),
    status           TEXT    NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'expired')),
    attempts         INTEGER NOT NULL,
    max_attempts     INTEGER NOT NULL,
    not_before       INTEGER NOT NULL,
    lease_owner      TEXT,
    lease_expires_at INTEGER,
    dispatched       INTEGER NOT NULL CHECK (dispatched IN (0, 1)),
    progress         TEXT    CHECK (progress IS NULL OR json_valid(progress)),
    result           TEXT    CHECK (result IS NULL OR json_valid(result)),
    error            TEXT    CHECK (error IS NULL OR json_valid(error)),
    status_message   TEXT,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    started_at       INTEGER,
    finished_at      INTEGER,
    expires_at       INTEGER,
    retention_ms     INTEGER NOT NULL,
    request_id       TEXT    NOT NULL,
    correlation_id   TEXT    NOT NULL,
    version          INTEGER NOT NULL,
    CHECK (status <> 'running' OR (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL))
) WITHOUT ROWID;

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
-- Append-only (enforced by the triggers below). Metadata only, never arguments or results.
CREATE TABLE job_events (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id TEXT    NOT NULL,
    at     INTEGER NOT NULL,
    kind   TEXT    NOT NULL,
    node   TEXT,
    detail TEXT    NOT NULL CHECK (json_valid(detail))
);

CREATE INDEX job_events_by_job ON job_events (job_id, id);

CREATE TRIGGER job_events_no_update BEFORE UPDATE ON job_events
BEGIN
    SELECT RAISE(ABORT, 'job_events is append-only');
END;

CREATE TRIGGER job_events_no_delete BEFORE DELETE ON job_events
BEGIN
    SELECT RAISE(ABORT, 'job_events is append-only');
END;
