namespace McpGateway.Core.Storage;

/// <summary>Tells whether the engine's store answers, for readiness. Each engine registers one.</summary>
public interface IStoreProbe
{
    /// <summary>The engine's name as health reports show it: <c>embedded</c> or <c>postgres</c>.</summary>
    string Engine { get; }

    /// <summary>Runs one cheap query; throws when the store cannot be reached or does not answer.</summary>
    Task CheckAsync(CancellationToken cancellationToken);
}
