using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpGateway.Edge.Tests.Identity;
using McpGateway.Tests.Common;
using McpGateway.Tests.Common.Postgres;

namespace McpGateway.Edge.Tests.Cluster;

/// <summary>
/// The compose deployment without Docker: a private PostgreSQL, the <c>hello</c> tool service, the gateway nodes of
/// <c>compose.yaml</c> (real <c>mcpgw</c> processes) and Debian's nginx with <c>deploy/nginx.conf</c>, all on loopback.
/// Every setting comes from <c>compose.yaml</c> and <c>.env.example</c>; only what Docker would provide differs:
/// service host names become loopback ports, the secrets are generated as an operator would put them in <c>.env</c>.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly TempFolder _folder = new("mcpgw-cluster");
    private readonly Dictionary<string, int> _ports = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ChildProcess> _processes = new(StringComparer.Ordinal);
    private ComposeSettings _compose = null!;
    private PostgresTestDatabase _database = null!;

    private LocalCluster(IReadOnlyList<string> nodes)
    {
        Nodes = nodes;
    }

    /// <summary>The gateway services of compose.yaml (<c>gateway1</c>…).</summary>
    public IReadOnlyList<string> Nodes { get; }

    /// <summary>The JWT secret of this deployment's .env.</summary>
    public string JwtSecret { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    public Uri Ingress => new($"http://127.0.0.1:{_ports["ingress"]}");

    /// <summary>The cluster's PostgreSQL database (Orleans' membership table included).</summary>
    public PostgresTestDatabase Database => _database;

    public Uri Node(string service) => new($"http://127.0.0.1:{_ports[service]}");

    public ChildProcess Process(string service) => _processes[service];

    /// <summary>Starts PostgreSQL, the tool service, every gateway node and the ingress, waiting until each is ready.</summary>
    public static async Task<LocalCluster> StartAsync()
    {
        var probe = ComposeSettings.Load(OperatorEnv("x", "x", "x", 0));
        var cluster = new LocalCluster([.. probe.ServiceNames.Where(s => s.StartsWith("gateway", StringComparison.Ordinal)).Order(StringComparer.Ordinal)]);
        try
        {
            await cluster.StartAllAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A bearer token of this deployment for <paramref name="user"/> with <paramref name="roles"/>.</summary>
    public string Token(string user = "alice", params string[] roles)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["sub"] = user,
            ["roles"] = new JsonArray([.. (roles.Length == 0 ? ["admin"] : roles).Select(r => JsonValue.Create(r))]),
            ["iat"] = now - 5,
            ["exp"] = now + 3600,
        };
        return TestTokens.Hs("""{"alg":"HS256","typ":"JWT"}""", claims.ToJsonString(), JwtSecret);
    }

    /// <summary>An HTTP client that sends a token of <paramref name="user"/>.</summary>
    public HttpClient Client(string user = "alice", TimeSpan? timeout = null)
    {
        var http = new HttpClient { Timeout = timeout ?? TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(user));
        return http;
    }

    /// <summary>Starts a gateway service (again, after it stopped or was killed) and waits until it is ready.</summary>
    public async Task StartNodeAsync(string service)
    {
        if (_processes.TryRemove(service, out var previous))
        {
            await previous.DisposeAsync();
        }

        var command = _compose.Command(service) is { Count: > 0 } given ? given : ["serve"];
        var process = ChildProcess.StartDotnet("mcpgw.dll", command, _folder.Path, Environment(service));
        _processes[service] = process;
        await process.WaitForHttpAsync(new Uri(Node(service), "/health/ready"), StartTimeout);
    }

    private async Task StartAllAsync()
    {
        var server = await SharedPostgres.GetAsync();
        _database = await server.CreateDatabaseAsync("cluster");
        foreach (var service in Nodes.Append("hello").Append("ingress"))
        {
            _ports[service] = FreePort.Next();
        }

        foreach (var node in Nodes)
        {
            _ports[node + ".silo"] = FreePort.Next();
        }

        _compose = ComposeSettings.Load(OperatorEnv(server.Password, JwtSecret, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)), _ports["ingress"]));
        CopyConfig();

        var hello = ChildProcess.StartDotnet("Hello.dll", _compose.Command("hello").Select(c => Rewrite(c, "hello")), _folder.Path, Environment("hello"));
        _processes["hello"] = hello;
        await hello.WaitForHttpAsync(new Uri($"http://127.0.0.1:{_ports["hello"]}/health"), StartTimeout);

        // The first node migrates the new database; the others start together, as compose starts them.
        await StartNodeAsync(Nodes[0]);
        await Task.WhenAll(Nodes.Skip(1).Select(StartNodeAsync));
        await StartIngressAsync();
    }

    private async Task StartIngressAsync()
    {
        var conf = Rewrite(File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "nginx.conf")))
            .Replace("listen 8080;", $"listen 127.0.0.1:{_compose.PublishedPort("ingress")};", StringComparison.Ordinal);
        var path = _folder.Write("nginx/nginx.conf", conf);
        Directory.CreateDirectory(Path.Combine(_folder.Path, "nginx", "logs"));
        var nginx = ChildProcess.Start(
            NginxBinary,
            ["-p", Path.Combine(_folder.Path, "nginx"), "-c", path, "-e", "stderr", "-g", $"daemon off; pid {Path.Combine(_folder.Path, "nginx", "nginx.pid")};"],
            _folder.Path);
        _processes["ingress"] = nginx;
        await nginx.WaitForHttpAsync(new Uri(Ingress, "/health/live"), StartTimeout);
    }

    /// <summary>deploy/config (mounted at /app/config in compose) with the tool service's address made local.</summary>
    private void CopyConfig()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Root, "deploy", "config")))
        {
            _folder.Write(Path.Combine("config", Path.GetFileName(file)), Rewrite(File.ReadAllText(file)));
        }
    }

    /// <summary>
    /// What Docker's network and volumes provide, done on loopback: each service's host name and container port become
    /// 127.0.0.1 and its own port (also where <paramref name="service"/> itself listens on 0.0.0.0), mounts become folders.
    /// </summary>
    private string Rewrite(string text, string? service = null)
    {
        var server = _database.Server;
        text = text
            .Replace("@postgres:5432/mcpgw", $"@{server.Host}:{server.Port}/{_database.Name}", StringComparison.Ordinal)
            .Replace("/app/config", Path.Combine(_folder.Path, "config"), StringComparison.Ordinal)
            .Replace("/app/data", Path.Combine(_folder.Path, "data"), StringComparison.Ordinal);
        foreach (var (name, port) in _ports)
        {
            text = Regex.Replace(text, $@"(http://|server ){Regex.Escape(name)}:[0-9]+", $"${{1}}127.0.0.1:{port}");
        }

        return service is not null && _ports.TryGetValue(service, out var own)
            ? Regex.Replace(text, "http://0\\.0\\.0\\.0:[0-9]+", $"http://127.0.0.1:{own}")
            : text;
    }

    /// <summary>
    /// The service's environment from compose.yaml, rewritten for loopback; a gateway node's silo advertises 127.0.0.1
    /// and gets its own port (compose gives every container the same one), kept across restarts of the node.
    /// </summary>
    private Dictionary<string, string?> Environment(string service)
    {
        var environment = _compose.Environment(service).ToDictionary(e => e.Key, e => (string?)Rewrite(e.Value, service));
        if (environment.ContainsKey("GATEWAY_SILO_ADVERTISED_ADDRESS"))
        {
            environment["GATEWAY_SILO_ADVERTISED_ADDRESS"] = "127.0.0.1";
            environment["GATEWAY_SILO_PORT"] = _ports[service + ".silo"].ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return environment;
    }

    private static Dictionary<string, string> OperatorEnv(string postgresPassword, string jwtSecret, string toolSecret, int ingressPort) => new()
    {
        ["POSTGRES_PASSWORD"] = postgresPassword,
        ["JWT_SECRET_KEY"] = jwtSecret,
        ["TOOL_GATEWAY_SHARED_SECRET"] = toolSecret,
        ["INGRESS_PORT"] = ingressPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string NginxBinary =>
        System.Environment.GetEnvironmentVariable("NGINX_BIN") is { Length: > 0 } configured ? configured
        : File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx"
        : throw new InvalidOperationException("nginx was not found: install the Debian package nginx-light (scripts/test.sh does this), or set NGINX_BIN.");

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes.Values)
        {
            await process.DisposeAsync();
        }

        _folder.Dispose();
    }
}
