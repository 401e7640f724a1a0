using System.Security.Cryptography;
using System.Text.Json.Nodes;
using McpGateway.Edge.Identity.Jwt;
using McpGateway.Edge.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace McpGateway.Edge.Tests.Identity;

/// <summary>Keys from a JWKS URL: cached, a new kid fetched once, an unknown-kid flood bounded, the last good keys kept.</summary>
public sealed class JwksRotationTests : IAsyncLifetime
{
    private readonly RSA _first = RSA.Create(2048);
    private readonly RSA _second = RSA.Create(2048);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly HttpClient _http = new();
    private JwksServer _server = null!;
    private JwtTokenValidator _validator = null!;

    public async Task InitializeAsync()
    {
        _server = await JwksServer.StartAsync();
        _server.Keys = [TestTokens.RsaJwk(_first, "k1")];
        var options = new JwtOptions { JwksUrl = _server.Url, AllowedAlgorithms = ["RS256", "ES256"], MaxTokenAge = TimeSpan.Zero };
        var keys = new JwksKeyProvider(options, _http, _time, NullLogger<JwksKeyProvider>.Instance);
        _validator = new JwtTokenValidator(options, keys, _time);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task KnownKid_IsFetchedOnceAndCached()
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(JwtFailure.None, await ValidateAsync(TestTokens.Rs(_first, "k1", Claims())));
        }

        Assert.Equal(1, _server.Fetches);
    }

    [Fact]
    public async Task RotatedKey_NewKidTriggersOneRefresh_AfterTheThrottleInterval()
    {
        Assert.Equal(JwtFailure.None, await ValidateAsync(TestTokens.Rs(_first, "k1", Claims())));
        _server.Keys = [TestTokens.RsaJwk(_first, "k1"), TestTokens.RsaJwk(_second, "k2")];

        // Within 30 s of the last fetch a new kid does not cause a fetch.
        Assert.Equal(JwtFailure.NoMatchingKey, await ValidateAsync(TestTokens.Rs(_second, "k2", Claims())));
        Assert.Equal(1, _server.Fetches);

        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(JwtFailure.None, await ValidateAsync(TestTokens.Rs(_second, "k2", Claims())));
        Assert.Equal(JwtFailure.None, await ValidateAsync(TestTokens.Rs(_second, "k2", Claims())));
        Assert.Equal(JwtFailure.None, await ValidateAsync(TestTokens.Rs(_first, "k1", Claims())));
        Assert.Equal(2, _server.Fetches);
    }

    [Fact]
    public async Task UnknownKidFlood_CausesAtMostOneFetchPerInterval()
    {
        Assert.Equal(JwtFailure.None, await ValidateAsync(TestTokens.Rs(_first, "k1", Claims())));
        _time.Advance(TimeSpan.FromSeconds(31));

        var flood = Enumerable.Range(0, 500).Select(i => ValidateAsync(TestTokens.Rs(_second, $"made-up-{i}", Claims())));
        var results = await Task.WhenAll(flood);

        Assert.All(results, r => Assert.Equal(JwtFailure.NoMatchingKey, r));
        Assert.Equal(2, _server.Fetches);
        Assert.Equal(JwtFailure.None, await ValidateAsync(TestTokens.Rs(_first, "k1", Claims())));
    }

    [Fact]
    public async Task IssuerDown_LastKnownGoodKeysKeepWorking()
    {
        Assert.Equal(JwtFailure.None, await ValidateAsync(TestTokens.Rs(_first, "k1", Claims())));
        _server.Down = true;
        _time.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal(JwtFailure.None, await ValidateAsync(TestTokens.Rs(_first, "k1", Claims())));
        Assert.Equal(JwtFailure.NoMatchingKey, await ValidateAsync(TestTokens.Rs(_second, "k2", Claims())));
        Assert.Equal(2, _server.Fetches);

        _server.Keys = [TestTokens.RsaJwk(_second, "k2")];
        _server.Down = false;
        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(JwtFailure.None, await ValidateAsync(TestTokens.Rs(_second, "k2", Claims())));
    }

    [Fact]
    public async Task ThroughAGateway_Rs256AndEs256FromTheJwks_AndConfusionRefused()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _server.Keys = [TestTokens.RsaJwk(_first, "k1"), TestTokens.EcJwk(ec, "e1")];
        var env = new Dictionary<string, string>
        {
            ["GATEWAY_AUTH_MODE"] = "jwt",
            ["JWT_JWKS_URL"] = _server.Url.ToString(),
            ["JWT_ALGORITHM"] = "RS256",
            ["JWT_ALLOWED_ALGORITHMS"] = "RS256,ES256",
        };
        await using var host = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), env);
        using var raw = new RawMcp(host.McpEndpoint);

        Assert.Equal(200, await CallAsync(raw, TestTokens.Rs(_first, "k1", TestTokens.Claims())));
        Assert.Equal(200, await CallAsync(raw, TestTokens.Es(ec, "e1", TestTokens.Claims())));

        // An HS256 token "signed" with the RSA public key as the HMAC secret (the classic confusion), and a key of the wrong type.
        var n = TestTokens.RsaJwk(_first, "k1")["n"]!.GetValue<string>();
        Assert.Equal(401, await CallAsync(raw, TestTokens.Hs("""{"alg":"HS256","kid":"k1"}""", TestTokens.Claims().ToJsonString(), n)));
        Assert.Equal(401, await CallAsync(raw, TestTokens.Rs(_first, "e1", TestTokens.Claims())));
        Assert.Equal(401, await CallAsync(raw, TestTokens.Rs(_second, "k1", TestTokens.Claims())));
    }

    private static async Task<int> CallAsync(RawMcp raw, string token)
    {
        var request = raw.Stateless2026("tools/call", new JsonObject { ["name"] = "hello.echo", ["arguments"] = new JsonObject { ["message"] = "hi" } });
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return (await raw.SendAsync(request)).Status;
    }

    private JsonObject Claims() => new() { ["sub"] = "svc", ["exp"] = _time.GetUtcNow().ToUnixTimeSeconds() + 600 };

    private async Task<JwtFailure> ValidateAsync(string token) => (await _validator.ValidateAsync(token, CancellationToken.None)).Failure;
}
