-- Embedded engine (SQLite), migration 003: approvals of held tool calls.
-- Times are INTEGER Unix milliseconds (UTC). A row changes only by conditional updates (pending -> approved/rejected,
-- approved -> used), so a decision or a use applies once however many requests race for it. Rows are never deleted.
CREATE TABLE approvals (
    id               TEXT    NOT NULL PRIMARY KEY,
    user_id          TEXT    NOT NULL,
    tenant           TEXT,
    tool             TEXT    NOT NULL,
    backend          TEXT    NOT NULL,
    risk             TEXT    NOT NULL CHECK (risk IN ('low', 'medium', 'high')),
    arguments        TEXT    NOT NULL CHECK (json_valid(arguments)),
    arguments_digest TEXT    NOT NULL,
    rule_id          TEXT    NOT NULL,
    policy_version   TEXT    NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'used')),
    created_at       INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,
    decided_at       INTEGER,
    decided_by       TEXT,
    reason           TEXT,
    used_at          INTEGER
) WITHOUT ROWID;

-- A repeated held call finds its pending approval; the admin list is newest first.
CREATE INDEX approvals_by_call ON approvals (user_id, tool, arguments_digest, status);
CREATE INDEX approvals_by_created ON approvals (created_at);
