using System.Text;
using McpGateway.Edge.Bridge;

namespace McpGateway.Edge.Cli;

/// <summary>
/// <c>mcpgw bridge --endpoint URL [--token T | --issuer-url URL --user-id ID [--roles a,b] [--issuer-token X]]</c>: a
/// stdio MCP server for local clients that forwards to a gateway endpoint. The token may also come from
/// <c>MCPGW_TOKEN</c>, or be fetched once from a development issuer (<c>POST /token</c>, admin token from
/// <c>--issuer-token</c> or <c>MCPGW_ISSUER_TOKEN</c>). It is sent as a bearer token and never logged.
/// </summary>
internal static class BridgeCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Arg(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        if (Arg("--endpoint") is not { } endpointText || !Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            await Console.Error.WriteLineAsync("usage: mcpgw bridge --endpoint http(s)://host:port/[scope/]mcp [--token TOKEN | --issuer-url URL --user-id ID [--roles a,b] [--issuer-token X]]");
            return 2;
        }

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var token = Arg("--token") ?? Environment.GetEnvironmentVariable("MCPGW_TOKEN");
        if (token is null && Arg("--issuer-url") is { } issuer)
        {
            token = await FetchTokenAsync(http, issuer, Arg("--user-id"), Arg("--roles"), Arg("--issuer-token") ?? Environment.GetEnvironmentVariable("MCPGW_ISSUER_TOKEN"));
            if (token is null)
            {
                return 2;
            }
        }

        var input = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
        var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = false };
        using var stopping = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stopping.Cancel();
        };
        try
        {
            return await new StdioHttpBridge(http, endpoint, token, input, output, Console.Error).RunAsync(stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
    }

    /// <summary>Asks a development issuer for a token; null (after saying why on stderr) when it cannot.</summary>
    private static async Task<string?> FetchTokenAsync(HttpClient http, string issuerUrl, string? userId, string? roles, string? issuerToken)
    {
        if (userId is null || issuerToken is null || !Uri.TryCreate(issuerUrl, UriKind.Absolute, out var issuer))
        {
            await Console.Error.WriteLineAsync("mcpgw bridge: --issuer-url needs an absolute URL, --user-id and the issuer's admin token (--issuer-token or MCPGW_ISSUER_TOKEN)");
            return null;
        }

        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["user_id"] = userId,
            ["roles"] = new System.Text.Json.Nodes.JsonArray([.. (roles ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(r => System.Text.Json.Nodes.JsonValue.Create(r))]),
            ["expires_in_seconds"] = 3600,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, issuer) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Issuer-Token", issuerToken);
        try
        {
            using var response = await http.SendAsync(request);
            var answer = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync());
            if (response.IsSuccessStatusCode && answer?["access_token"]?.GetValue<string>() is { Length: > 0 } accessToken)
            {
                return accessToken;
            }

            await Console.Error.WriteLineAsync($"mcpgw bridge: the issuer refused the token request (HTTP {(int)response.StatusCode})");
        }
        catch (Exception exception) when (exception is HttpRequestException or System.Text.Json.JsonException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"mcpgw bridge: the issuer could not be reached ({exception.GetType().Name})");
        }

        return null;
    }
}
