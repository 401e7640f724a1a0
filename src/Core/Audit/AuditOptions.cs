namespace McpGateway.Core.Audit;

/// <summary>How the audit log is written. Read from the environment by the edge (docs/audit.md).</summary>
public sealed record AuditOptions
{
    /// <summary>Record argument values, not only their digest (<c>GATEWAY_AUDIT_ARGUMENTS</c>).</summary>
    /// <value>false</value>
    public bool IncludeArguments { get; init; }

    /// <summary>
    /// Embedded engine: fsync every audit batch before its calls are answered (<c>GATEWAY_AUDIT_FSYNC</c>), so that
    /// acknowledged records also survive an OS crash or power loss; by default a batch is in the WAL file when its
    /// calls are answered, which survives the process's death (docs/audit.md).
    /// </summary>
    /// <value>false</value>
    public bool Fsync { get; init; }

    /// <summary>
    /// The spool is a journal written before the store (the embedded engine without <see cref="Fsync"/>): a batch's
    /// calls are answered once it is in the journal, and the writer's drainer moves it into the store (docs/audit.md).
    /// </summary>
    public bool JournalFirst { get; init; }

    /// <summary>With <see cref="JournalFirst"/>: how long the drainer lets records gather in the journal before it moves them into the store in one transaction.</summary>
    /// <value>10 milliseconds</value>
    public TimeSpan JournalDrainDelay { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>This node's hash chain (<c>GATEWAY_NODE_ID</c>; by default the host name).</summary>
    public string Chain { get; init; } = Environment.MachineName;

    /// <summary>Largest number of records committed in one transaction.</summary>
    /// <value>1000</value>
    public int MaxBatch { get; init; } = 1000;

    /// <summary>Records waiting to be written before callers wait for room (back pressure, never loss).</summary>
    /// <value>20000</value>
    public int QueueCapacity { get; init; } = 20_000;

    /// <summary>Records older than this are purged (<c>GATEWAY_AUDIT_RETENTION_DAYS</c>; null keeps everything).</summary>
    public TimeSpan? Retention { get; init; }

    /// <summary>How often the retention purge runs.</summary>
    /// <value>1 hour</value>
    public TimeSpan PurgeInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long the spool drainer waits after a failed attempt to reach the store.</summary>
    /// <value>1 second</value>
    public TimeSpan DrainRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a batch may take to commit before the writer gives up on the store for it and spools it instead (the
    /// batch's calls wait no longer; a batch the store committed after all is skipped when the spool drains).
    /// </summary>
    /// <value>5 seconds</value>
    public TimeSpan StoreTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Key of the chain's HMAC-SHA256 (<c>GATEWAY_AUDIT_HMAC_KEY</c>); null: plain SHA-256.</summary>
    public byte[]? HmacKey { get; init; }
}
