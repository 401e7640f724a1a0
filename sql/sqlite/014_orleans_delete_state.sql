-- Embedded engine, migration 014: the query Orleans' ADO.NET grain storage runs to delete a grain's state when the
-- grain clears it (DeleteStateOnClear). Orleans' own SQLite script has no such query (only ClearStorageKey, which keeps
-- an empty row); without it every ended session (one grain each) would leave a row behind, growing the file forever.
-- The same statement as the PostgreSQL script's DeleteStorageKey (migration 008 there), in SQLite's dialect.
-- Never edit a released migration: add the next numbered file instead.

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('DeleteStorageKey', '
    DELETE FROM OrleansStorage
    WHERE
        GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
        AND GrainTypeString = @GrainTypeString
        AND (GrainIdExtensionString = @GrainIdExtensionString OR (GrainIdExtensionString IS NULL AND @GrainIdExtensionString IS NULL))
        AND ServiceId = @ServiceId
        AND Version = @GrainStateVersion
    RETURNING Version + 1 AS NewGrainStateVersion;
');
