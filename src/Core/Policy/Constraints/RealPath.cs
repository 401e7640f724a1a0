namespace McpGateway.Core.Policy.Constraints;

/// <summary>
/// <c>realpath(3)</c> for absolute POSIX paths: <c>.</c>, <c>..</c> and repeated separators are removed and every
/// symbolic link on the way is replaced by its target (relative targets from the link's folder), component by
/// component, so a link anywhere in the path (or in a link's target) is followed. Components that do not exist are
/// kept as written: the path of a file about to be created resolves too.
/// </summary>
public static class RealPath
{
    /// <summary>Links followed at most (as Linux's <c>MAXSYMLINKS</c>); more is a loop.</summary>
    public const int MaxLinks = 40;

    /// <summary>The resolved path, or null when following the links loops.</summary>
    public static string? Resolve(string absolutePath, ILinkReader links)
    {
        var pending = new Stack<string>();
        Push(pending, absolutePath);
        var resolved = new List<string>();
        var followed = 0;
        while (pending.TryPop(out var component))
        {
            if (component == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            var candidate = Join(resolved) + "/" + component;
            if (links.ReadLink(candidate) is not { Length: > 0 } target)
            {
                resolved.Add(component);
                continue;
            }

            if (++followed > MaxLinks)
            {
                return null;
            }

            if (target.StartsWith('/'))
            {
                resolved.Clear();
            }

            Push(pending, target);
        }

        return resolved.Count == 0 ? "/" : Join(resolved);
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or inside it (both resolved).</summary>
    public static bool IsInside(string path, string root) =>
        root == "/" || path == root || path.StartsWith(root + "/", StringComparison.Ordinal);

    private static string Join(List<string> components) => components.Count == 0 ? string.Empty : "/" + string.Join('/', components);

    private static void Push(Stack<string> pending, string path)
    {
        var components = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = components.Length - 1; i >= 0; i--)
        {
            if (components[i] != ".")
            {
                pending.Push(components[i]);
            }
        }
    }
}
