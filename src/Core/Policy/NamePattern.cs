namespace McpGateway.Core.Policy;

/// <summary>A name or URI pattern of the role policy: <c>*</c> matches any run of characters, everything else itself.</summary>
public sealed class NamePattern(string text)
{
    public string Text { get; } = text;

    public bool IsMatch(string value)
    {
        // Iterative glob match with backtracking to the last '*': linear in practice, never exponential.
        int p = 0, v = 0, star = -1, mark = 0;
        while (v < value.Length)
        {
            if (p < Text.Length && Text[p] == '*')
            {
                star = p++;
                mark = v;
            }
            else if (p < Text.Length && Text[p] == value[v])
            {
                p++;
                v++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < Text.Length && Text[p] == '*')
        {
            p++;
        }

        return p == Text.Length;
    }

    public override string ToString() => Text;
}
