using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Core.Audit;
using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Admin;

/// <summary>
/// <c>GET /admin/audit</c>: the audit log, newest first, filtered by <c>user</c>, <c>tool</c> (tool or prompt name,
/// resource URI), <c>decision</c>, <c>outcome</c>, <c>from</c> and <c>to</c> (ISO 8601 times, <c>to</c> exclusive);
/// <c>limit</c> records per page (1–1000, default 100) and the <c>cursor</c> of the previous page's <c>next_cursor</c>.
/// </summary>
internal static class AuditEndpoints
{
    public const int MaxLimit = 1000;

    private static readonly TimeSpan StoredWait = TimeSpan.FromSeconds(5);

    public static void MapAuditEndpoints(this RouteGroupBuilder admin) =>
        admin.MapGet("/audit", async (HttpContext http, IAuditStore store, AuditWriter writer) =>
        {
            var (query, error) = ParseQuery(http.Request.Query);
            if (query is null)
            {
                await JsonRpcWriter.WriteJsonAsync(http, StatusCodes.Status400BadRequest, new JsonObject
                {
                    ["error"] = new JsonObject { ["kind"] = "invalid_params", ["message"] = error },
                });
                return;
            }

            // Every call answered before this request is in the page (on the embedded engine, its record may still
            // be on its way from the journal into the log).
            await writer.WaitUntilStoredAsync(StoredWait, http.RequestAborted);
            var page = await store.QueryAsync(query, http.RequestAborted);
            var records = new JsonArray();
            foreach (var entry in page.Entries)
            {
                var json = JsonSerializer.SerializeToNode(entry.Record, AuditJson.Default.AuditRecord)!.AsObject();
                json["id"] = entry.Id;
                json["chain"] = entry.Chain;
                json["seq"] = entry.Sequence;
                json["hash"] = entry.Hash;
                records.Add(json);
            }

            await JsonRpcWriter.WriteJsonAsync(http, StatusCodes.Status200OK, new JsonObject
            {
                ["records"] = records,
                ["next_cursor"] = page.NextBeforeId?.ToString(CultureInfo.InvariantCulture),
            });
        });

    internal static (AuditQuery? Query, string? Error) ParseQuery(IQueryCollection parameters)
    {
        string? Text(string name) => parameters[name].ToString() is { Length: > 0 } value ? value : null;
        var known = new HashSet<string>(["user", "tool", "decision", "outcome", "from", "to", "limit", "cursor"], StringComparer.Ordinal);
        if (parameters.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            return (null, $"Unknown parameter '{unknown}'; use {string.Join(", ", known)}");
        }

        if (parameters.Any(p => p.Value.Count > 1))
        {
            return (null, "Each parameter may be given once");
        }

        var query = new AuditQuery { UserId = Text("user"), Name = Text("tool"), Decision = Text("decision"), Outcome = Text("outcome") };
        if (query.Decision is not (null or "allow" or "deny" or "approval_required" or "approved"))
        {
            return (null, "'decision' must be allow, deny, approval_required or approved");
        }

        if (query.Outcome is not (null or "success" or "tool_error" or "error"))
        {
            return (null, "'outcome' must be success, tool_error or error");
        }

        foreach (var (name, apply) in new (string, Func<DateTimeOffset, AuditQuery>)[] { ("from", t => query with { From = t }), ("to", t => query with { To = t }) })
        {
            if (Text(name) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
                {
                    return (null, $"'{name}' must be an ISO 8601 time, e.g. 2026-03-01T08:00:00Z");
                }

                query = apply(time);
            }
        }

        if (Text("limit") is { } limit)
        {
            if (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < 1 or > MaxLimit)
            {
                return (null, $"'limit' must be a whole number from 1 to {MaxLimit}");
            }

            query = query with { Limit = value };
        }

        if (Text("cursor") is { } cursor)
        {
            if (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var before) || before < 1)
            {
                return (null, "'cursor' must be the next_cursor of a previous page");
            }

            query = query with { BeforeId = before };
        }

        return (query, null);
    }
}
