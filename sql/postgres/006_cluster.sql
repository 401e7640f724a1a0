-- PostgreSQL engine, migration 006: cluster membership, stream ownership and the message bus's large payloads.
-- Never edit a released migration: add the next numbered file instead.

-- One row per gateway node. A node writes its row every heartbeat; any node marks a row whose heartbeat is overdue
-- as dead (one atomic UPDATE, so exactly one node recovers each dead node). Rows of dead and departed nodes are kept
-- for an hour so that operators can see what happened, then deleted.
CREATE TABLE cluster_nodes (
    id              text        NOT NULL PRIMARY KEY,
    address         text        NOT NULL,
    version         text        NOT NULL,
    roles           text[]      NOT NULL DEFAULT '{}',
    status          text        NOT NULL CHECK (status IN ('alive', 'leaving', 'left', 'dead')),
    started_at      timestamptz NOT NULL,
    heartbeat_at    timestamptz NOT NULL,
    in_flight       integer     NOT NULL DEFAULT 0,
    open_streams    integer     NOT NULL DEFAULT 0,
    config_version  text        NOT NULL DEFAULT ''
);

CREATE INDEX cluster_nodes_by_heartbeat ON cluster_nodes (status, heartbeat_at);

-- The node holding the stream of each legacy HTTP+SSE session (such a session lives as long as its stream). When that
-- node dies, its sessions are deleted by the node that marks it dead. The row goes with its session.
CREATE TABLE cluster_streams (
    session_id      text        NOT NULL PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
    node_id         text        NOT NULL,
    opened_at       timestamptz NOT NULL
);

CREATE INDEX cluster_streams_by_node ON cluster_streams (node_id);

-- Bus messages too large for a NOTIFY payload (8000 bytes): the notification carries the row's id instead. Rows are
-- read by every listening node and deleted after a few minutes.
CREATE TABLE cluster_messages (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at      timestamptz NOT NULL,
    payload         text        NOT NULL
);

CREATE INDEX cluster_messages_by_age ON cluster_messages (created_at);
