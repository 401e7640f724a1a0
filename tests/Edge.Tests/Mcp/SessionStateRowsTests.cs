using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;
using Microsoft.Data.Sqlite;

namespace McpGateway.Edge.Tests.Mcp;

/// <summary>
/// A session's record lives in its grain's storage row; an ended session leaves no row behind on the embedded engine
/// (SQLite migration 014's delete query), so a gateway that serves many short sessions does not grow its file forever.
/// </summary>
public sealed class SessionStateRowsTests
{
    [Fact]
    public async Task EndedSession_LeavesNoGrainStateRow_OnTheEmbeddedEngine()
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio());
        using var raw = new RawMcp(gateway.McpEndpoint);
        var database = Path.Combine(gateway.Folder.Path, "data", "gateway.db");

        var session = await RawSession.OpenAsync(raw);
        await Eventually.UntilAsync(() => SessionRows(database, session.Id) > 0, "the session's record in grain storage", TimeSpan.FromSeconds(30));

        var delete = new HttpRequestMessage(HttpMethod.Delete, gateway.McpEndpoint);
        delete.Headers.Add("Mcp-Session-Id", session.Id);
        Assert.Equal(200, (await raw.SendAsync(delete)).Status);

        await Eventually.UntilAsync(() => SessionRows(database, session.Id) == 0, "no row left for the ended session", TimeSpan.FromSeconds(30));
    }

    private static long SessionRows(string database, string sessionId)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM OrleansStorage WHERE GrainIdExtensionString LIKE '%' || $id || '%'";
        command.Parameters.AddWithValue("$id", sessionId);
        return (long)command.ExecuteScalar()!;
    }
}
