using McpGateway.Core.Registry;
using McpGateway.Storage.Embedded;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace McpGateway.Storage.Tests.Embedded;

public sealed class EmbeddedStorageServiceCollectionExtensionsTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AddEmbeddedStorage_ResolvesSingletonStoresOverOneFile()
    {
        var dataDir = Path.Combine(_folder.Path, "data");
        var services = new ServiceCollection().AddEmbeddedStorage(dataDir);

        await using (var provider = services.BuildServiceProvider())
        {
            var registry = provider.GetRequiredService<IToolRegistry>();

            Assert.Same(registry, provider.GetRequiredService<IToolRegistry>());
            await registry.SyncAsync([new RegistryEntry(new RegistryKey("hello", null), "d")], default);
        }

        Assert.True(File.Exists(Path.Combine(dataDir, SqliteDatabase.FileName)));
        await using var restarted = new ServiceCollection().AddEmbeddedStorage(dataDir).BuildServiceProvider();
        Assert.Single(await restarted.GetRequiredService<IToolRegistry>().ListAsync(default));
    }

    [Fact]
    public void AddEmbeddedStorage_KeepsARegisteredTimeProvider()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var services = new ServiceCollection().AddSingleton<TimeProvider>(time).AddEmbeddedStorage(_folder.Path);

        using var provider = services.BuildServiceProvider();

        Assert.Same(time, provider.GetRequiredService<TimeProvider>());
    }
}
