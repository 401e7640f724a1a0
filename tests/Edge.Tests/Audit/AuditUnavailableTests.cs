using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Core.Audit;
using McpGateway.Edge.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Edge.Tests.Audit;

/// <summary>A call that cannot be audited is never acknowledged, and once the audit log is known to be down, never run.</summary>
public sealed class AuditUnavailableTests
{
    [Fact]
    public async Task StoreAndSpoolFailing_CallsAreRefusedWith503And32019_AndServedAgainOnceTheSpoolWorks()
    {
        var broken = new BrokenAudit();
        await using var backend = await RecordingBackend.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(
            $"  - name: rec\n    transport: streamable-http\n    url: {backend.Endpoint}\n",
            services: services =>
            {
                services.AddSingleton<IAuditStore>(broken);
                services.AddSingleton<IAuditSpool>(broken);
            });
        using var raw = new RawMcp(gateway.McpEndpoint);
        JsonObject Call() => new() { ["name"] = "rec.whoami", ["arguments"] = new JsonObject() };
        int BackendCalls() => backend.Requests.Count(r => r.Body["method"]?.GetValue<string>() == "tools/call");

        var (status, first, firstResponse) = await raw.SendAsync(raw.Stateless2026("tools/call", Call()));
        Assert.Equal(503, status);
        Assert.Equal(-32019, RawMcp.ErrorCode(first));
        Assert.Null(first!["result"]);
        Assert.Equal(1, BackendCalls());

        var (secondStatus, second, _) = await raw.SendAsync(raw.Stateless2026("tools/call", Call()));
        Assert.Equal(503, secondStatus);
        Assert.Equal(-32019, RawMcp.ErrorCode(second));
        Assert.Equal(1, BackendCalls());

        using var http = new HttpClient();
        var content = new StringContent("""{"tool_name":"rec.whoami","arguments":{}}""", Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var rest = await http.PostAsync(new Uri(gateway.BaseAddress, "/mcp/invoke"), content);
        Assert.Equal(503, (int)rest.StatusCode);
        Assert.Contains("audit_unavailable", await rest.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        broken.SpoolWorks = true;
        await raw.SendAsync(raw.Stateless2026("tools/call", Call()));
        var (_, served, _) = await raw.SendAsync(raw.Stateless2026("tools/call", Call()));
        Assert.Equal("recorded", served!["result"]!["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(2, BackendCalls());
        // The first call ran although its record could not be kept at the time: the writer held the record and wrote
        // it as soon as the spool took records again.
        var ran = Assert.Single(broken.Spooled, r => r.RequestId == firstResponse.Headers.GetValues("X-Request-ID").Single());
        Assert.Equal("success", ran.Outcome);
    }

    /// <summary>A store that is down and a spool on a failing disk (until told otherwise).</summary>
    private sealed class BrokenAudit : IAuditStore, IAuditSpool
    {
        private long _records;

        public volatile bool SpoolWorks;

        public System.Collections.Concurrent.ConcurrentQueue<AuditRecord> Spooled { get; } = new();

        public long Records => Interlocked.Read(ref _records);

        public long Bytes => 0;

        public Task<int> AppendAsync(string chain, IReadOnlyList<AuditRecord> records, AuditHasher hasher, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("store down");

        public Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
        {
            if (!SpoolWorks)
            {
                throw new IOException("disk full");
            }

            Interlocked.Add(ref _records, records.Count);
            foreach (var record in records)
            {
                Spooled.Enqueue(record);
            }

            return Task.CompletedTask;
        }

        public Task<SpooledBatch?> PeekAsync(CancellationToken cancellationToken) => Task.FromResult<SpooledBatch?>(null);

        public Task RemoveAsync(SpooledBatch batch, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken) => throw new InvalidOperationException("store down");

        public Task<IReadOnlyList<AuditChainState>> GetChainsAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("store down");

        public IAsyncEnumerable<AuditEntry> ReadChainAsync(string chain, CancellationToken cancellationToken) => throw new InvalidOperationException("store down");

        public Task<long> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) => throw new InvalidOperationException("store down");
    }
}
