namespace McpGateway.Edge.Cli;

/// <summary>Reads <c>--name value</c> and <c>--name=value</c> options.</summary>
internal static class CliArguments
{
    public static string? Value(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == name && i + 1 < args.Count)
            {
                return args[i + 1];
            }

            if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
            {
                return args[i][(name.Length + 1)..];
            }
        }

        return null;
    }
}
