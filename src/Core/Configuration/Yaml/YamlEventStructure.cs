using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace McpGateway.Core.Configuration.Yaml;

/// <summary>
/// Checks that parser events nest properly. YamlDotNet's parser can emit unbalanced events for some malformed input
/// instead of throwing; such a stream must be reported as invalid YAML, not walked.
/// </summary>
internal static class YamlEventStructure
{
    /// <summary>Where the stream stops making sense, or null when it is well formed.</summary>
    public static Mark? FindError(IReadOnlyList<ParsingEvent> events)
    {
        // Per open collection: whether it is a mapping, and how many child nodes it has so far.
        var open = new Stack<(bool IsMapping, int Children)>();
        var documentOpen = false;
        var roots = 0;
        foreach (var e in events)
        {
            switch (e)
            {
                case StreamStart or StreamEnd:
                    if (documentOpen || open.Count > 0)
                    {
                        return e.Start;
                    }

                    break;
                case DocumentStart:
                    if (documentOpen)
                    {
                        return e.Start;
                    }

                    documentOpen = true;
                    roots = 0;
                    break;
                case DocumentEnd:
                    if (!documentOpen || open.Count > 0)
                    {
                        return e.Start;
                    }

                    documentOpen = false;
                    break;
                case MappingStart or SequenceStart:
                    if (!documentOpen || !CountChild(open, ref roots))
                    {
                        return e.Start;
                    }

                    open.Push((e is MappingStart, 0));
                    break;
                case MappingEnd or SequenceEnd:
                    if (open.Count == 0 || open.Peek().IsMapping != e is MappingEnd || (open.Peek().IsMapping && open.Peek().Children % 2 != 0))
                    {
                        return e.Start;
                    }

                    open.Pop();
                    break;
                default:
                    if (!documentOpen || !CountChild(open, ref roots))
                    {
                        return e.Start;
                    }

                    break;
            }
        }

        return documentOpen || open.Count > 0 ? (events.Count > 0 ? events[^1].End : Mark.Empty) : null;
    }

    /// <summary>Counts a node into its parent; false when a document would get a second root.</summary>
    private static bool CountChild(Stack<(bool IsMapping, int Children)> open, ref int roots)
    {
        if (open.Count == 0)
        {
            return ++roots == 1;
        }

        var (isMapping, children) = open.Pop();
        open.Push((isMapping, children + 1));
        return true;
    }
}
