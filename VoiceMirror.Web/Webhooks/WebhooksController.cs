using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using VoiceMirror.Web.Access;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Limits;

namespace VoiceMirror.Web.Webhooks;

/// The caller's webhook signing secret and the deliveries made to their callbackUrls.
[ApiController]
[Route("webhooks")]
[Tags("🔔 Уведомления (webhooks)")]
[Produces("application/json")]
public sealed class WebhooksController(WebhookSecrets secrets, VoiceMirrorDbContext db, CurrentOwner owner) : ControllerBase
{
    private string Owner => OwnerKey.Of(owner.Id);

    /// <summary>The secret that signs your webhooks (made on first request).</summary>
    /// <remarks>Each delivery carries X-VoiceMirror-Timestamp and X-VoiceMirror-Signature = "sha256=" + hex HMAC-SHA256 of
    /// "{timestamp}.{body}" with this secret. Refuse deliveries whose timestamp is more than a few minutes old.</remarks>
    [HttpGet("secret")]
    [ProducesResponseType<WebhookSecretDto>(StatusCodes.Status200OK)]
    public async Task<WebhookSecretDto> Secret(CancellationToken ct) => WebhookSecretDto.From(await secrets.GetOrCreateAsync(Owner, ct));

    /// <summary>Replace the secret; deliveries from now on are signed with the new one.</summary>
    [HttpPost("secret/rotate")]
    [ProducesResponseType<WebhookSecretDto>(StatusCodes.Status200OK)]
    public async Task<WebhookSecretDto> Rotate(CancellationToken ct) => WebhookSecretDto.From(await secrets.RotateAsync(Owner, ct));

    /// <summary>Your webhook deliveries, newest first: one row per attempt.</summary>
    /// <param name="animationId" example="1">Only those of this animation.</param>
    /// <param name="limit" example="50">At most this many (1–500, default 100).</param>
    [HttpGet("deliveries")]
    [ProducesResponseType<WebhookDeliveryDto[]>(StatusCodes.Status200OK)]
    public async Task<IEnumerable<WebhookDeliveryDto>> Deliveries([FromQuery] int? animationId, [FromQuery] int? limit, CancellationToken ct)
    {
        var owner = Owner;
        var rows = db.WebhookDeliveries.AsNoTracking().Where(d => d.OwnerId == owner);
        if (animationId is { } id) rows = rows.Where(d => d.AnimationId == id);
        var list = await rows.OrderByDescending(d => d.Id).Take(Math.Clamp(limit ?? 100, 1, 500)).ToListAsync(ct);
        return list.Select(WebhookDeliveryDto.From);
    }
}

/// <param name="Secret" example="whsec_6c1f…">HMAC-SHA256 key for X-VoiceMirror-Signature.</param>
/// <param name="CreatedAt" example="2024-01-01T00:00:00Z">When it was made or last rotated (UTC).</param>
public sealed record WebhookSecretDto(string Secret, DateTime CreatedAt)
{
    public static WebhookSecretDto From(WebhookSecret s) => new(s.Secret, s.CreatedAt);
}

/// <param name="Id" example="7">Delivery id.</param>
/// <param name="AnimationId" example="1">The animation whose status was sent.</param>
/// <param name="Url" example="https://example.com/hooks/voicemirror">Where it was sent.</param>
/// <param name="Event" example="completed">completed or error.</param>
/// <param name="Attempt" example="1">1 for the first try, 2… for retries.</param>
/// <param name="StatusCode" example="200">The receiver's HTTP status; null when it did not answer.</param>
/// <param name="Succeeded" example="true">2xx received.</param>
/// <param name="Error" example="">Why it failed (English), null on success.</param>
/// <param name="AttemptedAt" example="2024-01-01T00:00:41Z">UTC.</param>
/// <param name="DurationMs" example="120">Time to the receiver's answer.</param>
/// <param name="NextAttemptAt" example="">When the next retry is due; null when none follows.</param>
public sealed record WebhookDeliveryDto(int Id, int AnimationId, string Url, string Event, int Attempt, int? StatusCode, bool Succeeded,
    string? Error, DateTime AttemptedAt, int DurationMs, DateTime? NextAttemptAt)
{
    public static WebhookDeliveryDto From(WebhookDelivery d) =>
        new(d.Id, d.AnimationId, d.Url, d.Event, d.Attempt, d.StatusCode, d.Succeeded, d.Error, d.AttemptedAt, d.DurationMs, d.NextAttemptAt);
}
