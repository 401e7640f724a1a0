using System.Runtime.CompilerServices;
using McpGateway.JsonSchema.Resolution;

namespace McpGateway.JsonSchema.Evaluation;

/// <summary>
/// Mutable state of one validation: budgets, instance location, dynamic scope, errors. Not shared between threads.
/// </summary>
internal sealed class EvaluationContext
{
    private readonly List<ValidationError> _errors = [];
    private readonly List<SchemaResource> _dynamicScope = [];
    private readonly List<(SchemaNode Target, int InstanceDepth)> _activeReferences = [];
    private readonly Stack<AnnotationTracker> _trackerPool = new();
    private long _maxSteps;
    private int _maxDepth;
    private PathSegment[] _instancePath = new PathSegment[16];
    private int _instanceDepth;
    private int _suppressed;
    private long _steps;
    private int _depth;

    [ThreadStatic]
    private static EvaluationContext? _cached;

    private EvaluationContext()
    {
    }

    public bool CollectAllErrors { get; private set; }

    public bool AssertFormat { get; private set; }

    public bool Aborted { get; private set; }

    /// <summary>False while evaluating branches whose errors would be discarded (anyOf, not, if, contains).</summary>
    public bool ErrorsEnabled => _suppressed == 0;

    /// <summary>Whether a schema keeps evaluating keywords after one failed.</summary>
    public bool ContinueAfterFailure => CollectAllErrors && _suppressed == 0 && !Aborted;

    public IReadOnlyList<ValidationError> Errors => _errors;

    public int InstanceDepth => _instanceDepth;

    /// <summary>A reset context, reused per thread so that a validation allocates almost nothing up front.</summary>
    public static EvaluationContext Rent(ValidationOptions options)
    {
        var context = _cached ?? new EvaluationContext();
        _cached = null;
        context.CollectAllErrors = options.CollectAllErrors;
        context.AssertFormat = options.AssertFormat;
        context._maxSteps = options.MaxEvaluationSteps;
        context._maxDepth = options.MaxEvaluationDepth;
        return context;
    }

    /// <summary>Clears the state and makes the context available to the next validation on this thread.</summary>
    public void Return()
    {
        _errors.Clear();
        _dynamicScope.Clear();
        _activeReferences.Clear();
        _instanceDepth = 0;
        _suppressed = 0;
        _steps = 0;
        _depth = 0;
        Aborted = false;
        _cached = this;
    }

    public bool EnterNode()
    {
        if (Aborted)
        {
            return false;
        }

        if (++_steps > _maxSteps)
        {
            Abort("$budget", $"validation stopped: more than {_maxSteps} subschema evaluations (MaxEvaluationSteps)");
            return false;
        }

        if (++_depth > _maxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            _depth--;
            Abort("$budget", $"validation stopped: subschemas nested deeper than {_maxDepth} (MaxEvaluationDepth)");
            return false;
        }

        return true;
    }

    public void ExitNode() => _depth--;

    /// <summary>Ends the validation as invalid with one error that is reported even inside suppressed branches.</summary>
    public void Abort(string keyword, string message, string schemaLocation = "")
    {
        if (Aborted)
        {
            return;
        }

        Aborted = true;
        _errors.Add(new ValidationError(CurrentInstanceLocation(), schemaLocation, keyword, message));
    }

    public void Suppress() => _suppressed++;

    public void Unsuppress() => _suppressed--;

    public void AddError(string keyword, string schemaLocation, string message)
    {
        if (_suppressed == 0 && !Aborted)
        {
            _errors.Add(new ValidationError(CurrentInstanceLocation(), schemaLocation, keyword, message));
        }
    }

    public void AddError(KeywordEvaluator keyword, string message) => AddError(keyword.Keyword, keyword.SchemaLocation, message);

    public void PushProperty(string name) => Push(new PathSegment(name, 0));

    public void PushIndex(int index) => Push(new PathSegment(null, index));

    public void PopInstance() => _instanceDepth--;

    public string CurrentInstanceLocation() => JsonPointer.Build(_instancePath.AsSpan(0, _instanceDepth));

    public bool PushScope(SchemaResource resource)
    {
        if (_dynamicScope.Count > 0 && ReferenceEquals(_dynamicScope[^1], resource))
        {
            return false;
        }

        _dynamicScope.Add(resource);
        return true;
    }

    public void PopScope() => _dynamicScope.RemoveAt(_dynamicScope.Count - 1);

    /// <summary>The outermost resource in the dynamic scope that defines <c>$dynamicAnchor: name</c>.</summary>
    public SchemaNode? FindDynamicAnchor(string name)
    {
        foreach (var resource in _dynamicScope)
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
        foreach (var (active, activeDepth) in _activeReferences)
        {
            if (ReferenceEquals(active, target) && activeDepth == _instanceDepth)
            {
                return false;
            }
        }

        _activeReferences.Add((target, _instanceDepth));
        return true;
    }

    public void ExitReference() => _activeReferences.RemoveAt(_activeReferences.Count - 1);

    public AnnotationTracker RentTracker() => _trackerPool.Count > 0 ? _trackerPool.Pop() : new AnnotationTracker();

    public void ReturnTracker(AnnotationTracker tracker)
    {
        tracker.Reset();
        _trackerPool.Push(tracker);
    }

    private void Push(PathSegment segment)
    {
        if (_instanceDepth == _instancePath.Length)
        {
            Array.Resize(ref _instancePath, _instancePath.Length * 2);
        }

        _instancePath[_instanceDepth++] = segment;
    }
}
