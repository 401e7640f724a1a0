namespace McpGateway.Core.Configuration;

/// <summary>Settings of one tool of a backend, keyed by the backend's own tool name under <c>tools:</c>.</summary>
public sealed record ToolSettings
{
    /// <summary>The defaults of a tool that is not listed.</summary>
    public static ToolSettings Default { get; } = new();

    /// <summary>Calls per minute across all callers (<c>rate_limit_per_minute</c>).</summary>
    /// <value>null: the gateway default (<c>RATE_LIMIT_TOOL_PER_MINUTE</c>).</value>
    public int? RateLimitPerMinute { get; init; }

    /// <summary>Tokens the tool's bucket holds at most (<c>burst</c>).</summary>
    /// <value>null: <c>RATE_LIMIT_TOOL_BURST</c>, else a minute's worth.</value>
    public int? Burst { get; init; }

    /// <summary>Calls that may wait for a slot when <see cref="MaxConcurrency"/> are in flight (<c>queue_length</c>).</summary>
    /// <value>null: 100.</value>
    public int? QueueLength { get; init; }

    /// <summary>How long a call may wait for a slot (<c>queue_timeout_seconds</c>).</summary>
    /// <value>null: 10 seconds.</value>
    public double? QueueTimeoutSeconds { get; init; }

    /// <summary>The tool's circuit breaker (<c>circuit_breaker</c>), over the backend's settings.</summary>
    /// <value>null: the backend's <see cref="BackendConfig.CircuitBreaker"/>.</value>
    public Traffic.BreakerSettings? CircuitBreaker { get; init; }

    /// <summary>Calls in flight at once (<c>max_concurrency</c>).</summary>
    /// <value>null: unlimited.</value>
    public int? MaxConcurrency { get; init; }

    /// <summary>The tool's risk (<c>risk</c>).</summary>
    /// <value><see cref="RiskLevel.Low"/>.</value>
    public RiskLevel Risk { get; init; } = RiskLevel.Low;

    /// <summary>Whether calls are expected to run long and may be run as jobs (<c>long_running</c>).</summary>
    /// <value>false.</value>
    public bool LongRunning { get; init; }

    /// <summary>Whether a call can safely be repeated, e.g. when a job is rerun (<c>idempotent</c>).</summary>
    /// <value>false.</value>
    public bool Idempotent { get; init; }

    /// <summary>Whether the tool is exposed (<c>active</c>).</summary>
    /// <value>true.</value>
    public bool Active { get; init; } = true;

    /// <summary>Time limit of one call, overriding the backend's (<c>timeout_seconds</c>).</summary>
    /// <value>null: the backend's <see cref="BackendConfig.TimeoutSeconds"/>.</value>
    public double? TimeoutSeconds { get; init; }
}
