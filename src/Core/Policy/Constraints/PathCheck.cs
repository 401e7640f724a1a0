using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Core.Policy.Constraints;

/// <summary>
/// <c>type: path</c>: an absolute path whose real location (every symbolic link followed, see <see cref="RealPath"/>)
/// is inside one of <c>roots</c> (themselves resolved the same way at each check). Refused before any resolution:
/// relative paths (the backend's working folder would decide what they mean), <c>..</c> segments, control characters,
/// backslashes and percent-encoded bytes (a backend that decodes them would see another path).
/// </summary>
public sealed class PathCheck(IReadOnlyList<string> roots, ILinkReader links) : IValueCheck
{
    public const int MaxLength = 4096;

    public IReadOnlyList<string> Roots { get; } = roots;

    public string Type => "path";

    public CheckFailure? Check(JsonNode? value)
    {
        if (value is not JsonValue json || json.GetValueKind() != JsonValueKind.String)
        {
            return new CheckFailure("not-a-string", $"expected a path string, got {Describe.Kind(value)}");
        }

        var path = json.GetValue<string>();
        if (Shape(path) is { } failure)
        {
            return failure;
        }

        if (RealPath.Resolve(path, links) is not { } real)
        {
            return new CheckFailure("symlink-loop", "the path's symbolic links do not resolve");
        }

        foreach (var root in Roots)
        {
            if (RealPath.Resolve(root, links) is { } realRoot && RealPath.IsInside(real, realRoot))
            {
                return null;
            }
        }

        return new CheckFailure("outside-roots", $"the path is outside the allowed roots ({string.Join(", ", Roots)})");
    }

    private static CheckFailure? Shape(string path)
    {
        if (path.Length is 0 or > MaxLength)
        {
            return new CheckFailure("invalid", $"expected 1 to {MaxLength} characters");
        }

        if (path.Any(c => char.IsControl(c) || c == '\\'))
        {
            return new CheckFailure("invalid-characters", "control characters and backslashes are refused");
        }

        if (HasPercentEncoding(path))
        {
            return new CheckFailure("encoded-characters", "percent-encoded characters are refused");
        }

        if (!path.StartsWith('/'))
        {
            return new CheckFailure("relative", "the path must be absolute");
        }

        return path.Split('/').Contains("..")
            ? new CheckFailure("traversal", "'..' segments are refused")
            : null;
    }

    private static bool HasPercentEncoding(string path)
    {
        for (var i = 0; i + 2 < path.Length; i++)
        {
            if (path[i] == '%' && char.IsAsciiHexDigit(path[i + 1]) && char.IsAsciiHexDigit(path[i + 2]))
            {
                return true;
            }
        }

        return false;
    }
}
