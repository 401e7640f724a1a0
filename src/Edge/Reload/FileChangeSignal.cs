namespace McpGateway.Edge.Reload;

/// <summary>
/// Says when a configuration file may have changed: any change in its folder (a <see cref="FileSystemWatcher"/>; a
/// whole folder, so that files replaced by a rename or a symbolic link swap, as Kubernetes does, are noticed too), an
/// explicit <see cref="Raise"/> (SIGHUP), and at the latest every check interval (the fallback where file events do not
/// arrive, e.g. on network file systems). Bursts of events are debounced: the wait ends once the folder has been quiet.
/// </summary>
internal sealed class FileChangeSignal : IDisposable
{
    /// <summary>How long the folder must stay quiet after an event before the file is read.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private const int MaxQuietWaits = 20;

    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly FileSystemWatcher? _watcher;

    public FileChangeSignal(string path)
    {
        try
        {
            _watcher = new FileSystemWatcher(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            _watcher.Changed += (_, _) => Raise();
            _watcher.Created += (_, _) => Raise();
            _watcher.Deleted += (_, _) => Raise();
            _watcher.Renamed += (_, _) => Raise();
            _watcher.Error += (_, _) => Raise();
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception exception) when (exception is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            // No watcher (e.g. the inotify limit is reached): the periodic check still finds every change.
            _watcher?.Dispose();
            _watcher = null;
        }
    }

    /// <summary>Whether file events are watched (else only the periodic check and <see cref="Raise"/> wake the reader).</summary>
    public bool IsWatching => _watcher is not null;

    public void Raise()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already raised.
        }
        catch (ObjectDisposedException)
        {
            // A file event or SIGHUP racing with the node's stop.
        }
    }

    /// <summary>Returns after a signal (once the folder has been quiet for <see cref="Quiet"/>) or after <paramref name="interval"/>.</summary>
    public async Task WaitAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        if (!await _signal.WaitAsync(interval, cancellationToken))
        {
            return;
        }

        for (var i = 0; i < MaxQuietWaits && await _signal.WaitAsync(Quiet, cancellationToken); i++)
        {
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _signal.Dispose();
    }
}
