namespace McpGateway.Storage.Tests;

/// <summary>A fresh folder under the temp folder, deleted on dispose.</summary>
public sealed class TemporaryFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("mcpgw-storage-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a file still open elsewhere only leaves litter in the temp folder.
        }
    }
}
