using System.Text.Json.Nodes;
using McpGateway.Core.Sessions;
using Npgsql;
using NpgsqlTypes;
using static McpGateway.Storage.Postgres.NpgsqlCommandExtensions;

namespace McpGateway.Storage.Postgres;

/// <summary>The SQL of <see cref="PostgresSessionStore"/> and the mapping between rows and <see cref="SessionRecord"/>.</summary>
internal sealed partial class PostgresSessionStore
{
    private const string Columns =
        "id, protocol_version, scope, owner, client_info, client_capabilities, initialized, log_level, subscriptions, created_at, last_seen_at";

    private const string SelectSql = $"SELECT {Columns} FROM sessions WHERE id = @id";

    // Under a transaction-level advisory lock on the owner: creations for one owner on any node are serialised.
    private const string LockOwnerSql = "SELECT pg_advisory_xact_lock(hashtextextended('sessions-of:' || @owner, 0))";

    private const string CountOwnedSql = "SELECT count(*) FROM sessions WHERE owner = @owner";

    private const string InsertSql =
        $"""
        INSERT INTO sessions ({Columns})
        VALUES (@id, @protocol_version, @scope, @owner, @client_info, @client_capabilities, @initialized, @log_level, @subscriptions, @created_at, @last_seen)
        """;

    // id, owner, scope, protocol version and creation time are fixed when the session is created.
    private const string UpdateSql =
        """
        UPDATE sessions
        SET client_info = @client_info, client_capabilities = @client_capabilities, initialized = @initialized,
            log_level = @log_level, subscriptions = @subscriptions, last_seen_at = GREATEST(last_seen_at, @last_seen)
        WHERE id = @id
        RETURNING last_seen_at
        """;

    // GREATEST: a late, coalesced write must never move activity backwards.
    private const string TouchSql = "UPDATE sessions SET last_seen_at = GREATEST(last_seen_at, @last_seen) WHERE id = @id";

    private static NpgsqlParameter[] TouchParameters(string sessionId, DateTimeOffset at) => [P("id", sessionId), P("last_seen", at.ToUniversalTime())];

    private static NpgsqlParameter[] SessionParameters(SessionRecord session) =>
    [
        P("id", session.Id),
        P("protocol_version", session.ProtocolVersion),
        P("scope", session.Scope),
        P("owner", session.OwnerUserId),
        Json("client_info", session.ClientInfo),
        Json("client_capabilities", session.ClientCapabilities),
        P("initialized", session.Initialized),
        P("log_level", session.LogLevel),
        P("subscriptions", session.Subscriptions.ToArray()),
        P("created_at", session.CreatedAt.ToUniversalTime()),
        P("last_seen", session.LastSeenAt.ToUniversalTime()),
    ];

    private static NpgsqlParameter Json(string name, JsonObject? value) =>
        new(name, NpgsqlDbType.Json) { Value = (object?)value?.ToJsonString() ?? DBNull.Value };

    private static SessionRecord ReadSession(NpgsqlDataReader r) => new()
    {
        Id = r.GetString(0),
        ProtocolVersion = r.GetString(1),
        Scope = r.IsDBNull(2) ? null : r.GetString(2),
        OwnerUserId = r.GetString(3),
        ClientInfo = ReadObject(r, 4),
        ClientCapabilities = ReadObject(r, 5),
        Initialized = r.GetBoolean(6),
        LogLevel = r.IsDBNull(7) ? null : r.GetString(7),
        Subscriptions = r.GetFieldValue<string[]>(8),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(9),
        LastSeenAt = r.GetFieldValue<DateTimeOffset>(10),
    };

    private static JsonObject? ReadObject(NpgsqlDataReader r, int ordinal) =>
        r.IsDBNull(ordinal) ? null : JsonNode.Parse(r.GetString(ordinal))!.AsObject();
}
