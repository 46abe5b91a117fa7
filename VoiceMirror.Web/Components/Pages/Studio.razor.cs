using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Microsoft.Extensions.Options;
using VoiceMirror.Engine;
using VoiceMirror.Engine.Animators;
using VoiceMirror.Engine.Speech;
using VoiceMirror.Web.Api;
using VoiceMirror.Web.Errors;
using VoiceMirror.Web.Components.Shared;
using VoiceMirror.Web.Voices;

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
    [Inject] private DraftKeeper Drafts { get; set; } = null!;
    [Inject] private IJSRuntime JS { get; set; } = null!;
    [Inject] private VoicePreviewPlayer PreviewPlayer { get; set; } = null!;

    // How often an open studio checks that its avatar still exists (deleted in another tab or through the API).
    private static readonly TimeSpan GoneCheck = TimeSpan.FromSeconds(3);

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
    private bool _previewing;
    private bool _gone;
    private bool _draftTaken;
    private IDisposable? _draftRegistration;
    private CancellationTokenSource? _watch;

    private int MaxTextLength => Options.Value.MaxTextLength;

    private bool CanAnimate => !_starting && !_gone && !string.IsNullOrWhiteSpace(_text) && TextProblem is null;

    /// Said under the field as soon as it holds: the same rules the service applies, before any request.
    private string? TextProblem =>
        string.IsNullOrWhiteSpace(_text) ? null
        : _text.Trim().Length > MaxTextLength ? UiText.Get("Studio.TextOver", MaxTextLength, _text.Trim().Length - MaxTextLength)
        : !AnimationService.HasSomethingToPronounce(_text) ? UiText.Get("Studio.NothingToPronounce")
        : null;

    private string DraftKey => $"vm-draft:studio:{AvatarId}";

    private sealed record Draft(string? Text, string Voice, string Engine, bool Liveliness);

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
            _draftRegistration?.Dispose();
            _draftRegistration = Drafts.Register(DraftKey, () => JsonSerializer.Serialize(new Draft(_text, _voiceId, _engine, _liveliness)));
            WatchForDeletion();
        }
        _loading = false;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // After a language switch the page was reloaded: take back the text and choices it had.
        if (_draftTaken || _loading || _avatar is null) return;
        _draftTaken = true;
        if (await Drafts.TakeAsync(DraftKey) is not { } json)
        {
            // No draft to restore: start with the voice cloned last on the Voices page, while it exists.
            if (await JS.InvokeAsync<string?>("vmVoices.preferred") is { } preferred && _voices.Any(v => v.Id == preferred))
            {
                _voiceId = preferred;
                StateHasChanged();
            }
            return;
        }
        var draft = JsonSerializer.Deserialize<Draft>(json);
        if (draft is null) return;
        _text = draft.Text;
        _voiceId = _voices.Any(v => v.Id == draft.Voice) ? draft.Voice : "";
        _engine = _engines.Any(e => e.Id == draft.Engine) ? draft.Engine : "";
        _liveliness = draft.Liveliness;
        StateHasChanged();
    }

    private void WatchForDeletion()
    {
        _watch?.Cancel();
        _watch = new CancellationTokenSource();
        var ct = _watch.Token;
        _ = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(GoneCheck);
            try
            {
                while (await timer.WaitForNextTickAsync(ct))
                {
                    var exists = await State.AvatarExistsAsync(AvatarId, ct);
                    if (exists) continue;
                    await InvokeAsync(MarkGone);
                    return;
                }
            }
            catch (OperationCanceledException) { }
            catch (Exception e) { Logger.LogWarning(e, "Checking that avatar {AvatarId} still exists failed", AvatarId); }
        }, ct);
    }

    private void MarkGone()
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
        _gone = true;
        _watch?.Cancel();
        StateHasChanged();
    }

    private async Task SelectAsync(int id)
    {
        _currentId = id;
        StateHasChanged();
        await JS.InvokeVoidAsync("vmUi.reveal", "[data-testid=result]");
    }

    private async Task<IReadOnlyList<VoiceInfo>> LoadVoicesAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var all = await Voices.ListAsync(timeout.Token);
            return VoiceLibrary.ClonedFirst(await State.VisibleVoicesAsync(all, timeout.Token)); // other users' clones left out
        }
        catch (Exception e)
        {
            // A cloud provider being down must not take the studio with it: the default voice still works.
            Logger.LogWarning(e, "Could not list voices");
            return [];
        }
    }

    /// "Automatic" previews the local voice of the reader's language: what a text in that language would get.
    private VoiceInfo? PreviewVoice => string.IsNullOrEmpty(_voiceId)
        ? _voices.FirstOrDefault(v => v.Provider == "espeak" && v.Language == _uiCulture.TwoLetterISOLanguageName)
        : _voices.FirstOrDefault(v => v.Id == _voiceId);

    private async Task PreviewVoiceAsync()
    {
        if (PreviewVoice is not { } voice) return;
        _previewing = true;
        _error = null;
        try
        {
            _error = await PreviewPlayer.PlayAsync(voice, _uiCulture.TwoLetterISOLanguageName, "[data-testid=studio-preview-audio]");
        }
        finally { _previewing = false; }
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
        catch (ApiProblemException e) when (e.MessageKey == "AvatarNotFound")
        {
            MarkGone();
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

    // The API gives licences in English; the picker says them in the reader's language.
    private static string LicenceLabel(AnimatorInfo engine) => engine.Id switch
    {
        "mirror" => UiText.Get("Studio.LicenceMirror"),
        "wav2lip" => UiText.Get("Studio.LicenceWav2Lip"),
        _ => engine.Licence,
    };

    private static string VoiceLabel(VoiceInfo v) =>
        string.Join(" · ", new[] { VoiceNames.Label(v), v.Provider, v.IsCloned ? UiText.Get("Voices.Cloned") : null }
            .Where(s => !string.IsNullOrWhiteSpace(s)));

    public void Dispose()
    {
        _subscription?.Dispose();
        _draftRegistration?.Dispose();
        _watch?.Cancel();
    }
}
