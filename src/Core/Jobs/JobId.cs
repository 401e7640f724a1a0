using System.Security.Cryptography;

namespace McpGateway.Core.Jobs;

/// <summary>
/// Job ids: 128 random bits from the operating system's CSPRNG as 32 lowercase hex digits. Unguessable, so an id
/// alone never grants anything, and every lookup is still checked against the caller.
/// </summary>
public static class JobId
{
    public const int Length = 32;

    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Whether <paramref name="id"/> has the shape of a job id (anything else is unknown without a lookup).</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: Length } && id.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
