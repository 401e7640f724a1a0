using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace McpGateway.Core.Configuration.Yaml;

/// <summary>
/// Reports duplicate mapping keys and drops the later pairs from the event stream.
/// The representation model throws at the first duplicate, which would hide every other error of the file.
/// </summary>
internal static class DuplicateKeyFilter
{
    public static List<ParsingEvent> Apply(IReadOnlyList<ParsingEvent> events, ConfigDiagnostics diagnostics)
    {
        var output = new List<ParsingEvent>(events.Count);
        var i = 0;
        while (i < events.Count)
        {
            if (events[i] is DocumentStart)
            {
                output.Add(events[i]);
                i = CopyNode(events, i + 1, string.Empty, output, diagnostics);
            }
            else
            {
                output.Add(events[i]);
                i++;
            }
        }

        return output;
    }

    /// <summary>Copies the node starting at <paramref name="i"/>; returns the index after it.</summary>
    private static int CopyNode(IReadOnlyList<ParsingEvent> events, int i, string path, List<ParsingEvent> output, ConfigDiagnostics diagnostics)
    {
        switch (events[i])
        {
            case MappingStart:
                output.Add(events[i++]);
                var seen = new Dictionary<string, Mark>(StringComparer.Ordinal);
                while (events[i] is not MappingEnd)
                {
                    var keyEnd = SkipNode(events, i);
                    var valueEnd = SkipNode(events, keyEnd);
                    if (events[i] is Scalar key)
                    {
                        var keyPath = YamlPath.Key(path, key.Value);
                        if (seen.TryGetValue(key.Value, out var first))
                        {
                            diagnostics.Add(key.Start, keyPath, $"duplicate key (first defined at line {first.Line})");
                            i = valueEnd;
                            continue;
                        }

                        seen.Add(key.Value, key.Start);
                        output.Add(key);
                        i = CopyNode(events, keyEnd, keyPath, output, diagnostics);
                    }
                    else
                    {
                        for (; i < valueEnd; i++)
                        {
                            output.Add(events[i]);
                        }
                    }
                }

                output.Add(events[i]);
                return i + 1;

            case SequenceStart:
                output.Add(events[i++]);
                for (var index = 0; events[i] is not SequenceEnd; index++)
                {
                    i = CopyNode(events, i, YamlPath.Index(path, index), output, diagnostics);
                }

                output.Add(events[i]);
                return i + 1;

            default:
                output.Add(events[i]);
                return i + 1;
        }
    }

    private static int SkipNode(IReadOnlyList<ParsingEvent> events, int i)
    {
        var depth = 0;
        do
        {
            depth += events[i].NestingIncrease;
            i++;
        }
        while (depth > 0);

        return i;
    }
}
