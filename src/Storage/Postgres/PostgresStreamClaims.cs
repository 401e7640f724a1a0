using McpGateway.Core.Cluster;
using static McpGateway.Storage.Postgres.NpgsqlCommandExtensions;

namespace McpGateway.Storage.Postgres;

/// <summary>
/// Legacy stream ownership in <c>cluster_streams</c> (migration 006). Ending a node's sessions is one atomic
/// <c>DELETE … RETURNING</c>, so several nodes recovering the same dead node at once end each session once.
/// </summary>
internal sealed class PostgresStreamClaims(PostgresDatabase database) : IStreamClaims
{
    private const string EndSql = """
        DELETE FROM sessions WHERE id IN (SELECT session_id FROM cluster_streams WHERE node_id = @node) RETURNING id
        """;

    public async Task ClaimAsync(string sessionId, string nodeId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            null,
            "INSERT INTO cluster_streams (session_id, node_id, opened_at) VALUES (@session, @node, @at) ON CONFLICT (session_id) DO UPDATE SET node_id = EXCLUDED.node_id",
            cancellationToken,
            P("session", sessionId), P("node", nodeId), P("at", at.ToUniversalTime()));
    }

    public async Task<IReadOnlyList<string>> EndSessionsOfAsync(string nodeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryAsync(null, EndSql, r => r.GetString(0), cancellationToken, P("node", nodeId));
    }
}
