using McpGateway.Core.Identity;

namespace McpGateway.Core.Jobs;

/// <summary>Who may see and control a job: its owner (same user id and tenant), and admins.</summary>
public static class JobAccess
{
    /// <summary>The role that sees every job.</summary>
    public const string AdminRole = "admin";

    public static bool IsAdmin(CallerIdentity caller) => caller.Roles.Contains(AdminRole, StringComparer.Ordinal);

    public static bool CanSee(CallerIdentity caller, Job job) =>
        IsAdmin(caller) || (job.OwnerId == caller.UserId && job.Tenant == caller.Tenant);
}
