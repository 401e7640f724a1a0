-- PostgreSQL engine, migration 001: tool registry and MCP sessions (the same data as sql/sqlite/001_initial.sql).
-- Applied by McpGateway.Storage's PostgresMigrator in one transaction under an advisory lock, recorded in
-- schema_migrations. Never edit a released migration: add the next numbered file instead.
-- Times are timestamptz (UTC, millisecond values from the gateway's TimeProvider).

-- One row per backend (tool = '') and per tool of a backend; rows are never deleted, only deactivated.
CREATE TABLE registry_entries (
    backend         text        NOT NULL,
    tool            text        NOT NULL DEFAULT '',
    active          boolean     NOT NULL,
    settings_digest text        NOT NULL,
    first_seen      timestamptz NOT NULL,
    last_changed    timestamptz NOT NULL,
    PRIMARY KEY (backend, tool)
);

-- Every change of a registry entry, oldest first by id. Append-only (enforced by the triggers below).
CREATE TABLE registry_history (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    backend         text        NOT NULL,
    tool            text        NOT NULL,
    change          text        NOT NULL CHECK (change IN ('added', 'deactivated', 'reactivated', 'changed')),
    settings_digest text        NOT NULL,
    at              timestamptz NOT NULL,
    FOREIGN KEY (backend, tool) REFERENCES registry_entries (backend, tool)
);

CREATE INDEX registry_history_by_entry ON registry_history (backend, tool, id);

CREATE FUNCTION registry_history_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'registry_history is append-only' USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER registry_history_no_update BEFORE UPDATE OR DELETE ON registry_history
    FOR EACH ROW EXECUTE FUNCTION registry_history_append_only();

CREATE TRIGGER registry_history_no_truncate BEFORE TRUNCATE ON registry_history
    FOR EACH STATEMENT EXECUTE FUNCTION registry_history_append_only();

-- Stateful MCP sessions (revisions before 2026-07-28). last_seen_at is written at most every 30 s per session and node.
-- client_info and client_capabilities are json (not jsonb): they come back exactly as the client sent them.
CREATE TABLE sessions (
    id                  text        NOT NULL PRIMARY KEY,
    protocol_version    text        NOT NULL,
    scope               text,
    owner               text        NOT NULL,
    client_info         json        CHECK (client_info IS NULL OR json_typeof(client_info) = 'object'),
    client_capabilities json        CHECK (client_capabilities IS NULL OR json_typeof(client_capabilities) = 'object'),
    initialized         boolean     NOT NULL DEFAULT false,
    log_level           text,
    subscriptions       text[]      NOT NULL DEFAULT '{}',
    created_at          timestamptz NOT NULL,
    last_seen_at        timestamptz NOT NULL
);

CREATE INDEX sessions_by_last_seen ON sessions (last_seen_at);
