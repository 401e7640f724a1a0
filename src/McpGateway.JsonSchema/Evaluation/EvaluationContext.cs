using System.Runtime.CompilerServices;
using McpGateway.JsonSchema.Resolution;

namespace McpGateway.JsonSchema.Evaluation;

/// <summary>
/// Mutable state of one validation: budgets, instance location, dynamic scope, errors. Not shared between threads.
/// </summary>
internal sealed class EvaluationContext
{
    private readonly List<ValidationError> errors = [];
    private readonly List<SchemaResource> dynamicScope = [];
    private readonly List<(SchemaNode Target, int InstanceDepth)> activeReferences = [];
    private readonly Stack<AnnotationTracker> trackerPool = new();
    private long maxSteps;
    private int maxDepth;
    private PathSegment[] instancePath = new PathSegment[16];
    private int instanceDepth;
    private int suppressed;
    private long steps;
    private int depth;

    [ThreadStatic]
    private static EvaluationContext? cached;

    private EvaluationContext()
    {
    }

    public bool CollectAllErrors { get; private set; }

    public bool AssertFormat { get; private set; }

    public bool Aborted { get; private set; }

    /// <summary>False while evaluating branches whose errors would be discarded (anyOf, not, if, contains).</summary>
    public bool ErrorsEnabled => suppressed == 0;

    /// <summary>Whether a schema keeps evaluating keywords after one failed.</summary>
    public bool ContinueAfterFailure => CollectAllErrors && suppressed == 0 && !Aborted;

    public IReadOnlyList<ValidationError> Errors => errors;

    public int InstanceDepth => instanceDepth;

    /// <summary>A reset context, reused per thread so that a validation allocates almost nothing up front.</summary>
    public static EvaluationContext Rent(ValidationOptions options)
    {
        var context = cached ?? new EvaluationContext();
        cached = null;
        context.CollectAllErrors = options.CollectAllErrors;
        context.AssertFormat = options.AssertFormat;
        context.maxSteps = options.MaxEvaluationSteps;
        context.maxDepth = options.MaxEvaluationDepth;
        return context;
    }

    /// <summary>Clears the state and makes the context available to the next validation on this thread.</summary>
    public void Return()
    {
        errors.Clear();
        dynamicScope.Clear();
        activeReferences.Clear();
        instanceDepth = 0;
        suppressed = 0;
        steps = 0;
        depth = 0;
        Aborted = false;
        cached = this;
    }

    public bool EnterNode()
    {
        if (Aborted)
        {
            return false;
        }

        if (++steps > maxSteps)
        {
            Abort("$budget", $"validation stopped: more than {maxSteps} subschema evaluations (MaxEvaluationSteps)");
            return false;
        }

        if (++depth > maxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            depth--;
            Abort("$budget", $"validation stopped: subschemas nested deeper than {maxDepth} (MaxEvaluationDepth)");
            return false;
        }

        return true;
    }

    public void ExitNode() => depth--;

    /// <summary>Ends the validation as invalid with one error that is reported even inside suppressed branches.</summary>
    public void Abort(string keyword, string message, string schemaLocation = "")
    {
        if (Aborted)
        {
            return;
        }

        Aborted = true;
        errors.Add(new ValidationError(CurrentInstanceLocation(), schemaLocation, keyword, message));
    }

    public void Suppress() => suppressed++;

    public void Unsuppress() => suppressed--;

    public void AddError(string keyword, string schemaLocation, string message)
    {
        if (suppressed == 0 && !Aborted)
        {
            errors.Add(new ValidationError(CurrentInstanceLocation(), schemaLocation, keyword, message));
        }
    }

    public void AddError(KeywordEvaluator keyword, string message) => AddError(keyword.Keyword, keyword.SchemaLocation, message);

    public void PushProperty(string name) => Push(new PathSegment(name, 0));

    public void PushIndex(int index) => Push(new PathSegment(null, index));

    public void PopInstance() => instanceDepth--;

    public string CurrentInstanceLocation() => JsonPointer.Build(instancePath.AsSpan(0, instanceDepth));

    public bool PushScope(SchemaResource resource)
    {
        if (dynamicScope.Count > 0 && ReferenceEquals(dynamicScope[^1], resource))
        {
            return false;
        }

        dynamicScope.Add(resource);
        return true;
    }

    public void PopScope() => dynamicScope.RemoveAt(dynamicScope.Count - 1);

    /// <summary>The outermost resource in the dynamic scope that defines <c>$dynamicAnchor: name</c>.</summary>
    public SchemaNode? FindDynamicAnchor(string name)
    {
        foreach (var resource in dynamicScope)
        {
            if (resource.FindDynamicAnchor(name) is { } node)
            {
                return node;
            }
        }

        return null;
    }

    /// <summary>
    /// Marks entry into a reference target. Returns false when the same target is already being evaluated at the
    /// same instance location: a reference loop that consumes no input and would never end.
    /// </summary>
    public bool EnterReference(SchemaNode target)
    {
        foreach (var (active, activeDepth) in activeReferences)
        {
            if (ReferenceEquals(active, target) && activeDepth == instanceDepth)
            {
                return false;
            }
        }

        activeReferences.Add((target, instanceDepth));
        return true;
    }

    public void ExitReference() => activeReferences.RemoveAt(activeReferences.Count - 1);

    public AnnotationTracker RentTracker() => trackerPool.Count > 0 ? trackerPool.Pop() : new AnnotationTracker();

    public void ReturnTracker(AnnotationTracker tracker)
    {
        tracker.Reset();
        trackerPool.Push(tracker);
    }

    private void Push(PathSegment segment)
    {
        if (instanceDepth == instancePath.Length)
        {
            Array.Resize(ref instancePath, instancePath.Length * 2);
        }

        instancePath[instanceDepth++] = segment;
    }
}
