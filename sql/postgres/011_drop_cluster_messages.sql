-- PostgreSQL engine, migration 011: messages for a session's stream on another node go through Orleans (the session
-- grain and one observer per node), so the LISTEN/NOTIFY bus is gone, and with it the table of migration 006 that
-- held its payloads too large for a notification. Never edit a released migration: add the next numbered file instead.

DROP TABLE cluster_messages;
