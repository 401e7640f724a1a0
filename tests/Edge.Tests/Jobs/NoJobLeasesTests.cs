using System.Text.RegularExpressions;
using McpGateway.Tests.Common;

namespace McpGateway.Edge.Tests.Jobs;

/// <summary>
/// Jobs live in grains with reminders (issue 17): no C# in <c>src/</c> listens or notifies through PostgreSQL, nor reads
/// or writes the job lease columns that migration 013 dropped. (<c>SqlCheck</c> names LISTEN and NOTIFY only to refuse
/// them in callers' SQL arguments.)
/// </summary>
public sealed partial class NoJobLeasesTests
{
    [GeneratedRegex(@"\bLISTEN\s|\bNOTIFY\s|pg_notify\(|lease_owner|lease_expires_at|LeaseOwner|LeaseExpiresAt|IJobSignals")]
    private static partial Regex Forbidden();

    [Fact]
    public void NoCodeInSrc_UsesListenNotify_OrJobLeases()
    {
        var offenders = Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.EndsWith("SqlCheck.cs", StringComparison.Ordinal))
            .Where(f => Forbidden().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(RepoPaths.Root, f))
            .ToList();

        Assert.Empty(offenders);
    }
}
