-- Embedded engine, migration 012: a stateful session's record lives in its session grain (Orleans grain storage of
-- migration 008, in this file), the per-user session cap in a grain per user; so the sessions table of migration 001
-- (with its indexes of 001 and 007) goes. Sessions open before the upgrade end with it: their clients open new ones.
-- Never edit a released migration: add the next numbered file instead.

DROP TABLE sessions;
