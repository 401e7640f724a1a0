namespace McpGateway.Core.Policy.Constraints;

/// <summary>Reads symbolic links, so a path can be resolved to the real file it reaches.</summary>
public interface ILinkReader
{
    /// <summary>The target of the symbolic link at <paramref name="path"/> as stored; null when it is no link or does not exist.</summary>
    string? ReadLink(string path);
}

/// <summary>The file system of this machine.</summary>
public sealed class FileSystemLinkReader : ILinkReader
{
    public static FileSystemLinkReader Instance { get; } = new();

    public string? ReadLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
