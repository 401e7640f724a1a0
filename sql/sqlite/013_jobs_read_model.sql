-- Embedded engine (SQLite), migration 013: jobs live in job grains (state in Orleans' grain storage), and the jobs
-- table becomes their read model, written by the grains: the lease columns go (SQLite cannot drop a column a table
-- check uses, so the table is rebuilt) and the node running an attempt is its runner. Never edit a released migration.

CREATE TABLE jobs_read_model (
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
    runner           TEXT,
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
    version          INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO jobs_read_model
SELECT id, owner_id, tenant, roles, scope, tool, params, origin, session_id, idempotent, status, attempts, max_attempts, not_before,
       lease_owner, dispatched, progress, result, error, status_message, created_at, updated_at, started_at, finished_at, expires_at,
       retention_ms, request_id, correlation_id, version
FROM jobs;

DROP TABLE jobs;
ALTER TABLE jobs_read_model RENAME TO jobs;

-- Finished and expired jobs by expiry.
CREATE INDEX jobs_expiry ON jobs (expires_at) WHERE expires_at IS NOT NULL;
-- A user's jobs, newest first (listings, per-user caps).
CREATE INDEX jobs_by_owner ON jobs (owner_id, created_at, id);
CREATE INDEX jobs_by_created ON jobs (created_at, id);
