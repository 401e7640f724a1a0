namespace McpGateway.Tests.Common.Gateway;

/// <summary>
/// The one launcher of gateway processes: <c>mcpgw</c> (the built <c>mcpgw.dll</c> next to the test assembly) as a child
/// process with the environment of <see cref="NodeEnvironment"/>. Disposing kills the process tree.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    public const string Dll = "mcpgw.dll";

    private GatewayProcess(ChildProcess process, GatewayNodeSpec spec, int port)
    {
        Process = process;
        Spec = spec;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public ChildProcess Process { get; }

    public GatewayNodeSpec Spec { get; }

    public Uri BaseAddress { get; }

    public Uri McpEndpoint => new(BaseAddress, "/mcp");

    public string Output => Process.Output;

    /// <summary>
    /// Runs a command of <c>mcpgw</c> (<c>migrate</c>, <c>token</c>, <c>config check</c>, or a node expected to refuse
    /// its settings) with <paramref name="settings"/> and no test defaults; wait for <see cref="ChildProcess.Exited"/>.
    /// </summary>
    public static ChildProcess Run(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? settings = null, string? workingDirectory = null) =>
        ChildProcess.StartDotnet(Dll, arguments, workingDirectory, NodeEnvironment.Build(settings, testDefaults: false));

    /// <summary>Starts a node on a loopback port and waits (unless <see cref="GatewayNodeSpec.ReadyPath"/> is null) until it is ready.</summary>
    public static async Task<GatewayProcess> StartAsync(GatewayNodeSpec spec)
    {
        var node = Start(spec);
        if (spec.ReadyPath is not null)
        {
            try
            {
                await node.Process.WaitForHttpAsync(new Uri(node.BaseAddress, spec.ReadyPath), spec.StartTimeout);
            }
            catch
            {
                await node.DisposeAsync();
                throw;
            }
        }

        return node;
    }

    /// <summary>Starts a node on a loopback port without waiting for it (e.g. one expected to refuse to start).</summary>
    public static GatewayProcess Start(GatewayNodeSpec spec)
    {
        var port = spec.Port != 0 ? spec.Port : FreePort.Next();
        var child = ChildProcess.StartDotnet(
            Dll,
            [.. spec.Arguments, "--urls", $"http://127.0.0.1:{port}", "--config-dir", spec.ConfigDirectory, "--data-dir", spec.DataDirectory],
            spec.WorkingDirectory,
            NodeEnvironment.Build(spec.Settings, spec.TestDefaults));
        return new GatewayProcess(child, spec, port);
    }

    /// <summary>The same node (same port, folders and settings) started again, e.g. after it was killed.</summary>
    public Task<GatewayProcess> StartAgainAsync() => StartAsync(Spec with { Port = BaseAddress.Port });

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
