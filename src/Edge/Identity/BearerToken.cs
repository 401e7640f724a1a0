namespace McpGateway.Edge.Identity;

/// <summary>Reads the bearer token of a request: exactly one <c>Authorization: Bearer …</c> header, nothing else.</summary>
internal static class BearerToken
{
    public static bool IsPresented(HttpRequest request) => request.Headers.Authorization.Count > 0;

    public static string? From(HttpRequest request)
    {
        var values = request.Headers.Authorization;
        if (values.Count != 1 || values[0] is not { } header || header.Length < 8
            || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[7..].Trim();
        return token.Length == 0 ? null : token;
    }
}
