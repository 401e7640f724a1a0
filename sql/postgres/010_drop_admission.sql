-- PostgreSQL engine, migration 010: traffic control moved to grains (the user quota and tool guard grains lease tokens
-- and slots to the nodes and keep the breakers; docs/traffic-control.md), so the leased budgets, slot leases and
-- breaker rows of migration 004 and their functions go. Never edit a released migration: add the next numbered file instead.

DROP FUNCTION admission_lease_tokens(text, text, double precision, integer, integer, integer, integer);
DROP FUNCTION admission_lease_slots(text, text, integer, integer, integer);
DROP FUNCTION admission_release_node(text, text[], integer[], integer[]);
DROP FUNCTION admission_breaker_set(text, text, text, timestamptz);
DROP FUNCTION admission_breaker_claim(text, text, integer);
DROP TABLE admission_token_leases;
DROP TABLE admission_buckets;
DROP TABLE admission_slot_leases;
DROP TABLE admission_caps;
DROP TABLE admission_breakers;
