namespace McpGateway.Edge.Identity.Jwt;

/// <summary>
/// Public keys from <c>JWT_JWKS_URL</c>, cached. An unknown <c>kid</c> causes at most one fetch per refresh interval,
/// shared by every request waiting for it (single flight), so a flood of made-up kids cannot cause a fetch storm.
/// A failed fetch or an unusable document keeps the last good keys.
/// </summary>
internal sealed partial class JwksKeyProvider(JwtOptions options, HttpClient http, TimeProvider time, ILogger<JwksKeyProvider> logger) : IJwtKeyProvider
{
    private readonly Lock _gate = new();
    private IReadOnlyList<JwtKey> _keys = [];
    private DateTimeOffset? _fetchedAt;
    private DateTimeOffset? _lastAttempt;
    private Task? _refresh;

    public async ValueTask<IReadOnlyList<JwtKey>> GetKeysAsync(string? kid, CancellationToken cancellationToken)
    {
        var keys = Volatile.Read(ref _keys);
        var now = time.GetUtcNow();
        var stale = _fetchedAt is not { } fetched || now - fetched >= options.JwksCacheLifetime;
        var unknown = kid is not null && !keys.Any(k => k.KeyId is null || k.KeyId == kid);
        if ((stale || unknown) && StartRefresh(now) is { } refresh)
        {
            await refresh.WaitAsync(cancellationToken);
            keys = Volatile.Read(ref _keys);
        }

        return keys;
    }

    private Task? StartRefresh(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_refresh is { IsCompleted: false })
            {
                return _refresh;
            }

            if (_lastAttempt is { } last && now - last < options.JwksRefreshInterval)
            {
                return null;
            }

            _lastAttempt = now;
            _refresh = FetchAsync();
            return _refresh;
        }
    }

    private async Task FetchAsync()
    {
        await Task.Yield();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var json = await http.GetStringAsync(options.JwksUrl, timeout.Token);
            var problems = new List<string>();
            var keys = JwkSetParser.Parse(json, allowSymmetric: false, problems);
            foreach (var problem in problems)
            {
                LogKeyProblem(problem);
            }

            if (keys.Count == 0)
            {
                LogFetchFailed("the document has no usable signature key");
                return;
            }

            Volatile.Write(ref _keys, keys);
            _fetchedAt = time.GetUtcNow();
            LogFetched(keys.Count);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException)
        {
            LogFetchFailed(ex.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 1311, Level = LogLevel.Information, Message = "JWKS fetched: {Count} keys")]
    private partial void LogFetched(int count);

    [LoggerMessage(EventId = 1312, Level = LogLevel.Warning, Message = "JWKS fetch failed ({Reason}); keeping the last good keys")]
    private partial void LogFetchFailed(string reason);

    [LoggerMessage(EventId = 1313, Level = LogLevel.Warning, Message = "JWKS key left out: {Problem}")]
    private partial void LogKeyProblem(string problem);
}
