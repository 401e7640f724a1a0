namespace McpGateway.Edge.Identity.Jwt;

/// <summary>Strict base64url (RFC 7515 §2): the URL-safe alphabet, no padding, no whitespace, no stray bits.</summary>
internal static class Base64Url
{
    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length % 4 == 1)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        var padded = new char[text.Length + ((4 - (text.Length % 4)) % 4)];
        for (var i = 0; i < padded.Length; i++)
        {
            padded[i] = i < text.Length ? text[i] switch { '-' => '+', '_' => '/', var c => c } : '=';
        }

        try
        {
            bytes = Convert.FromBase64CharArray(padded, 0, padded.Length);
        }
        catch (FormatException)
        {
            return false;
        }

        // A canonical encoding only: the unused low bits of the last character must be zero.
        return Encode(bytes).AsSpan().SequenceEqual(text);
    }

    public static string Encode(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
