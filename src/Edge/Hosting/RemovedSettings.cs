namespace McpGateway.Edge.Hosting;

/// <summary>
/// Environment settings an earlier release read and this one does not: a node given one refuses to start (with every
/// other error at once) and names what replaced it, rather than ignoring what its operator meant to set.
/// </summary>
internal static class RemovedSettings
{
    /// <summary>Each removed variable and what to do instead.</summary>
    public static readonly IReadOnlyList<(string Variable, string Instead)> All =
    [
        ("GATEWAY_JOB_LEASE_SECONDS",
            "job leases were removed (each job is watched by its grain's reminder); set GATEWAY_JOB_CHECK_SECONDS instead, how often a job's reminder checks on it (docs/jobs.md, Upgrading)"),
    ];

    /// <summary>Adds an error for each removed variable that is set (not blank).</summary>
    public static void Check(Func<string, string?> environment, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var (variable, instead) in All)
        {
            if (!string.IsNullOrWhiteSpace(environment(variable)))
            {
                errors.Add($"{variable}: no longer read: {instead}");
            }
        }
    }
}
