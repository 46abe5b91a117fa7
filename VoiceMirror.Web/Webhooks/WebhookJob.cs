using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceMirror.Web.Api;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Limits;
using VoiceMirror.Web.Storage;

namespace VoiceMirror.Web.Webhooks;

/// POSTs an animation's final status (the JSON of GET /avatar/animations/{id}/status) to its callbackUrl, signed with
/// the owner's secret, records the attempt, and schedules the next one after a failure.
public sealed class WebhookJob(
    VoiceMirrorDbContext db, WebhookSecrets secrets, MediaStore media, IHttpClientFactory http, IBackgroundJobClient jobs,
    IOptionsMonitor<WebhookOptions> options, ILogger<WebhookJob> logger)
{
    public const string HttpClientName = "webhooks";

    // The status body as the API writes it (camelCase, contract timestamps).
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new UtcDateTimeConverter() } };

    // A webhook has no request language: error texts are in the API's default language (errorCode is the stable field).
    private static readonly CultureInfo DefaultCulture = new("ru");

    // Retries are scheduled here with the configured delays (Hangfire's own would retry a refused target too).
    [Queue("default")]
    [DisplayName("Webhook of animation #{0}, attempt {1}")]
    [AutomaticRetry(Attempts = 0)]
    public async Task DeliverAsync(int animationId, int attempt, CancellationToken ct)
    {
        var animation = await db.Animations.AsNoTracking().FirstOrDefaultAsync(a => a.Id == animationId, ct);
        // Deleted, callback removed, or rendered again meanwhile (that render will send its own webhook).
        if (animation?.CallbackUrl is null || animation.Status == AnimationStatus.Processing) return;

        var owner = OwnerKey.Of(animation);
        var secret = await secrets.GetOrCreateAsync(owner, ct);
        var dto = AnimationDto.From(animation, media, animation.CallbackBaseUrl ?? "", DefaultCulture);
        var body = JsonSerializer.SerializeToUtf8Bytes(dto, Json);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        using var request = new HttpRequestMessage(HttpMethod.Post, animation.CallbackUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret.Secret, timestamp, body));
        request.Headers.Add(WebhookSignature.EventHeader, "animation." + animation.Status);
        request.Headers.Add(WebhookSignature.AttemptHeader, attempt.ToString(CultureInfo.InvariantCulture));

        var delivery = new WebhookDelivery
        {
            AnimationId = animationId, OwnerId = owner, Url = animation.CallbackUrl, Event = animation.Status, Attempt = attempt,
            AttemptedAt = DateTime.UtcNow,
        };
        var retry = true;
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            delivery.StatusCode = (int)response.StatusCode;
            delivery.Succeeded = response.IsSuccessStatusCode;
            if (!delivery.Succeeded) delivery.Error = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (HttpRequestException e) when (Refusal(e) is { } refused)
        {
            delivery.Error = Trim(refused.Message);
            retry = false; // the address will not become allowed by waiting
        }
        catch (HttpRequestException e)
        {
            delivery.Error = Trim(e.Message);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            delivery.Error = $"No answer within {options.CurrentValue.TimeoutSeconds} s";
        }
        delivery.DurationMs = (int)clock.ElapsedMilliseconds;

        var delays = options.CurrentValue.RetryDelays;
        if (!delivery.Succeeded && retry && attempt <= delays.Length)
        {
            var delay = TimeSpan.FromSeconds(delays[attempt - 1]);
            delivery.NextAttemptAt = DateTime.UtcNow + delay;
            jobs.Schedule<WebhookJob>(job => job.DeliverAsync(animationId, attempt + 1, CancellationToken.None), delay);
        }
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(CancellationToken.None);

        if (delivery.Succeeded)
            logger.LogInformation("Webhook of animation {AnimationId} delivered (attempt {Attempt}, HTTP {Status})", animationId, attempt, delivery.StatusCode);
        else
            logger.LogWarning("Webhook of animation {AnimationId} attempt {Attempt} failed: {Error}; next attempt {Next}",
                animationId, attempt, delivery.Error, delivery.NextAttemptAt?.ToString("O") ?? "none");
    }

    private static WebhookTargetRefusedException? Refusal(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is WebhookTargetRefusedException refused) return refused;
        return null;
    }

    private static string Trim(string text) => text.Length > 500 ? text[..500] : text;
}
