using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using VoiceMirror.Engine;
using VoiceMirror.Engine.Animators;
using VoiceMirror.Engine.Speech;
using VoiceMirror.Web.Api;
using VoiceMirror.Web.Components.Shared;

namespace VoiceMirror.Web.Components.Pages;

/// One avatar: write a text, pick a voice, animate, watch the render move (pushed through StudioState), play the result.
public sealed partial class Studio
{
    [Inject] private StudioState State { get; set; } = null!;
    [Inject] private VoiceCatalog Voices { get; set; } = null!;
    [Inject] private AnimatorCatalog Engines { get; set; } = null!;
    [Inject] private EngineOptions EngineOptions { get; set; } = null!;
    [Inject] private IOptions<AnimationOptions> Options { get; set; } = null!;
    [Inject] private ILogger<Studio> Logger { get; set; } = null!;

    [Parameter] public int AvatarId { get; set; }

    private AvatarSummary? _avatar;
    private List<AnimationView> _animations = [];
    private IReadOnlyList<VoiceInfo> _voices = [];
    private IDisposable? _subscription;
    private CultureInfo _culture = CultureInfo.CurrentCulture;
    private CultureInfo _uiCulture = CultureInfo.CurrentUICulture;
    private int? _currentId;
    private string? _text;
    private string _voiceId = "";
    private IReadOnlyList<AnimatorInfo> _engines = [];
    private AnimatorInfo? _defaultEngine;
    private string _engine = "";
    private bool _liveliness = true;
    private string? _error;
    private bool _loading = true;
    private bool _starting;

    private int MaxTextLength => Options.Value.MaxTextLength;

    private bool CanAnimate => !_starting && !string.IsNullOrWhiteSpace(_text) && _text.Length <= MaxTextLength;

    private AnimationView? Current => _animations.FirstOrDefault(a => a.Id == _currentId);

    protected override async Task OnParametersSetAsync()
    {
        _culture = CultureInfo.CurrentCulture;
        _uiCulture = CultureInfo.CurrentUICulture;
        _subscription?.Dispose();
        // Subscribed before loading so that no update falls between the query and the subscription.
        _subscription = State.Subscribe(OnAnimationUpdated);
        _loading = true;
        _avatar = await State.AvatarAsync(AvatarId);
        if (_avatar is not null)
        {
            var history = await State.AnimationsAsync(AvatarId);
            foreach (var row in history) Upsert(row);
            _currentId ??= _animations.FirstOrDefault()?.Id;
            _voices = await LoadVoicesAsync();
            _engines = Engines.List();
            _liveliness = EngineOptions.Liveliness;
            try { _defaultEngine = Engines.Choose(null).Describe(); }
            catch (EngineException) { _defaultEngine = null; }
        }
        _loading = false;
    }

    private async Task<IReadOnlyList<VoiceInfo>> LoadVoicesAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            return await Voices.ListAsync(timeout.Token);
        }
        catch (Exception e)
        {
            // A cloud provider being down must not take the studio with it: the default voice still works.
            Logger.LogWarning(e, "Could not list voices");
            return [];
        }
    }

    private async Task AnimateAsync()
    {
        if (!CanAnimate) return;
        _starting = true;
        _error = null;
        try
        {
            var request = new AnimateRequest(AvatarId, _text, string.IsNullOrEmpty(_voiceId) ? null : _voiceId,
                string.IsNullOrEmpty(_engine) ? null : _engine, _liveliness);
            var animation = await State.AnimateAsync(request);
            Upsert(animation);
            _currentId = animation.Id;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (!UiErrors.IsExpected(e)) Logger.LogError(e, "Starting an animation of avatar {AvatarId} failed", AvatarId);
            _error = UiErrors.Describe(e);
        }
        finally { _starting = false; }
    }

    // Called on the render job's thread: hop onto the circuit and render in the user's language, not the worker's.
    private void OnAnimationUpdated(AnimationView update)
    {
        if (update.AvatarId != AvatarId) return;
        _ = InvokeAsync(() =>
        {
            CultureInfo.CurrentCulture = _culture;
            CultureInfo.CurrentUICulture = _uiCulture;
            Upsert(update);
            StateHasChanged();
        });
    }

    /// Newest first; an older snapshot than the one shown (updates can overtake each other) is ignored.
    private void Upsert(AnimationView update)
    {
        var index = _animations.FindIndex(a => a.Id == update.Id);
        if (index < 0)
        {
            _animations.Add(update);
            _animations.Sort((a, b) => b.Id.CompareTo(a.Id));
        }
        else if (update.UpdatedAt >= _animations[index].UpdatedAt)
            _animations[index] = update;
    }

    private static string EngineLabel(AnimatorInfo? engine) => engine?.Id switch
    {
        null => "—",
        "mirror" => UiText.Get("Studio.EngineMirror"),
        "wav2lip" => UiText.Get("Studio.EngineWav2Lip"),
        _ => engine.Name,
    };

    private static string VoiceLabel(VoiceInfo v) =>
        string.Join(" · ", new[] { v.Name, v.Language, v.Provider }.Where(s => !string.IsNullOrWhiteSpace(s)));

    public void Dispose() => _subscription?.Dispose();
}
