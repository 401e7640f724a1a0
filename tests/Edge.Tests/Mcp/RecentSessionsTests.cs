using System.Diagnostics;
using System.Text.Json.Nodes;
using McpGateway.Core.Sessions;
using McpGateway.Edge.Cluster;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Edge.Tests.Mcp;

/// <summary>
/// A session's requests do not each read its grain: the record read by one serves the node's next requests for a
/// second (<c>RecentSessions</c>); a change or an end is seen by the next request.
/// </summary>
public sealed class RecentSessionsTests
{
    [Fact]
    public async Task ASessionsRequests_ReadTheStoreOncePerSecond_AndTheNextRequestAfterAChangeReadsItAgain()
    {
        var reads = new CountingSessionStore();
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), services: reads.Install);
        using var raw = new RawMcp(gateway.McpEndpoint);
        var session = await RawSession.OpenAsync(raw);

        var before = reads.Reads;
        var elapsed = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(200, (await raw.SendAsync(session.Call(raw, "tools/list"))).Status);
        }

        // Twenty requests, one read (a read each started second at most, should the machine be slow).
        Assert.InRange(reads.Reads - before, 1, 1 + (long)elapsed.Elapsed.TotalSeconds);

        // A change (here the log level) drops the copy: the next request reads the store again and sees it.
        Assert.Equal(200, (await raw.SendAsync(session.Call(raw, "logging/setLevel", new JsonObject { ["level"] = "error" }))).Status);
        var afterChange = reads.Reads;
        Assert.Equal(200, (await raw.SendAsync(session.Call(raw, "tools/list"))).Status);
        Assert.Equal(afterChange + 1, reads.Reads);
        Assert.Equal("error", reads.LastRead?.LogLevel);

        // An ended session is refused at once, though its record was just read.
        var delete = new HttpRequestMessage(HttpMethod.Delete, gateway.McpEndpoint);
        delete.Headers.Add("Mcp-Session-Id", session.Id);
        Assert.Equal(200, (await raw.SendAsync(delete)).Status);
        Assert.Equal(404, (await raw.SendAsync(session.Call(raw, "tools/list"))).Status);
    }

    /// <summary>The node's session store, counting its reads.</summary>
    private sealed class CountingSessionStore : ISessionStore
    {
        private ISessionStore _inner = null!;
        private long _reads;

        public long Reads => Interlocked.Read(ref _reads);

        public SessionRecord? LastRead { get; private set; }

        /// <summary>Puts this store in front of the node's own.</summary>
        public void Install(IServiceCollection services)
        {
            services.AddSingleton<GrainSessionStore>();
            services.AddSingleton<ISessionStore>(provider =>
            {
                _inner = provider.GetRequiredService<GrainSessionStore>();
                return this;
            });
        }

        public Task<bool> TryCreateAsync(SessionRecord session, int maxPerOwner, CancellationToken cancellationToken) =>
            _inner.TryCreateAsync(session, maxPerOwner, cancellationToken);

        public async ValueTask<SessionRecord?> GetAsync(string sessionId, string ownerUserId, string? scope, DateTimeOffset seenAt, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            return LastRead = await _inner.GetAsync(sessionId, ownerUserId, scope, seenAt, cancellationToken);
        }

        public Task UpdateAsync(SessionRecord session, CancellationToken cancellationToken) => _inner.UpdateAsync(session, cancellationToken);

        public Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken) => _inner.DeleteAsync(sessionId, cancellationToken);
    }
}
