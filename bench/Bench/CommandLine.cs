using System.Globalization;

namespace McpGateway.Bench;

/// <summary>The named options of the benchmark's subcommands (<c>--name value</c>).</summary>
internal static class CommandLine
{
    /// <summary>The value after <paramref name="name"/>, or null when it is missing.</summary>
    public static string? Value(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    /// <summary>The number after <paramref name="name"/>, or <paramref name="fallback"/> when it is missing.</summary>
    public static double Number(string[] args, string name, double fallback) =>
        Value(args, name) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
