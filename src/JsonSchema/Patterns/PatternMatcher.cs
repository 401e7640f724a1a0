using System.Text.RegularExpressions;
using McpGateway.JsonSchema.Evaluation;

namespace McpGateway.JsonSchema.Patterns;

/// <summary>Runs a schema regex; a match that exceeds the timeout ends the validation with a clear error.</summary>
internal static class PatternMatcher
{
    public static bool IsMatch(EvaluationContext context, KeywordEvaluator keyword, Regex regex, string input)
    {
        try
        {
            return regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            context.Abort(
                keyword.Keyword,
                $"validation stopped: regular expression '{regex}' timed out after {regex.MatchTimeout.TotalMilliseconds} ms",
                keyword.SchemaLocation);
            return false;
        }
    }
}
