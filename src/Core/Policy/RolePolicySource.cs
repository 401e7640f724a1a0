namespace McpGateway.Core.Policy;

/// <summary>
/// The role policy in force. A reload swaps in a new policy only when it is valid: the last good one stays otherwise.
/// Readers take <see cref="Current"/> once per decision, so a decision never mixes two versions.
/// </summary>
public sealed class RolePolicySource(RolePolicy initial)
{
    private volatile RolePolicy _current = initial;

    public RolePolicy Current => _current;

    /// <summary>Parses <paramref name="yamlText"/>; on success it becomes the policy in force. Returns the errors otherwise.</summary>
    public IReadOnlyList<Configuration.ConfigError> Reload(string yamlText, string sourcePath)
    {
        var (policy, errors) = RolePolicyLoader.Parse(yamlText, sourcePath);
        if (policy is not null)
        {
            _current = policy;
        }

        return errors;
    }
}
