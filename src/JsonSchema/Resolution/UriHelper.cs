namespace McpGateway.JsonSchema.Resolution;

/// <summary>RFC 3986 reference resolution as JSON Schema needs it, including non-hierarchical bases (urn:, tag:).</summary>
internal static class UriHelper
{
    /// <summary>Splits off the fragment: <c>a#b</c> → (<c>a</c>, <c>b</c>); no <c>#</c> → (<c>a</c>, null).</summary>
    public static (string WithoutFragment, string? Fragment) SplitFragment(string uri)
    {
        var hash = uri.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? (uri, null) : (uri[..hash], uri[(hash + 1)..]);
    }

    public static bool IsAbsolute(string reference)
    {
        if (reference.Length == 0 || !char.IsAsciiLetter(reference[0]))
        {
            return false;
        }

        for (var i = 1; i < reference.Length; i++)
        {
            var c = reference[i];
            if (c == ':')
            {
                return true;
            }

            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Resolves <paramref name="reference"/> against <paramref name="baseUri"/>; returns null when impossible.</summary>
    public static string? Resolve(string baseUri, string reference)
    {
        var (refPart, fragment) = SplitFragment(reference);
        string resolved;
        if (IsAbsolute(refPart))
        {
            resolved = Normalize(refPart);
        }
        else if (refPart.Length == 0)
        {
            resolved = SplitFragment(baseUri).WithoutFragment;
        }
        else
        {
            var baseWithoutFragment = SplitFragment(baseUri).WithoutFragment;
            if (!Uri.TryCreate(baseWithoutFragment, UriKind.Absolute, out var baseAsUri)
                || !baseWithoutFragment.Contains("://", StringComparison.Ordinal)
                || !Uri.TryCreate(baseAsUri, refPart, out var combined))
            {
                return null;
            }

            resolved = combined.AbsoluteUri;
        }

        return fragment is null ? resolved : resolved + "#" + fragment;
    }

    /// <summary>Canonical spelling of an absolute URI without fragment, so that lookups agree.</summary>
    public static string Normalize(string absoluteWithoutFragment)
        => absoluteWithoutFragment.Contains("://", StringComparison.Ordinal)
           && Uri.TryCreate(absoluteWithoutFragment, UriKind.Absolute, out var uri)
            ? uri.AbsoluteUri
            : absoluteWithoutFragment;
}
