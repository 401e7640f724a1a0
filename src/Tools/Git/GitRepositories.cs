using System.Collections.Frozen;
using LibGit2Sharp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;

namespace McpGateway.Tools.Git;

/// <summary>
/// The allow-list: the repositories this server may read, by name, from the configuration section
/// <c>Git:Repositories</c> (<c>--Git:Repositories:self=/path/to/checkout</c>, or <c>Git__Repositories__self</c> in the
/// environment). A name not on the list is refused; nothing else on the machine is reachable. Relative paths are taken
/// from the working folder at startup.
/// </summary>
public sealed class GitRepositories
{
    /// <summary>The configuration section holding name → path.</summary>
    public const string Section = "Git:Repositories";

    private readonly FrozenDictionary<string, string> _paths;

    public GitRepositories(IConfiguration configuration, ILogger<GitServer.LogCategory> logger)
    {
        // The allow-list is explicit, so a checkout owned by another user (a read-only mount in a container) is fine.
        GlobalSettings.SetOwnerValidation(false);
        _paths = configuration.GetSection(Section).GetChildren()
            .Where(c => !string.IsNullOrWhiteSpace(c.Value))
            .ToFrozenDictionary(c => c.Key, c => Path.GetFullPath(c.Value!), StringComparer.Ordinal);
        foreach (var (name, path) in _paths)
        {
            if (!Repository.IsValid(path))
            {
                GitLog.RepositoryUnavailable(logger, name, path);
            }
        }

        GitLog.Serving(logger, _paths.Count, string.Join(", ", Names));
    }

    /// <summary>The configured names, sorted.</summary>
    public IReadOnlyList<string> Names => [.. _paths.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Opens the repository called <paramref name="name"/>; throws a tool error for a name not on the list.</summary>
    public Repository Open(string? name)
    {
        GitInputs.CheckName(name);
        if (!_paths.TryGetValue(name!, out var path))
        {
            throw new McpException(_paths.Count == 0
                ? $"Unknown repository '{name}': this server is configured with no repositories."
                : $"Unknown repository '{name}'; the configured repositories are: {string.Join(", ", Names)}.");
        }

        try
        {
            return new Repository(path);
        }
        catch (RepositoryNotFoundException)
        {
            throw new McpException($"Repository '{name}' is configured but is not a readable Git repository.");
        }
    }
}
