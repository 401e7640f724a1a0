using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace McpGateway.Core.Configuration.Yaml;

/// <summary>Parses YAML text into one document's root node, turning every parser failure into an error with a position.</summary>
internal static class YamlDocumentLoader
{
    /// <summary>The root node; null when the text holds no document or cannot be parsed (then an error is recorded).</summary>
    public static YamlNode? Load(string text, ConfigDiagnostics diagnostics)
    {
        var events = new List<ParsingEvent>();
        var parser = new Parser(new StringReader(text));
        try
        {
            while (parser.MoveNext())
            {
                events.Add(parser.Current!);
            }
        }
        catch (YamlException e)
        {
            diagnostics.Add(e.Start, string.Empty, $"invalid YAML: {e.Message}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this on some malformed flow collections instead of a YamlException.
            diagnostics.Add(events.Count > 0 ? events[^1].End : Mark.Empty, string.Empty, "invalid YAML after this point");
            return null;
        }

        if (YamlEventStructure.FindError(events) is { } broken)
        {
            diagnostics.Add(broken, string.Empty, "invalid YAML: the structure breaks down here");
            return null;
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new ReplayParser(DuplicateKeyFilter.Apply(events, diagnostics)));
        }
        catch (YamlException e)
        {
            // e.g. an alias to an anchor that was dropped with a duplicate key.
            diagnostics.Add(e.Start, string.Empty, $"invalid YAML: {e.Message}");
            return null;
        }

        for (var i = 1; i < stream.Documents.Count; i++)
        {
            diagnostics.Add(stream.Documents[i].RootNode, string.Empty, "only one YAML document is allowed; remove the '---' separator");
        }

        return stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null;
    }
}
