namespace McpGateway.Tools.Tests.Infrastructure;

/// <summary>One Hello HTTP server process shared by the tests of a class.</summary>
public sealed class HelloServerFixture : IAsyncLifetime
{
    private BackendProcess? _server;

    public BackendProcess Server => _server ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _server = await HelloBackend.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
