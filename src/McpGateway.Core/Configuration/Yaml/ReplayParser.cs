using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace McpGateway.Core.Configuration.Yaml;

/// <summary>Feeds already-parsed (and filtered) events to <see cref="YamlDotNet.RepresentationModel.YamlStream"/>.</summary>
internal sealed class ReplayParser(IReadOnlyList<ParsingEvent> events) : IParser
{
    private int index = -1;

    public ParsingEvent? Current => index >= 0 && index < events.Count ? events[index] : null;

    public bool MoveNext()
    {
        if (index < events.Count)
        {
            index++;
        }

        return index < events.Count;
    }
}
