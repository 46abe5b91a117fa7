using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using VoiceMirror.Engine.Speech;
using VoiceMirror.Web.Api;
using VoiceMirror.Web.Components.Shared;
using VoiceMirror.Web.Voices;

namespace VoiceMirror.Web.Components.Pages;

/// Every voice with a ▶ preview, deleting cloned ones, and the clone form (or how to enable cloning).
public sealed partial class Voices
{
    [Inject] private VoiceCatalog Catalog { get; set; } = null!;
    [Inject] private VoiceLibrary Library { get; set; } = null!;
    [Inject] private StudioState State { get; set; } = null!;
    [Inject] private VoicePreviewPlayer PreviewPlayer { get; set; } = null!;
    [Inject] private IJSRuntime JS { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;
    [Inject] private ILogger<Voices> Logger { get; set; } = null!;

    /// The studio a visitor came from (?avatar=5): after a clone they go back there, the new voice picked.
    [SupplyParameterFromQuery(Name = "avatar")] public int? AvatarId { get; set; }

    private IReadOnlyList<VoiceInfo>? _voices;
    private string? _error;
    private string? _loadingPreview;
    private string? _highlight;
    private ClonedVoiceDto? _cloned;

    protected override async Task OnInitializedAsync() => _voices = await LoadAsync();

    private async Task<IReadOnlyList<VoiceInfo>> LoadAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            return VoiceLibrary.ClonedFirst(await State.VisibleVoicesAsync(await Catalog.ListAsync(timeout.Token), timeout.Token)); // others' clones left out
        }
        catch (Exception e)
        {
            Logger.LogWarning(e, "Could not list voices");
            return [];
        }
    }

    private async Task PreviewAsync(VoiceInfo voice)
    {
        _error = null;
        _loadingPreview = voice.Id;
        try
        {
            _error = await PreviewPlayer.PlayAsync(voice, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, "[data-testid=voice-preview-audio]");
        }
        finally { _loadingPreview = null; }
    }

    private async Task DeleteAsync(VoiceInfo voice)
    {
        var parameters = new DialogParameters<ConfirmDeleteDialog>
        {
            { d => d.Name, voice.Name },
            { d => d.Title, UiText.Get("Voices.DeleteTitle") },
            { d => d.Text, UiText.Get("Voices.DeleteText", voice.Name) },
            { d => d.ConfirmLabel, UiText.Get("Voices.Delete", voice.Name) },
        };
        var dialog = await Dialogs.ShowAsync<ConfirmDeleteDialog>(UiText.Get("Voices.DeleteTitle"), parameters);
        if (await dialog.Result is not { Canceled: false }) return;
        _error = null;
        try
        {
            await State.DeleteVoiceAsync(voice.Id);
            if (await JS.InvokeAsync<string?>("vmVoices.preferred") == voice.Id) await JS.InvokeVoidAsync("vmVoices.prefer", (string?)null);
            Snackbar.Add(UiText.Get("Voices.Deleted", voice.Name), Severity.Info);
            _voices = await LoadAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (!UiErrors.IsExpected(e)) Logger.LogError(e, "Deleting voice {VoiceId} failed", voice.Id);
            _error = UiErrors.Describe(e);
        }
    }

    private async Task OnClonedAsync(ClonedVoiceDto voice)
    {
        await JS.InvokeVoidAsync("vmVoices.prefer", voice.VoiceId);
        if (AvatarId is { } avatar)
        {
            Navigation.NavigateTo($"/studio/{avatar}");
            return;
        }
        _cloned = voice;
        _highlight = voice.VoiceId;
        _voices = await LoadAsync();
    }
}
