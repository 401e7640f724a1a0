using System.Text.Json.Nodes;
using McpGateway.Core.Sessions;
using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Embedded;

/// <summary>The SQL of <see cref="SqliteSessionStore"/> and the mapping between rows and <see cref="SessionRecord"/>.</summary>
internal sealed partial class SqliteSessionStore
{
    private const int SqliteConstraintError = 19;

    private const string Columns =
        "id, protocol_version, scope, owner, client_info, client_capabilities, initialized, log_level, subscriptions, created_at, last_seen_at";

    private const string SelectSql = $"SELECT {Columns} FROM sessions WHERE id = $id";

    // One statement: SQLite runs it under its write lock, so the count cannot go stale even with another process.
    private const string InsertUnderCapSql =
        $"""
        INSERT INTO sessions ({Columns})
        SELECT $id, $protocol_version, $scope, $owner, $client_info, $client_capabilities, $initialized, $log_level, $subscriptions, $created_at, $last_seen
        WHERE (SELECT count(*) FROM sessions WHERE owner = $owner) < $max_per_owner
        """;

    private const string InsertSql =
        $"""
        INSERT INTO sessions ({Columns})
        VALUES ($id, $protocol_version, $scope, $owner, $client_info, $client_capabilities, $initialized, $log_level, $subscriptions, $created_at, $last_seen)
        """;

    // id, owner, scope, protocol version and creation time are fixed when the session is created.
    private const string UpdateSql =
        """
        UPDATE sessions
        SET client_info = $client_info, client_capabilities = $client_capabilities, initialized = $initialized,
            log_level = $log_level, subscriptions = $subscriptions, last_seen_at = max(last_seen_at, $last_seen)
        WHERE id = $id
        """;

    // max(): a late, coalesced write must never move activity backwards.
    private const string TouchSql = "UPDATE sessions SET last_seen_at = max(last_seen_at, $last_seen) WHERE id = $id";

    private static (string, object?)[] SessionParameters(SessionRecord session) =>
    [
        ("$id", session.Id),
        ("$protocol_version", session.ProtocolVersion),
        ("$scope", session.Scope),
        ("$owner", session.OwnerUserId),
        ("$client_info", session.ClientInfo?.ToJsonString()),
        ("$client_capabilities", session.ClientCapabilities?.ToJsonString()),
        ("$initialized", session.Initialized),
        ("$log_level", session.LogLevel),
        ("$subscriptions", new JsonArray([.. session.Subscriptions.Select(s => JsonValue.Create(s))]).ToJsonString()),
        ("$created_at", session.CreatedAt.ToUnixTimeMilliseconds()),
        ("$last_seen", session.LastSeenAt.ToUnixTimeMilliseconds()),
    ];

    private static SessionRecord ReadSession(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        ProtocolVersion = r.GetString(1),
        Scope = r.IsDBNull(2) ? null : r.GetString(2),
        OwnerUserId = r.GetString(3),
        ClientInfo = ReadObject(r, 4),
        ClientCapabilities = ReadObject(r, 5),
        Initialized = r.GetBoolean(6),
        LogLevel = r.IsDBNull(7) ? null : r.GetString(7),
        Subscriptions = [.. JsonNode.Parse(r.GetString(8))!.AsArray().Select(n => n!.GetValue<string>())],
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(9)),
        LastSeenAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(10)),
    };

    private static JsonObject? ReadObject(SqliteDataReader r, int ordinal) =>
        r.IsDBNull(ordinal) ? null : JsonNode.Parse(r.GetString(ordinal))!.AsObject();
}
