-- Embedded engine (SQLite), migration 001: tool registry and MCP sessions.
-- Applied by McpGateway.Storage's SqliteDatabase inside one BEGIN IMMEDIATE transaction and recorded in
-- schema_migrations. Never edit a released migration: add the next numbered file instead.
-- Times are INTEGER Unix milliseconds (UTC). Booleans are INTEGER 0/1. JSON columns hold JSON1-valid text.

-- One row per backend (tool = '') and per tool of a backend; rows are never deleted, only deactivated.
CREATE TABLE registry_entries (
    backend         TEXT    NOT NULL,
    tool            TEXT    NOT NULL DEFAULT '',
    active          INTEGER NOT NULL CHECK (active IN (0, 1)),
    settings_digest TEXT    NOT NULL,
    first_seen      INTEGER NOT NULL,
    last_changed    INTEGER NOT NULL,
    PRIMARY KEY (backend, tool)
) WITHOUT ROWID;

-- Every change of a registry entry, oldest first by id. Append-only (enforced by the triggers below).
CREATE TABLE registry_history (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    backend         TEXT    NOT NULL,
    tool            TEXT    NOT NULL,
    change          TEXT    NOT NULL CHECK (change IN ('added', 'deactivated', 'reactivated', 'changed')),
    settings_digest TEXT    NOT NULL,
    at              INTEGER NOT NULL,
    FOREIGN KEY (backend, tool) REFERENCES registry_entries (backend, tool)
);

CREATE INDEX registry_history_by_entry ON registry_history (backend, tool, id);

CREATE TRIGGER registry_history_no_update BEFORE UPDATE ON registry_history
BEGIN
    SELECT RAISE(ABORT, 'registry_history is append-only');
END;

CREATE TRIGGER registry_history_no_delete BEFORE DELETE ON registry_history
BEGIN
    SELECT RAISE(ABORT, 'registry_history is append-only');
END;

-- Stateful MCP sessions (revisions before 2026-07-28). last_seen_at is written at most every 30 s per session.
CREATE TABLE sessions (
    id                  TEXT    NOT NULL PRIMARY KEY,
    protocol_version    TEXT    NOT NULL,
    scope               TEXT,
    owner               TEXT    NOT NULL,
    client_info         TEXT    CHECK (client_info IS NULL OR json_valid(client_info)),
    client_capabilities TEXT    CHECK (client_capabilities IS NULL OR json_valid(client_capabilities)),
    initialized         INTEGER NOT NULL DEFAULT 0 CHECK (initialized IN (0, 1)),
    log_level           TEXT,
    subscriptions       TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(subscriptions) AND json_type(subscriptions) = 'array'),
    created_at          INTEGER NOT NULL,
    last_seen_at        INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX sessions_by_last_seen ON sessions (last_seen_at);
