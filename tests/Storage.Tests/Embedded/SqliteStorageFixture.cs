using McpGateway.Storage.Embedded;

namespace McpGateway.Storage.Tests.Embedded;

/// <summary>One test's data folder; each <see cref="OpenDatabase"/> is like another process opening the same file.</summary>
internal sealed class SqliteStorageFixture : IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private readonly List<IDisposable> _opened = [];

    public string DataDirectory => _folder.Path;

    public SqliteDatabase OpenDatabase(TimeProvider? timeProvider = null) =>
        Track(new SqliteDatabase(_folder.Path, timeProvider ?? TimeProvider.System));

    public T Track<T>(T disposable)
        where T : IDisposable
    {
        lock (_opened)
        {
            _opened.Add(disposable);
        }

        return disposable;
    }

    public void Dispose()
    {
        // Stores first (they flush into their database), then the databases, then the files.
        for (var i = _opened.Count - 1; i >= 0; i--)
        {
            _opened[i].Dispose();
        }

        _folder.Dispose();
    }
}
