using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using McpGateway.Core.Configuration;
using McpGateway.Core.Registry;

namespace McpGateway.Edge.Hosting;

/// <summary>The registry entries declared by <c>tools.yaml</c>: every backend, and every tool it lists settings for.</summary>
internal static class RegistryDeclarations
{
    public static IReadOnlyList<RegistryEntry> From(ToolsConfig config)
    {
        var entries = new List<RegistryEntry>();
        foreach (var backend in config.Backends)
        {
            entries.Add(new RegistryEntry(new RegistryKey(backend.Name, null), Digest(new
            {
                backend.Scope,
                Transport = backend.Transport.ToString(),
                Url = backend.Url?.ToString(),
                backend.Command,
                backend.Prefix,
                backend.TimeoutSeconds,
                backend.Active,
            })));
            foreach (var (tool, settings) in backend.Tools)
            {
                entries.Add(new RegistryEntry(new RegistryKey(backend.Name, tool), Digest(settings)));
            }
        }

        return entries;
    }

    private static string Digest<T>(T value) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value)))).ToLowerInvariant()[..16];
}
