namespace McpGateway.Storage.Migrations;

/// <summary>
/// The database's schema does not fit this gateway: migrated by a newer gateway, an applied script edited since, or
/// (when not migrating at startup) scripts missing. The message says what to do.
/// </summary>
public sealed class SchemaMismatchException(string message) : InvalidOperationException(message);
