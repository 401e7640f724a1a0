-- PostgreSQL engine, migration 013: jobs live in job grains (state in Orleans' grain storage, a reminder per job), and
-- the jobs table becomes their read model, written by the grains: no worker claims rows any more, so the lease columns
-- go (with the check and the index that used them) and the node running an attempt is its runner. The queue index goes
-- too: nothing reads the table as a queue. Never edit a released migration: add the next numbered file instead.

ALTER TABLE jobs DROP COLUMN lease_expires_at;
ALTER TABLE jobs RENAME COLUMN lease_owner TO runner;
DROP INDEX IF EXISTS jobs_queue;
