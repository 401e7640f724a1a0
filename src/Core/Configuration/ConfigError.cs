namespace McpGateway.Core.Configuration;

/// <summary>One problem found in a configuration file.</summary>
/// <param name="File">The file as it was named to the loader.</param>
/// <param name="Line">1-based line; 0 when the problem concerns the whole file (e.g. it cannot be read).</param>
/// <param name="Column">1-based column; 0 with <paramref name="Line"/> 0.</param>
/// <param name="Message">The YAML path of the offending node and what is wrong with it,
/// e.g. <c>backends[1].transport: 'htp' is not one of streamable-http, sse, stdio, jsonrpc</c>.</param>
public sealed record ConfigError(string File, int Line, int Column, string Message)
{
    /// <summary>The compiler-style form <c>file:line:column: message</c>.</summary>
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";
}
