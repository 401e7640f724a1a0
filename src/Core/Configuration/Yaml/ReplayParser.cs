using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace McpGateway.Core.Configuration.Yaml;

/// <summary>Feeds already-parsed (and filtered) events to <see cref="YamlDotNet.RepresentationModel.YamlStream"/>.</summary>
internal sealed class ReplayParser(IReadOnlyList<ParsingEvent> events) : IParser
{
    private int _index = -1;

    public ParsingEvent? Current => _index >= 0 && _index < events.Count ? events[_index] : null;

    public bool MoveNext()
    {
        if (_index < events.Count)
        {
            _index++;
        }

        return _index < events.Count;
    }
}
