using McpGateway.Tests.Common.Gateway;

namespace McpGateway.Tools.Tests.Infrastructure;

/// <summary>The real Hello server as a child process (<see cref="BackendProcess"/>), without the settings of the machine.</summary>
public static class HelloBackend
{
    public static string Dll { get; } = BackendProcess.PathOf(BackendProcess.Hello);

    /// <summary>Starts Hello over HTTP with <paramref name="environment"/> and <paramref name="arguments"/>.</summary>
    public static Task<BackendProcess> StartAsync(IReadOnlyDictionary<string, string>? environment = null, params string[] arguments)
    {
        var env = new Dictionary<string, string?> { ["ASPNETCORE_URLS"] = null, ["TOOL_GATEWAY_SHARED_SECRET"] = null };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        return BackendProcess.StartAsync(BackendProcess.Hello, environment: env, arguments: arguments);
    }
}
