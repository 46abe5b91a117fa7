using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.JSInterop;
using VoiceMirror.Web.Api;
using VoiceMirror.Web.Localization;

namespace VoiceMirror.Web.Components.Shared;

public sealed partial class VoiceCloneForm : IAsyncDisposable
{
    public const int Takes = 3;
    /// The consent recording is one more take after the samples, kept apart from them when sending.
    private const int ConsentTake = Takes;
    private const string FilesSelector = "#vm-voice-files";

    [Inject] private IJSRuntime JS { get; set; } = null!;
    [Inject] private ILogger<VoiceCloneForm> Logger { get; set; } = null!;

    /// Display name of the provider the recordings go to.
    [Parameter] public string Provider { get; set; } = "";
    [Parameter] public EventCallback<ClonedVoiceDto> OnCloned { get; set; }

    /// The provider's consent phrases (BCP 47 tag → phrase); when there are any, the speaker records one as its own take.
    [Parameter] public IReadOnlyDictionary<string, string> ConsentPhrases { get; set; } = new Dictionary<string, string>();

    private readonly TakeInfo?[] _takes = new TakeInfo?[Takes + 1];
    private string? _consentLanguage;
    private List<string> _files = [];
    private string _readLanguage = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "ru";
    private bool _canRecord = true;
    private int? _recording;
    private string? _micError;
    private string? _name;
    private bool _consent;
    private bool _busy;
    private string? _error;

    private sealed record TakeInfo(string Url, double Seconds, long Bytes);

    private bool HasSamples => _takes.Take(Takes).Any(t => t is not null) || _files.Count > 0;

    private bool NeedsConsentRecording => ConsentPhrases.Count > 0;

    protected override void OnParametersSet() =>
        _consentLanguage ??= ConsentPhrases.Count > 0 ? VoiceMirror.Web.Voices.ConsentPhrases.Language(ConsentPhrases, null) : null;

    /// Why the button is disabled, said under it; the server's checks (format, silence, size) come after sending.
    private string? WhyNot =>
        _recording is not null ? UiText.Get("Voices.WhyRecording")
        : NeedsConsentRecording && _takes[ConsentTake] is null ? UiText.Get("Voices.WhyConsentTake")
        : !HasSamples ? UiText.Get("Voices.WhySamples")
        : string.IsNullOrWhiteSpace(_name) ? UiText.Get("Voices.WhyName")
        : !_consent ? UiText.Get("Voices.WhyConsent")
        : null;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        _canRecord = await JS.InvokeAsync<bool>("vmVoices.reset");
        if (!_canRecord) StateHasChanged();
    }

    private async Task StartAsync(int index)
    {
        _micError = null;
        try
        {
            await JS.InvokeVoidAsync("vmVoices.start", index, "#vm-meter", "#vm-clock");
            _recording = index;
        }
        catch (JSException e)
        {
            // Permission refused or no microphone: uploading files still works.
            _micError = UiText.Get("Voices.NoMic", e.Message.Split('\n')[0]);
        }
    }

    private async Task StopAsync()
    {
        if (_recording is not { } index) return;
        try
        {
            var take = await JS.InvokeAsync<TakeInfo>("vmVoices.stop");
            _takes[index] = take;
        }
        catch (JSException e)
        {
            _micError = UiText.Get("Voices.NoMic", e.Message.Split('\n')[0]);
        }
        finally { _recording = null; }
    }

    private void OnFilesPicked(InputFileChangeEventArgs e) =>
        _files = [.. e.GetMultipleFiles(VoicesController.MaxSamples * 2).Select(f => $"{f.Name} · {f.Size / 1024.0 / 1024.0:0.0} MB")];

    private async Task ClearFilesAsync()
    {
        await JS.InvokeVoidAsync("vmVoices.clearFiles", FilesSelector);
        _files = [];
    }

    private async Task CloneAsync()
    {
        if (WhyNot is not null || _busy) return;
        _busy = true;
        _error = null;
        try
        {
            var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
            var reply = await JS.InvokeAsync<CloneReply>("vmVoices.clone", TimeSpan.FromMinutes(10), _name!.Trim(), _consent, FilesSelector, language,
                NeedsConsentRecording ? ConsentTake : -1, _consentLanguage);
            if (reply.Status == 200 && JsonSerializer.Deserialize<ClonedVoiceDto>(reply.Body, JsonSerializerOptions.Web) is { } voice)
            {
                for (var i = 0; i < _takes.Length; i++)
                {
                    if (_takes[i] is null) continue;
                    await JS.InvokeVoidAsync("vmVoices.discard", i);
                    _takes[i] = null;
                }
                await ClearFilesAsync();
                _name = null;
                _consent = false;
                await OnCloned.InvokeAsync(voice);
            }
            else _error = ProblemDetail(reply.Body);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Logger.LogWarning(e, "Sending a clone request from the browser failed");
            _error = Messages.Get("Unexpected");
        }
        finally { _busy = false; }
    }

    /// The ProblemDetails' detail: already in the user's language (the request carried it as Accept-Language).
    private static string ProblemDetail(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 } text) return text;
        }
        catch (JsonException) { }
        return Messages.Get("Unexpected");
    }

    private sealed record CloneReply(int Status, string Body);

    public async ValueTask DisposeAsync()
    {
        if (_recording is null) return;
        try { await JS.InvokeVoidAsync("vmVoices.cancel"); }
        catch (JSDisconnectedException) { } // the tab is gone, and the microphone with it
    }
}
