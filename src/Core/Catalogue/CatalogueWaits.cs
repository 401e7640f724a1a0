namespace McpGateway.Core.Catalogue;

/// <summary>Waiting on a catalogue (a node's start-up, the tests and the bench).</summary>
public static class CatalogueWaits
{
    /// <summary>Completes once the catalogue serves <paramref name="tool"/> (at once when it already does).</summary>
    public static async Task WaitForToolAsync(this ICatalogue catalogue, string tool, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var served = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(CatalogueSnapshot snapshot)
        {
            if (snapshot.FindTool(tool) is not null)
            {
                served.TrySetResult();
            }
        }

        catalogue.Changed += OnChanged;
        try
        {
            OnChanged(catalogue.Current);
            await served.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            catalogue.Changed -= OnChanged;
        }
    }
}
