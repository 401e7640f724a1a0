-- PostgreSQL engine, migration 012: a stateful session's record lives in its session grain (Orleans grain storage of
-- migration 008), the per-user session cap in a grain per user, and the node holding a legacy SSE stream is the
-- session grain's holder; so the sessions table of migration 001 (with its indexes of 001 and 007) and the stream
-- ownership table of migration 006 go. Sessions open when a node of the previous version stopped end with it: their
-- clients open new ones. Never edit a released migration: add the next numbered file instead.

DROP TABLE cluster_streams;
DROP TABLE sessions;
