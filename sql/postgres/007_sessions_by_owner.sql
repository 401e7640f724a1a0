-- PostgreSQL engine, migration 007: sessions by owner, for the per-user session cap (GATEWAY_MAX_SESSIONS_PER_USER)
-- that every initialize and legacy GET /sse counts against on any node. Never edit a released migration.

CREATE INDEX sessions_by_owner ON sessions (owner);
