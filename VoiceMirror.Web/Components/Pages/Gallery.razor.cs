using Microsoft.AspNetCore.Components;
using MudBlazor;
using VoiceMirror.Web.Api;
using VoiceMirror.Web.Components.Shared;
using VoiceMirror.Web.Data;

namespace VoiceMirror.Web.Components.Pages;

public sealed partial class Gallery
{
    [Inject] private IServiceScopeFactory Scopes { get; set; } = null!;
    [Inject] private StudioState State { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;
    [Inject] private ILogger<Gallery> Logger { get; set; } = null!;

    private List<AvatarSummary>? _avatars;
    private IDisposable? _subscription;

    protected override async Task OnInitializedAsync()
    {
        // A new animation (from the studio or the API) changes a card's count; reload on its first update only.
        var known = new HashSet<int>();
        _subscription = State.Subscribe(a =>
        {
            lock (known)
                if (!known.Add(a.Id)) return;
            _ = InvokeAsync(LoadAsync);
        });
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _avatars = await State.AvatarsAsync();
        StateHasChanged();
    }

    private async Task OnCreatedAsync(Avatar created)
    {
        Snackbar.Add(UiText.Get("Upload.Done", created.Name), Severity.Success);
        await LoadAsync();
    }

    private async Task EditAsync(AvatarSummary avatar)
    {
        var parameters = new DialogParameters<EditAvatarDialog> { { d => d.Avatar, avatar } };
        var dialog = await Dialogs.ShowAsync<EditAvatarDialog>(UiText.Get("Edit.Title"), parameters);
        var result = await dialog.Result;
        if (result is null || result.Canceled) return;
        Snackbar.Add(UiText.Get("Edit.Saved"), Severity.Success);
        await LoadAsync();
    }

    private async Task DeleteAsync(AvatarSummary avatar)
    {
        var parameters = new DialogParameters<ConfirmDeleteDialog> { { d => d.Name, avatar.Name } };
        var dialog = await Dialogs.ShowAsync<ConfirmDeleteDialog>(UiText.Get("Delete.Title"), parameters);
        var result = await dialog.Result;
        if (result is null || result.Canceled) return;
        try
        {
            await Scopes.RunAsync<AvatarService>(s => s.DeleteAsync(avatar.Id, CancellationToken.None));
            Snackbar.Add(UiText.Get("Delete.Done", avatar.Name), Severity.Info);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (!UiErrors.IsExpected(e)) Logger.LogError(e, "Deleting avatar {AvatarId} failed", avatar.Id);
            Snackbar.Add(UiErrors.Describe(e), Severity.Error);
        }
        await LoadAsync();
    }

    public void Dispose() => _subscription?.Dispose();
}
