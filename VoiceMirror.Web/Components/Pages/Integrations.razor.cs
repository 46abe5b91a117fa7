using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using MudBlazor;
using VoiceMirror.Web.Access;
using VoiceMirror.Web.Components.Shared;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Limits;
using VoiceMirror.Web.Webhooks;

namespace VoiceMirror.Web.Components.Pages;

/// What API clients need to know: the limits in force, the webhook signing secret, and the deliveries made.
public sealed partial class Integrations
{
    private const string Masked = "whsec_••••••••••••••••••••••••";

    [Inject] private IServiceScopeFactory Scopes { get; set; } = null!;
    [Inject] private IOptions<LimitsOptions> LimitOptions { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;
    [Inject] private IJSRuntime JS { get; set; } = null!;

    private LimitsDto? _limits;
    private WebhookSecret? _secret;
    private List<DeliveryRow> _deliveries = [];
    private bool _showSecret;
    private bool _rotating;
    private string? _ownerId;
    private string _owner = OwnerKey.Local;

    private sealed record DeliveryRow(int AnimationId, int AvatarId, string Url, string Event, int Attempt, int? StatusCode, bool Succeeded,
        string? Error, DateTime AttemptedAt, DateTime? NextAttemptAt);

    protected override async Task OnInitializedAsync()
    {
        _ownerId = await Scopes.RunAsync<CurrentOwner, string?>(o => Task.FromResult(o.Id));
        _owner = OwnerKey.Of(_ownerId);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var active = await Scopes.RunAsync<RenderSlots, int>(s => s.ActiveAsync(_ownerId, CancellationToken.None));
        _secret = await Scopes.RunAsync<WebhookSecrets, WebhookSecret>(s => s.GetOrCreateAsync(_owner, CancellationToken.None));
        _deliveries = await Scopes.RunAsync<VoiceMirrorDbContext, List<DeliveryRow>>(db => db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.OwnerId == _owner).OrderByDescending(d => d.Id).Take(50)
            .Join(db.Animations, d => d.AnimationId, a => a.Id, (d, a) => new DeliveryRow(
                d.AnimationId, a.AvatarId, d.Url, d.Event, d.Attempt, d.StatusCode, d.Succeeded, d.Error, d.AttemptedAt, d.NextAttemptAt))
            .ToListAsync());
        _limits = LimitsDto.From(LimitOptions.Value, active);
    }

    private async Task CopyAsync()
    {
        if (_secret is null) return;
        await JS.InvokeVoidAsync("navigator.clipboard.writeText", _secret.Secret);
        Snackbar.Add(UiText.Get("Webhooks.Copied"), Severity.Info);
    }

    private async Task RotateAsync()
    {
        var sure = await Dialogs.ShowMessageBox(UiText.Get("Webhooks.RotateTitle"), UiText.Get("Webhooks.RotateText"),
            yesText: UiText.Get("Webhooks.Rotate"), cancelText: UiText.Get("Webhooks.Cancel"));
        if (sure != true) return;
        _rotating = true;
        try
        {
            _secret = await Scopes.RunAsync<WebhookSecrets, WebhookSecret>(s => s.RotateAsync(_owner, CancellationToken.None));
            _showSecret = true; // the new value is what the user came for
            Snackbar.Add(UiText.Get("Webhooks.Rotated"), Severity.Success);
        }
        finally
        {
            _rotating = false;
        }
    }

    private static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    private static string Utc(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
