using McpGateway.Core.Registry;
using McpGateway.Core.Sessions;
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
            var sessions = provider.GetRequiredService<ISessionStore>();

            Assert.Same(registry, provider.GetRequiredService<IToolRegistry>());
            Assert.Same(sessions, provider.GetRequiredService<ISessionStore>());
            await registry.SyncAsync([new RegistryEntry(new RegistryKey("hello", null), "d")], default);
            await sessions.CreateAsync(
                new SessionRecord { Id = "s1", ProtocolVersion = "2025-11-25", OwnerUserId = "u", CreatedAt = DateTimeOffset.UnixEpoch, LastSeenAt = DateTimeOffset.UnixEpoch },
                default);
        }

        Assert.True(File.Exists(Path.Combine(dataDir, SqliteDatabase.FileName)));
        await using var restarted = new ServiceCollection().AddEmbeddedStorage(dataDir).BuildServiceProvider();
        Assert.Single(await restarted.GetRequiredService<IToolRegistry>().ListAsync(default));
        Assert.NotNull(await restarted.GetRequiredService<ISessionStore>().GetAsync("s1", default));
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
