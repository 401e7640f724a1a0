using System.Collections.Frozen;

namespace McpGateway.Edge.Dashboard;

/// <summary>
/// <c>/dashboard</c>: the operator dashboard, one page and its script and style sheet, embedded in the gateway's assembly
/// (nothing is fetched from elsewhere). The files hold no data and are served without authentication; the page signs in
/// (a pasted bearer token, kept in the tab's session storage, never in a cookie or a URL) and reads and acts only through
/// the admin API, which checks the admin role on every request. A strict Content-Security-Policy lets the page reach
/// only its own origin.
/// </summary>
internal static class DashboardEndpoints
{
    public const string Path = "/dashboard";

    private const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, Asset> Assets = new Dictionary<string, Asset>(StringComparer.Ordinal)
    {
        [Path] = Load("index.html", "text/html; charset=utf-8"),
        [Path + "/dashboard.js"] = Load("dashboard.js", "text/javascript; charset=utf-8"),
        [Path + "/dashboard.css"] = Load("dashboard.css", "text/css; charset=utf-8"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>A GET or HEAD of one of the dashboard's files (served without authentication); the page also with a trailing slash.</summary>
    public static bool IsAsset(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && Assets.ContainsKey(request.Path.Value is Path + "/" ? Path : request.Path.Value ?? "");

    public static void MapDashboard(this IEndpointRouteBuilder app)
    {
        foreach (var (path, asset) in Assets)
        {
            app.MapGet(path, (HttpContext http) =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = Policy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers.CacheControl = "no-cache";
                return Results.Bytes(asset.Content, asset.ContentType);
            });
        }
    }

    private static Asset Load(string name, string contentType)
    {
        using var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream("McpGateway.Edge.Dashboard." + name)
            ?? throw new InvalidOperationException($"The dashboard's {name} is not embedded in the assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return new Asset(copy.ToArray(), contentType);
    }

    private sealed record Asset(byte[] Content, string ContentType);
}
