using McpGateway.Core.Cluster;
using Npgsql;
using NpgsqlTypes;
using static McpGateway.Storage.Postgres.NpgsqlCommandExtensions;

namespace McpGateway.Storage.Postgres;

/// <summary>
/// Membership in <c>cluster_nodes</c> and legacy stream ownership in <c>cluster_streams</c> (migration 006). Every
/// write is one atomic statement, so several nodes sweeping at once never recover the same dead node twice.
/// </summary>
internal sealed class PostgresClusterMembership(PostgresDatabase database) : IClusterMembership
{
    private const string HeartbeatSql = """
        INSERT INTO cluster_nodes (id, address, version, roles, status, started_at, heartbeat_at, in_flight, open_streams, config_version)
        VALUES (@id, @address, @version, @roles, @status, @started, @heartbeat, @in_flight, @open_streams, @config)
        ON CONFLICT (id) DO UPDATE SET
            address = EXCLUDED.address, version = EXCLUDED.version, roles = EXCLUDED.roles, status = EXCLUDED.status,
            started_at = EXCLUDED.started_at, heartbeat_at = EXCLUDED.heartbeat_at, in_flight = EXCLUDED.in_flight,
            open_streams = EXCLUDED.open_streams, config_version = EXCLUDED.config_version
        """;

    private const string MarkDeadSql = """
        UPDATE cluster_nodes SET status = 'dead'
        WHERE status IN ('alive', 'leaving') AND heartbeat_at < @before
        RETURNING id
        """;

    private const string ListSql = """
        SELECT id, address, version, roles, status, started_at, heartbeat_at, in_flight, open_streams, config_version
        FROM cluster_nodes
        ORDER BY status <> 'alive', id COLLATE "C"
        """;

    private const string RecoverSql = """
        DELETE FROM sessions WHERE id IN (SELECT session_id FROM cluster_streams WHERE node_id = @node) RETURNING id
        """;

    public async Task HeartbeatAsync(ClusterNode node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            null,
            HeartbeatSql,
            cancellationToken,
            P("id", node.Id),
            P("address", node.Address),
            P("version", node.Version),
            new NpgsqlParameter("roles", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = node.Roles.ToArray() },
            P("status", Name(node.Status)),
            P("started", node.StartedAt.ToUniversalTime()),
            P("heartbeat", node.HeartbeatAt.ToUniversalTime()),
            P("in_flight", node.InFlight),
            P("open_streams", node.OpenStreams),
            P("config", node.ConfigVersion));
    }

    public async Task SetStatusAsync(string nodeId, NodeStatus status, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            null, "UPDATE cluster_nodes SET status = @status, heartbeat_at = @at WHERE id = @id", cancellationToken,
            P("id", nodeId), P("status", Name(status)), P("at", at.ToUniversalTime()));
    }

    public async Task<IReadOnlyList<string>> MarkDeadAsync(DateTimeOffset heartbeatBefore, DateTimeOffset forgetBefore, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var dead = await connection.QueryAsync(null, MarkDeadSql, r => r.GetString(0), cancellationToken, P("before", heartbeatBefore.ToUniversalTime()));
        await connection.ExecuteAsync(
            null, "DELETE FROM cluster_nodes WHERE status IN ('dead', 'left') AND heartbeat_at < @before", cancellationToken,
            P("before", forgetBefore.ToUniversalTime()));
        return dead;
    }

    public async Task<IReadOnlyList<ClusterNode>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryAsync(null, ListSql, Read, cancellationToken);
    }

    public async Task ClaimStreamAsync(string sessionId, string nodeId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            null,
            "INSERT INTO cluster_streams (session_id, node_id, opened_at) VALUES (@session, @node, @at) ON CONFLICT (session_id) DO UPDATE SET node_id = EXCLUDED.node_id",
            cancellationToken,
            P("session", sessionId), P("node", nodeId), P("at", at.ToUniversalTime()));
    }

    public async Task<IReadOnlyList<string>> RecoverStreamsAsync(string nodeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryAsync(null, RecoverSql, r => r.GetString(0), cancellationToken, P("node", nodeId));
    }

    private static ClusterNode Read(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Address = reader.GetString(1),
        Version = reader.GetString(2),
        Roles = reader.GetFieldValue<string[]>(3),
        Status = Enum.Parse<NodeStatus>(reader.GetString(4), ignoreCase: true),
        StartedAt = reader.GetFieldValue<DateTimeOffset>(5),
        HeartbeatAt = reader.GetFieldValue<DateTimeOffset>(6),
        InFlight = reader.GetInt32(7),
        OpenStreams = reader.GetInt32(8),
        ConfigVersion = reader.GetString(9),
    };

    private static string Name(NodeStatus status) => status.ToString().ToLowerInvariant();
}
