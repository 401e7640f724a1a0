-- Embedded engine (SQLite), migration 015: a job grain's state is its row of the jobs table (written by the grain with
-- every change, read when the grain is activated for an existing job), no longer a grain-storage row in OrleansStorage
-- beside it. The job grains' old state rows (state name 'job') are deleted: nothing reads them any more. A job the
-- old release left unfinished is taken up from its jobs row at the next start. Never edit a released migration: add
-- the next numbered file instead.

DELETE FROM OrleansStorage WHERE GrainTypeString = 'job';
