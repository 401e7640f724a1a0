using McpGateway.Core.Jobs;
using McpGateway.Core.Pipeline.Steps;

namespace McpGateway.Core.Pipeline;

/// <summary>
/// The order of the request pipeline, written once: every pipeline the gateway builds (MCP and REST calls, job runs) is
/// composed by <see cref="Compose"/>, which places each step where this list says whatever order it is given in, and
/// docs/architecture.md quotes <see cref="Text"/> (a test compares the two). Steps are listed outermost first: each runs
/// before those after it and sees their outcome on the way back, so <c>record</c> (outermost) records what the caller
/// gets and <c>check</c> looks at what <c>dispatch</c> returned.
/// </summary>
public static class PipelineOrder
{
    private static readonly Entry[] Entries =
    [
        new("trace", typeof(TraceStep), Required: true),
        new("record", typeof(RecordStep), Required: true),
        new("authenticate", typeof(AuthenticateStep), Required: true),
        new("resolve", typeof(ResolveStep), Required: true),
        new("authorize", typeof(AuthorizeStep), Required: true),
        // Direct calls only: a job's run never becomes a job again.
        new("job-plan", typeof(JobPlanStep), Required: false),
        new("admit", typeof(AdmitStep), Required: true),
        new("validate", typeof(ValidateStep), Required: true),
        new("job", typeof(JobStep), Required: false),
        new("check", typeof(CheckStep), Required: true),
        // The end of every pipeline: a delegate (DispatchStep, or the gateway's own tools in process), not a step.
        new("dispatch", typeof(DispatchStep), Required: true),
    ];

    /// <summary>The steps' names, outermost first; the last, <c>dispatch</c>, ends every pipeline.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Entries.Select(e => e.Name)];

    /// <summary>The order as docs/architecture.md quotes it: <c>trace → record → … → dispatch</c>.</summary>
    public static string Text { get; } = string.Join(" → ", Names);

    /// <summary>The name of a step in the order; throws for a step the order does not know.</summary>
    public static string NameOf(ICallStep step) => Find(step.GetType()).Name;

    /// <summary>
    /// The pipeline of <paramref name="steps"/> in this order, ending in <paramref name="dispatch"/>. Throws when a step
    /// is not in the order, is given twice, or a required one is missing (a call must never run unaudited, unchecked).
    /// </summary>
    public static CallPipeline Compose(IEnumerable<ICallStep> steps, CallDelegate dispatch)
    {
        var placed = new ICallStep?[Entries.Length];
        foreach (var step in steps)
        {
            var index = Array.IndexOf(Entries, Find(step.GetType()));
            if (placed[index] is not null)
            {
                throw new ArgumentException($"The pipeline step '{Entries[index].Name}' is given twice.", nameof(steps));
            }

            placed[index] = step;
        }

        var missing = Entries.Where((entry, i) => entry.Required && entry.Type != typeof(DispatchStep) && placed[i] is null).Select(e => e.Name).ToArray();
        if (missing.Length > 0)
        {
            throw new ArgumentException($"The pipeline lacks its required steps: {string.Join(", ", missing)}.", nameof(steps));
        }

        return new CallPipeline([.. placed.OfType<ICallStep>()], dispatch);
    }

    private static Entry Find(Type type) =>
        Entries.FirstOrDefault(e => e.Type == type && e.Type != typeof(DispatchStep))
        ?? throw new ArgumentException($"'{type.Name}' is not a step of the pipeline's order ({Text}).", nameof(type));

    private sealed record Entry(string Name, Type Type, bool Required);
}
