using Hangfire;
using VoiceMirror.Web.Data;

namespace VoiceMirror.Web.Webhooks;

/// Queues the delivery of an animation's final status to its callbackUrl, if it has one.
public sealed class WebhookDispatch(IBackgroundJobClient jobs, ILogger<WebhookDispatch> logger)
{
    public void Enqueue(Animation animation)
    {
        if (animation.CallbackUrl is null || animation.Status == AnimationStatus.Processing) return;
        var jobId = jobs.Enqueue<WebhookJob>(job => job.DeliverAsync(animation.Id, 1, CancellationToken.None));
        logger.LogInformation("Webhook for animation {AnimationId} ({Status}) queued as job {JobId}", animation.Id, animation.Status, jobId);
    }
}
