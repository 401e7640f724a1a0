-- PostgreSQL engine, migration 009: cluster membership moved to Orleans (OrleansMembershipTable, migration 008), so
-- the gateway's own heartbeat table of migration 006 goes. Legacy stream ownership (cluster_streams) and the bus's
-- large payloads (cluster_messages) stay. Never edit a released migration: add the next numbered file instead.

DROP TABLE cluster_nodes;
