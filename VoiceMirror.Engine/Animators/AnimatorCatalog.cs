namespace VoiceMirror.Engine.Animators;

/// <summary>
/// The installed engines and the choice between them: a request names <c>mirror</c> or <c>wav2lip</c>, or leaves it to
/// <see cref="EngineOptions.DefaultEngine"/>, whose <c>auto</c> means Wav2Lip where its model is installed and the
/// built-in engine otherwise.
/// </summary>
public sealed class AnimatorCatalog(IEnumerable<IFaceAnimator> animators, EngineOptions options)
{
    public const string Auto = "auto";

    // The engine that ships with VoiceMirror, so `auto` always has somewhere to go.
    private const string BuiltIn = "mirror";

    private readonly IReadOnlyList<IFaceAnimator> _animators = [.. animators];

    public IReadOnlyList<AnimatorInfo> List() => [.. _animators.Select(a => a.Describe())];

    public bool IsKnown(string id) => _animators.Any(a => a.Id == id);

    /// <summary>The engine that renders a request that asked for <paramref name="requested"/> (null or auto = the default).</summary>
    /// <exception cref="EngineException">UnknownEngine, or EngineUnavailable with the reason (model not installed).</exception>
    public IFaceAnimator Choose(string? requested)
    {
        var id = string.IsNullOrWhiteSpace(requested) ? options.DefaultEngine : requested.Trim().ToLowerInvariant();
        if (id == Auto)
        {
            // Wav2Lip first where installed: it is the one a user installs on purpose.
            return _animators.FirstOrDefault(a => a.Id != BuiltIn && a.Describe().Available)
                ?? Get(BuiltIn);
        }
        var animator = Get(id);
        var info = animator.Describe();
        return info.Available
            ? animator
            : throw new EngineException(EngineError.EngineUnavailable, $"Engine '{id}' cannot render: {info.UnavailableReason}");
    }

    /// <summary>
    /// The engine a render uses: the one its request was given (chosen when it arrived), else the default. Not checked
    /// for availability here: an engine whose model went missing since fails the render with ModelMissing, naming the file.
    /// </summary>
    public IFaceAnimator ForRender(string? engine) =>
        string.IsNullOrWhiteSpace(engine) || engine.Trim().Equals(Auto, StringComparison.OrdinalIgnoreCase)
            ? Choose(null)
            : Get(engine.Trim().ToLowerInvariant());

    private IFaceAnimator Get(string id) =>
        _animators.FirstOrDefault(a => a.Id == id)
        ?? throw new EngineException(EngineError.UnknownEngine,
            $"Unknown engine '{id}'; known: {string.Join(", ", _animators.Select(a => a.Id))} or {Auto}.");
}
