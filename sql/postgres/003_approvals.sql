-- PostgreSQL engine, migration 003: approvals of held tool calls (the same data as sql/sqlite/003_approvals.sql).
-- A row changes only by conditional updates (pending -> approved/rejected, approved -> used), each one statement, so
-- a decision or a use applies once however many nodes race for it. Rows are never deleted.
CREATE TABLE approvals (
    id               text        NOT NULL PRIMARY KEY,
    user_id          text        NOT NULL,
    tenant           text,
    tool             text        NOT NULL,
    backend          text        NOT NULL,
    risk             text        NOT NULL CHECK (risk IN ('low', 'medium', 'high')),
    -- json (not jsonb): the approver sees the arguments exactly as the caller sent them.
    arguments        json        NOT NULL,
    arguments_digest text        NOT NULL,
    rule_id          text        NOT NULL,
    policy_version   text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'used')),
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    decided_at       timestamptz,
    decided_by       text,
    reason           text,
    used_at          timestamptz
);

-- A repeated held call finds its pending approval; the admin list is newest first.
CREATE INDEX approvals_by_call ON approvals (user_id, tool, arguments_digest, status);
CREATE INDEX approvals_by_created ON approvals (created_at);
