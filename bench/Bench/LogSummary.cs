using System.Text.Json;

namespace McpGateway.Bench;

/// <summary>What a server wrote during the run: line count and its most frequent warnings/errors (JSON console lines).</summary>
internal sealed record LogSummary(long Lines, IReadOnlyList<(string Text, long Count)> TopProblems)
{
    public static LogSummary Read(string path)
    {
        if (!File.Exists(path))
        {
            return new LogSummary(0, []);
        }

        long lines = 0;
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            lines++;
            if (!line.StartsWith('{'))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                if (root.TryGetProperty("LogLevel", out var level) && level.GetString() is "Warning" or "Error" or "Critical")
                {
                    var category = root.TryGetProperty("Category", out var c) ? c.GetString() : "?";
                    var message = root.TryGetProperty("Message", out var m) ? m.GetString() : "?";
                    var key = $"{level.GetString()} {category}: {message}";
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }
            }
            catch (JsonException)
            {
            }
        }

        return new LogSummary(lines, [.. counts.OrderByDescending(kv => kv.Value).Take(3).Select(kv => (kv.Key, kv.Value))]);
    }
}
