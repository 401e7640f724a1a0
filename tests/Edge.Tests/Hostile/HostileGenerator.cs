using System.Globalization;
using System.Text;

namespace McpGateway.Edge.Tests.Hostile;

/// <summary>
/// A seeded generator of hostile requests: broken and odd bodies (truncated JSON, duplicate member names at random
/// depths, lone surrogates escaped and raw invalid UTF-8, deep nesting, huge numbers, wrong types for
/// <c>jsonrpc</c>/<c>id</c>/<c>method</c>/<c>params</c>, unknown and random methods, params of every wrong shape,
/// <c>tools/call</c> with hostile arguments), hostile headers (wrong or missing Content-Type and Accept, junk
/// MCP-Protocol-Version, Mcp-Method/Mcp-Name mismatches, junk Mcp-Session-Id and tokens, oversized headers, random HTTP
/// methods and paths) and 2025-03-26 batches (valid and invalid elements mixed, long batches), on every endpoint.
/// Case <c>n</c> of a seed is always the same request: each case draws from its own generator seeded from the run's.
/// </summary>
public sealed class HostileGenerator(int seed, HostileTargets targets)
{
    private static readonly string[] Revisions = ["2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26"];

    private static readonly string[] Methods =
    [
        "initialize", "ping", "tools/list", "tools/call", "prompts/list", "prompts/get", "resources/list", "resources/read",
        "resources/templates/list", "resources/subscribe", "completion/complete", "logging/setLevel", "server/discover",
        "notifications/initialized", "notifications/cancelled", "tasks/get", "tasks/list", "subscriptions/listen",
    ];

    private readonly Random _runRandom = new(seed);

    private Random _random = new(0);

    public int Seed => seed;

    /// <summary>The next case (call from one thread: the sequence of a seed is fixed).</summary>
    public HostileCase Next(int index)
    {
        _random = new Random(_runRandom.Next());
        return _random.Next(100) switch
        {
            < 30 => Stateless(index),
            < 42 => SessionRequest(index),
            < 52 => Batch(index),
            < 60 => Legacy(index),
            < 68 => Invoke(index),
            < 73 => Initialize(index),
            < 80 => Admin(index),
            < 84 => IssueToken(index),
            < 90 => Observability(index),
            < 95 => Scoped(index),
            _ => RandomRequest(index),
        };
    }

    // ---- endpoints ----

    private HostileCase Stateless(int index)
    {
        var (kind, method, body) = Message(stateless: true);
        var headers = BaseHeaders();
        headers.Add(new("MCP-Protocol-Version", Chance(85) ? "2026-07-28" : JunkVersion()));
        headers.Add(new("Mcp-Method", Chance(85) ? method : RandomMethod()));
        if (Chance(70))
        {
            headers.Add(new("Mcp-Name", Chance(80) ? Pick(targets.Tools) : Junk(Range(0, 40))));
        }

        return Mutate(new HostileCase(index, "stateless/" + kind, "POST", "/mcp", headers, body));
    }

    private HostileCase SessionRequest(int index)
    {
        var (kind, _, body) = Message(stateless: false);
        var headers = BaseHeaders();
        var (session, revision) = _random.Next(4) switch
        {
            0 => (targets.Session0326, "2025-03-26"),
            1 => (targets.Session1125, "2025-11-25"),
            2 => (Junk(Range(1, 80)), Pick(Revisions)),
            _ => (targets.Session1125, Chance(50) ? JunkVersion() : "2025-03-26"),
        };
        if (Chance(90))
        {
            headers.Add(new("Mcp-Session-Id", session));
        }

        headers.Add(new("MCP-Protocol-Version", revision));
        var method = Chance(85) ? "POST" : Pick(["GET", "DELETE"]);
        return Mutate(new HostileCase(index, "session/" + kind, method, "/mcp", headers, method == "POST" ? body : null));
    }

    private HostileCase Batch(int index)
    {
        var count = Chance(10) ? Range(200, 3000) : Range(0, 40);
        var elements = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            elements.Add(_random.Next(5) switch
            {
                0 => ValidCall(i),
                1 => $$"""{"jsonrpc":"2.0","id":{{i}},"method":"tools/list"}""",
                2 => $$"""{"jsonrpc":"2.0","method":"notifications/{{Junk(5)}}"}""",
                3 => Message(stateless: false).Body is var m ? Encoding.UTF8.GetString(m) : "",
                _ => Value(3),
            });
        }

        var headers = BaseHeaders();
        headers.Add(new("Mcp-Session-Id", Chance(90) ? targets.Session0326 : targets.Session1125));
        headers.Add(new("MCP-Protocol-Version", "2025-03-26"));
        var text = "[" + string.Join(",", elements) + "]";
        return Mutate(new HostileCase(index, count > 100 ? "batch/long" : "batch/mixed", "POST", "/mcp", headers, Utf8(text)));
    }

    private HostileCase Legacy(int index)
    {
        var (kind, _, body) = Message(stateless: false);
        var headers = new List<KeyValuePair<string, string>> { new("Authorization", Token()) };
        ContentType(headers);
        var path = Chance(85) ? targets.LegacyMessagesPath : _random.Next(3) switch
        {
            0 => "/messages",
            1 => "/messages?sessionId=" + Uri.EscapeDataString(Junk(Range(0, 70))),
            _ => "/" + Pick(targets.Scopes) + "/messages?sessionId=" + Junk(10),
        };
        return Mutate(new HostileCase(index, "legacy/" + kind, "POST", path, headers, body));
    }

    private HostileCase Invoke(int index)
    {
        var members = new List<string>();
        if (Chance(90))
        {
            members.Add("\"tool_name\":" + (Chance(80) ? Quote(Pick(targets.Tools)) : Value(2)));
        }

        if (Chance(85))
        {
            members.Add("\"arguments\":" + (Chance(75) ? HostileObject(Range(1, 6)) : Value(3)));
        }

        if (Chance(15))
        {
            members.Add("\"async\":" + Value(1));
        }

        if (Chance(10))
        {
            members.Add("\"approval_id\":" + Value(1));
        }

        if (Chance(20))
        {
            members.Add(Quote(Junk(6)) + ":" + Value(2));
        }

        var headers = new List<KeyValuePair<string, string>> { new("Authorization", Token()) };
        ContentType(headers);
        return Mutate(new HostileCase(index, "invoke", "POST", "/mcp/invoke", headers, Utf8(ObjectText(members))));
    }

    private HostileCase Initialize(int index)
    {
        var capabilities = Chance(10) ? Utf8Size(Range(100_000, 2_000_000)) : HostileObject(Range(1, 5));
        var clientInfo = Chance(70) ? $$"""{"name":{{Str()}},"version":{{Value(1)}}}""" : Value(3);
        var body = $$$"""{"jsonrpc":"2.0","id":{{{Id()}}},"method":"initialize","params":{"protocolVersion":{{{(Chance(70) ? Quote(Pick(Revisions)) : Value(1))}}},"capabilities":{{{capabilities}}},"clientInfo":{{{clientInfo}}}}}""";
        return Mutate(new HostileCase(index, "initialize", "POST", Chance(80) ? "/mcp" : "/" + Pick(targets.Scopes) + "/mcp", BaseHeaders(), Utf8(body)));
    }

    private HostileCase Admin(int index)
    {
        var headers = new List<KeyValuePair<string, string>> { new("Authorization", Chance(70) ? "Bearer " + targets.AdminToken : Token()) };
        var (method, path, body) = _random.Next(6) switch
        {
            0 => ("GET", "/admin/audit?" + Query(), (byte[]?)null),
            1 => ("GET", Pick(["/admin/limits", "/admin/backends", "/admin/cluster", "/admin/approvals", "/admin/config", "/admin/jobs", "/admin/quotas?limit=" + Pick(["0", "101", "-1", "x", "5"])]), null),
            2 => Chance(50)
                ? ("GET", "/admin/approvals/" + Uri.EscapeDataString(Junk(Range(0, 60))), null)
                : ("POST", "/admin/jobs/" + Uri.EscapeDataString(Junk(Range(1, 60))) + "/cancel", null),
            3 => ("POST", "/admin/approvals/" + Uri.EscapeDataString(Junk(Range(1, 40))) + Pick(["/approve", "/reject"]), Utf8(Value(3))),
            4 => (RandomHttpMethod(), "/admin/" + Junk(Range(0, 20)), null),
            _ => ("GET", "/admin/audit?limit=" + Pick(["0", "-1", "1001", "1e3", "99999999999999999999", "", "abc"]) + "&cursor=" + Pick(["0", "-5", "x", "18446744073709551616"]), null),
        };
        if (body is not null)
        {
            ContentType(headers);
        }

        return Mutate(new HostileCase(index, "admin", method, path, headers, body));
    }

    private HostileCase IssueToken(int index)
    {
        var headers = new List<KeyValuePair<string, string>> { new("X-Issuer-Token", Chance(80) ? targets.IssuerToken : Junk(Range(0, 40))) };
        ContentType(headers);
        var members = new List<string>();
        if (Chance(85))
        {
            members.Add("\"user_id\":" + (Chance(70) ? Quote("fuzz-" + Range(0, 5)) : Value(2)));
        }

        if (Chance(70))
        {
            members.Add("\"roles\":" + (Chance(60) ? "[\"developer\"]" : Value(3)));
        }

        if (Chance(40))
        {
            members.Add("\"workspace\":" + Value(1));
        }

        if (Chance(40))
        {
            members.Add("\"expires_in_seconds\":" + Number());
        }

        if (Chance(30))
        {
            members.Add("\"api_version\":" + Value(1));
        }

        var body = Chance(70) ? ObjectText(members) : Value(4);
        return Mutate(new HostileCase(index, "token", "POST", "/token", headers, Utf8(body)));
    }

    private HostileCase Observability(int index)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (Chance(70))
        {
            headers.Add(new("Authorization", Token()));
        }

        var path = Pick(["/metrics", "/health/live", "/health/ready", "/health/" + Junk(6), "/metrics?" + Query(), "/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/" + Junk(8) + "/mcp"]);
        // Random method names (the metrics' label) on the observability paths and elsewhere.
        var method = Chance(60) ? "GET" : RandomHttpMethod();
        return new HostileCase(index, "observability", method, path, headers, null);
    }

    private HostileCase Scoped(int index)
    {
        var (kind, method, body) = Message(stateless: true);
        var headers = BaseHeaders();
        headers.Add(new("MCP-Protocol-Version", "2026-07-28"));
        headers.Add(new("Mcp-Method", method));
        var scope = Chance(80) ? Pick(targets.Scopes) : Uri.EscapeDataString(Junk(Range(1, 30)));
        return Mutate(new HostileCase(index, "scoped/" + kind, Chance(90) ? "POST" : Pick(["GET", "DELETE", "PUT"]), "/" + scope + "/mcp", headers, body));
    }

    private HostileCase RandomRequest(int index)
    {
        var headers = BaseHeaders();
        var path = _random.Next(4) switch
        {
            0 => "/" + Uri.EscapeDataString(Junk(Range(0, 50))),
            1 => "/" + string.Join("/", Enumerable.Range(0, Range(1, 12)).Select(_ => Uri.EscapeDataString(Junk(Range(1, 10))))),
            2 => Pick(["/mcp", "/sse", "/messages", "/mcp/invoke", "/jobs", "/jobs/" + Junk(8), "/jobs/" + Junk(8) + "/result", "/token"]),
            _ => "/mcp/" + Uri.EscapeDataString(Junk(Range(1, 20))),
        };
        var method = RandomHttpMethod();
        return Mutate(new HostileCase(index, "random", method, path, headers, method is "GET" or "HEAD" ? null : Utf8(Value(3))));
    }

    // ---- bodies ----

    private (string Kind, string Method, byte[] Body) Message(bool stateless)
    {
        var method = _random.Next(10) switch
        {
            < 5 => "tools/call",
            < 8 => Pick(Methods),
            _ => RandomMethod(),
        };
        var meta = stateless && Chance(85)
            ? $$"""{"io.modelcontextprotocol/protocolVersion":{{(Chance(90) ? "\"2026-07-28\"" : Value(1))}},"io.modelcontextprotocol/clientCapabilities":{{(Chance(90) ? "{}" : Value(2))}}}"""
            : null;
        string parameters;
        string kind;
        if (method == "tools/call" && Chance(80))
        {
            kind = "call";
            var members = new List<string> { "\"name\":" + (Chance(85) ? Quote(Pick(targets.Tools)) : Value(1)), "\"arguments\":" + (Chance(80) ? HostileObject(Range(1, 6)) : Value(3)) };
            if (meta is not null)
            {
                members.Add("\"_meta\":" + meta);
            }

            parameters = ObjectText(members);
        }
        else
        {
            kind = "params";
            parameters = _random.Next(6) switch
            {
                0 => meta is null ? "{}" : $$"""{"_meta":{{meta}}}""",
                1 => Value(3),
                2 => HostileObject(Range(1, 5)),
                3 => Nested(Range(60, 400)),
                4 => "[" + Value(2) + "]",
                _ => meta is null ? HostileObject(2) : $$"""{"_meta":{{meta}},"name":{{Str()}},"uri":{{Str()}},"cursor":{{Value(1)}}}""",
            };
        }

        var members2 = new List<string>();
        if (Chance(92))
        {
            members2.Add("\"jsonrpc\":" + (Chance(90) ? "\"2.0\"" : Value(1)));
        }

        if (Chance(90))
        {
            members2.Add("\"id\":" + Id());
        }

        if (Chance(95))
        {
            members2.Add("\"method\":" + (Chance(92) ? Quote(method) : Value(1)));
        }

        if (Chance(90))
        {
            members2.Add("\"params\":" + parameters);
        }

        if (Chance(5))
        {
            members2.Add("\"result\":" + Value(2));
        }

        if (Chance(5))
        {
            members2.Add("\"error\":" + Value(2));
        }

        return (kind, method, Utf8(ObjectText(members2)));
    }

    private string ValidCall(int id) =>
        $$$"""{"jsonrpc":"2.0","id":{{{id}}},"method":"tools/call","params":{"name":{{{Quote(Pick(targets.Tools))}}},"arguments":{"message":"m{{{id}}}"} }}""";

    /// <summary>An object of hostile members: duplicate names at random depths, lone surrogates, huge numbers, nesting.</summary>
    private string HostileObject(int depth)
    {
        var members = new List<string>();
        var count = Range(0, 6);
        for (var i = 0; i < count; i++)
        {
            var name = Chance(70) ? Pick(["message", "tag", "a", "b", "n", "x"]) : StrText();
            var value = depth > 1 && Chance(40) ? HostileObject(depth - 1) : Value(Math.Max(0, depth - 1));
            members.Add(Quote(name) + ":" + value);
            if (Chance(12))
            {
                members.Add(Quote(name) + ":" + Value(1));
            }
        }

        if (Chance(8))
        {
            members.Add("\"deep\":" + Nested(Range(60, 300)));
        }

        return ObjectText(members);
    }

    private string Value(int depth) => _random.Next(depth > 0 ? 9 : 6) switch
    {
        0 => Number(),
        1 => Str(),
        2 => Pick(["true", "false", "null"]),
        3 => Str(),
        4 => Number(),
        5 => Pick(["\"\"", "{}", "[]", "0"]),
        6 => "[" + string.Join(",", Enumerable.Range(0, Range(0, 5)).Select(_ => Value(depth - 1))) + "]",
        7 => HostileObject(depth),
        _ => ObjectText(Enumerable.Range(0, Range(0, 4)).Select(_ => Quote(StrText()) + ":" + Value(depth - 1)).ToList()),
    };

    private string Number() => _random.Next(10) switch
    {
        0 => "1e400",
        1 => "-1e400",
        2 => "123456789012345678901234567890123456789012345678901234567890",
        3 => "9007199254740993",
        4 => "-0",
        5 => "1E-400",
        6 => "0." + new string('1', Range(1, 400)),
        7 => Range(int.MinValue, int.MaxValue).ToString(CultureInfo.InvariantCulture),
        8 => "1.5",
        _ => new string('9', Range(20, 2000)),
    };

    /// <summary>A JSON string literal, sometimes with lone surrogate escapes or odd characters.</summary>
    private string Str() => _random.Next(8) switch
    {
        0 => "\"\\ud800\"",
        1 => "\"x\\udc00y\"",
        2 => "\"\\ud83d\\ude00\\ud83d\"",
        3 => Quote(new string('s', Range(0, 5000))),
        4 => "\"\\u0000\\n\\t\\\"\"",
        _ => Quote(StrText()),
    };

    private string StrText() => _random.Next(4) switch
    {
        0 => "",
        1 => Junk(Range(1, 16)),
        2 => "üñí©ødé-" + Range(0, 99),
        _ => Pick(["__proto__", "constructor", "$ref", "../../etc/passwd", "${env:SECRET}", "a.b", "tools/call"]),
    };

    /// <summary><paramref name="depth"/> nested arrays and objects.</summary>
    private string Nested(int depth)
    {
        var open = new StringBuilder();
        var close = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            if (Chance(50))
            {
                open.Append('[');
                close.Insert(0, ']');
            }
            else
            {
                open.Append("{\"d\":");
                close.Insert(0, '}');
            }
        }

        return open + "1" + close;
    }

    private string Id() => _random.Next(12) switch
    {
        < 7 => Range(0, 1_000_000).ToString(CultureInfo.InvariantCulture),
        7 => Quote(Junk(Range(0, 20))),
        8 => "null",
        9 => Value(2),
        10 => Number(),
        _ => "true",
    };

    private static string ObjectText(IEnumerable<string> members) => "{" + string.Join(",", members) + "}";

    private string Utf8Size(int bytes) => "{\"pad\":\"" + new string('c', bytes) + "\"}";

    // ---- text-level mutations of a whole request ----

    /// <summary>Most cases go as generated; the rest have their body broken or their headers spoiled.</summary>
    private HostileCase Mutate(HostileCase request)
    {
        var body = request.Body;
        var headers = request.Headers.ToList();
        var kind = request.Kind;
        if (body is not null && Chance(25))
        {
            (body, var how) = _random.Next(8) switch
            {
                0 => (body[..Range(0, body.Length)], "truncated"),
                1 => (InsertBytes(body, Pick<byte[]>([[0xff], [0xc3, 0x28], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82]])), "invalid-utf8"),
                2 => ([0xef, 0xbb, 0xbf, .. body], "bom"),
                3 => (Encoding.UTF8.GetBytes(Nested(Range(100, 3000))), "deep"),
                4 => (RandomBytes(Range(0, 300)), "random-bytes"),
                5 => (Utf8(" \t\r\n" + Encoding.UTF8.GetString(body) + "\n\n"), "whitespace"),
                6 => (Utf8(Encoding.UTF8.GetString(body) + Pick(["{}", "]", ",", "garbage", "\0"])), "trailing"),
                _ => (Array.Empty<byte>(), "empty"),
            };
            kind += "+" + how;
        }

        if (Chance(20))
        {
            switch (_random.Next(7))
            {
                case 0:
                    headers.RemoveAll(h => h.Key == "Content-Type");
                    if (Chance(60))
                    {
                        headers.Add(new("Content-Type", Pick(["text/plain", "application/xml", "application/json; charset=latin1", "application/jsonx", "multipart/form-data", "*/*", Junk(12)])));
                    }

                    kind += "+content-type";
                    break;
                case 1:
                    headers.RemoveAll(h => h.Key == "Accept");
                    if (Chance(60))
                    {
                        headers.Add(new("Accept", Pick(["text/html", "application/json", "text/event-stream", "*/*", Junk(10)])));
                    }

                    kind += "+accept";
                    break;
                case 2:
                    headers.RemoveAll(h => h.Key == "MCP-Protocol-Version");
                    headers.Add(new("MCP-Protocol-Version", JunkVersion()));
                    kind += "+version";
                    break;
                case 3:
                    headers.Add(new("X-Junk-" + Range(0, 9), new string('h', Range(8_000, 70_000))));
                    kind += "+oversized-header";
                    break;
                case 4:
                    headers.RemoveAll(h => h.Key == "Authorization");
                    if (Chance(70))
                    {
                        headers.Add(new("Authorization", Pick(["Bearer " + Junk(40), "Bearer", "Basic YTpi", "Bearer a.b.c", "bearer " + targets.AdminToken + "x", Junk(20)])));
                    }

                    kind += "+auth";
                    break;
                case 5:
                    headers.Add(new("Mcp-Session-Id", Junk(Range(0, 300))));
                    kind += "+session-id";
                    break;
                default:
                    headers.Add(new(Pick(["Mcp-Method", "Mcp-Name", "X-Correlation-ID", "traceparent", "tracestate", "Origin", "Last-Event-ID"]), Junk(Range(0, 600))));
                    kind += "+header";
                    break;
            }
        }

        return request with { Kind = kind, Body = body, Headers = headers };
    }

    private byte[] InsertBytes(byte[] body, byte[] bytes)
    {
        // Inside a string when there is one (where a decoder meets it), else anywhere.
        var at = Array.IndexOf(body, (byte)'"', Range(0, Math.Max(1, body.Length)));
        at = at < 0 ? Range(0, body.Length + 1) : at + 1;
        return [.. body[..at], .. bytes, .. body[at..]];
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    // ---- headers ----

    private List<KeyValuePair<string, string>> BaseHeaders()
    {
        var headers = new List<KeyValuePair<string, string>> { new("Authorization", Token()) };
        ContentType(headers);
        headers.Add(new("Accept", "application/json, text/event-stream"));
        return headers;
    }

    private void ContentType(List<KeyValuePair<string, string>> headers) => headers.Add(new("Content-Type", "application/json"));

    private string Token() => _random.Next(10) switch
    {
        < 5 => "Bearer " + targets.AdminToken,
        < 7 => "Bearer " + targets.DeveloperToken,
        7 => "Bearer " + targets.RolelessToken,
        8 => "Bearer " + Junk(Range(0, 60)),
        _ => "",
    };

    private string JunkVersion() => Pick(["", "2024-11-05", "1999-01-01", "2026-07-29", "latest", "2025-03-26,2025-11-25", Junk(Range(1, 30))]);

    private string RandomMethod() => Pick(["", "tools", "tools/", "/", "rpc.discover", "$/cancel", "notifications/" + Junk(5), Junk(Range(1, 40)), new string('m', Range(100, 3000))]);

    private string RandomHttpMethod() => Pick(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE", "PROPFIND", "BREW", "M" + Range(0, 1_000_000), "X" + Letters(Range(1, 12))]);

    private string Query() => string.Join("&", Enumerable.Range(0, Range(0, 5)).Select(_ =>
        Pick(["user", "tool", "decision", "outcome", "from", "to", "limit", "cursor", Junk(4)]) + "=" + Uri.EscapeDataString(Junk(Range(0, 20)))));

    // ---- randomness ----

    /// <summary>Printable ASCII letters and a few separators, safe in a header value and a URL once escaped.</summary>
    private string Junk(int length)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~!$'()*+,;=:@ ";
        var text = new char[length];
        for (var i = 0; i < length; i++)
        {
            text[i] = alphabet[_random.Next(alphabet.Length)];
        }

        return new string(text).Trim();
    }

    private string Letters(int length) => new([.. Enumerable.Range(0, length).Select(_ => (char)('A' + _random.Next(26)))]);

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private bool Chance(int percent) => _random.Next(100) < percent;

    private int Range(int from, int to) => from >= to ? from : _random.Next(from, to);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
