using McpGateway.Storage.Embedded;

namespace McpGateway.Storage.Tests.Embedded;

/// <summary>One test's data folder; each <see cref="OpenDatabase"/> is like another process opening the same file.</summary>
internal sealed class SqliteStorageFixture : IDisposable
{
    private readonly TemporaryFolder folder = new();
    private readonly List<IDisposable> opened = [];

    public string DataDirectory => folder.Path;

    public SqliteDatabase OpenDatabase(TimeProvider? timeProvider = null) =>
        Track(new SqliteDatabase(folder.Path, timeProvider ?? TimeProvider.System));

    public T Track<T>(T disposable)
        where T : IDisposable
    {
        lock (opened)
        {
            opened.Add(disposable);
        }

        return disposable;
    }

    public void Dispose()
    {
        // Stores first (they flush into their database), then the databases, then the files.
        for (var i = opened.Count - 1; i >= 0; i--)
        {
            opened[i].Dispose();
        }

        folder.Dispose();
    }
}
