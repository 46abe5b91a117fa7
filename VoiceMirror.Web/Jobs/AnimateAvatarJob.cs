using System.ComponentModel;
using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using VoiceMirror.Engine;
using VoiceMirror.Engine.Pipeline;
using VoiceMirror.Engine.Speech;
using VoiceMirror.Engine.Vision.FaceMesh;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Hubs;
using VoiceMirror.Web.Storage;
using VoiceMirror.Web.Webhooks;

namespace VoiceMirror.Web.Jobs;

/// Renders one animation's video. Safe to run again for the same id: a completed row returns at once, the temp
/// file has a fixed name that a re-run overwrites, and the video's file name is reserved in the row before rendering.
public sealed class AnimateAvatarJob(
    VoiceMirrorDbContext db, IServiceProvider services, AnimationNotifier notifier, MediaStore media, WebhookDispatch webhooks,
    ILogger<AnimateAvatarJob> logger)
{
    /// First run plus Hangfire's retries. Only unexpected failures are retried; an EngineException
    /// (no face, missing model…) cannot succeed on a second try and ends the animation at once.
    public const int MaxAttempts = 3;

    // A failed animation ends the job with AnimationFailedException, after its error row is saved: Hangfire then
    // lists it under Failed for admins, and does not retry it.
    [Queue("gpu")]
    [DisplayName("Animate #{0}")]
    [AutomaticRetry(Attempts = MaxAttempts - 1, OnAttemptsExceeded = AttemptsExceededAction.Delete, ExceptOn = [typeof(AnimationFailedException)])]
    public async Task RunAsync(int animationId, CancellationToken ct)
    {
        using var scope = logger.BeginScope("Animation {AnimationId}", animationId);
        var animation = await db.Animations.Include(a => a.Avatar).FirstOrDefaultAsync(a => a.Id == animationId, ct);
        if (animation?.Avatar is null)
        {
            logger.LogInformation("Animation {AnimationId} no longer exists; nothing to render", animationId);
            return;
        }
        if (animation.Status == AnimationStatus.Completed && media.Exists(animation.VideoFile))
        {
            logger.LogInformation("Animation {AnimationId} is already completed", animationId);
            return;
        }

        animation.Attempts++;
        animation.Status = AnimationStatus.Processing;
        animation.VideoFile ??= MediaStore.NewFileName("animated", ".mp4");
        animation.UpdatedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(ct);

        var temp = Path.Combine(media.WorkPath, $"animation-{animationId}.mp4");
        AnimationFailedException? failure = null;
        try
        {
            // Resolved here so that a model that cannot load fails this animation instead of the job's activation.
            var pipeline = services.GetRequiredService<AnimationPipeline>();
            var request = new AnimationRequest(media.PathOf(animation.Avatar.ImageFile),
                media.PathOf(animation.SpeechFile ?? animation.AudioFile!), temp)
            {
                Engine = animation.Engine,
                Liveliness = animation.Liveliness,
                Seed = animation.Id,
                Phonemes = animation.Phonemes is null ? null : JsonSerializer.Deserialize<List<PhonemeMark>>(animation.Phonemes),
                Language = ScriptDetector.DetectLanguage(animation.Text),
                PhotoLandmarks = animation.Avatar.Landmarks is null ? null : FaceLandmarks.FromJson(animation.Avatar.Landmarks),
            };
            logger.LogInformation("Rendering animation {AnimationId} (attempt {Attempt})", animationId, animation.Attempts);
            var result = await pipeline.RenderAsync(request, notifier.CreateProgress(animationId), ct);

            media.MoveIn(temp, animation.VideoFile);
            animation.Status = AnimationStatus.Completed;
            animation.Stage = AnimationStage.Done;
            animation.Progress = 100;
            animation.DurationSeconds = Math.Round(result.DurationSeconds, 3);
            animation.Engine = result.Engine;
            animation.Model = result.ModelName;
            animation.ExecutionProvider = result.ExecutionProvider;
            animation.CompletedAt = animation.UpdatedAt = DateTime.UtcNow;
            if (!await SaveUnlessDeletedAsync(animation)) return;
            logger.LogInformation("Animation {AnimationId} completed: {Frames} frames, {Duration:F1} s, {Engine} ({Model} on {Provider})",
                animationId, result.FrameCount, result.DurationSeconds, result.Engine, result.ModelName, result.ExecutionProvider);
        }
        catch (EngineException e)
        {
            logger.LogWarning("Animation {AnimationId} failed: {Error} {Reason}", animationId, e.Error, e.Message);
            if (await FailAsync(animation, e.Error.ToString(), e.Message)) failure = new AnimationFailedException(animationId, e.Error.ToString(), e);
        }
        catch (Exception e) when (e is not OperationCanceledException and not AnimationFailedException)
        {
            if (animation.Attempts >= MaxAttempts)
            {
                logger.LogError(e, "Animation {AnimationId} failed after {Attempts} attempts", animationId, animation.Attempts);
                if (await FailAsync(animation, "RenderFailed", e.Message)) failure = new AnimationFailedException(animationId, "RenderFailed", e);
            }
            else
            {
                logger.LogWarning(e, "Animation {AnimationId} attempt {Attempt} failed; Hangfire will retry", animationId, animation.Attempts);
                animation.Stage = AnimationStage.Retrying;
                animation.UpdatedAt = DateTime.UtcNow;
                if (await SaveUnlessDeletedAsync(animation)) notifier.Publish(animation.Snapshot());
                throw;
            }
        }
        finally
        {
            File.Delete(temp);
        }
        // The row as just saved (completed, or failed and still there): subscribers get it without another read.
        if (failure is not null || animation.Status == AnimationStatus.Completed)
        {
            notifier.Publish(animation.Snapshot());
            webhooks.Enqueue(animation);
        }
        if (failure is not null) throw failure;
    }

    /// False when the animation was deleted meanwhile: then there is nothing left to report as failed.
    private async Task<bool> FailAsync(Animation animation, string code, string detail)
    {
        animation.Status = AnimationStatus.Error;
        animation.Stage = AnimationStage.Failed;
        animation.ErrorCode = code;
        animation.ErrorMessage = detail.Length > 2000 ? detail[..2000] : detail;
        animation.UpdatedAt = DateTime.UtcNow;
        return await SaveUnlessDeletedAsync(animation);
    }

    // The avatar may have been deleted while rendering; then the finished video is an orphan and goes too.
    private async Task<bool> SaveUnlessDeletedAsync(Animation animation)
    {
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            logger.LogInformation("Animation {AnimationId} was deleted while rendering", animation.Id);
            media.Delete(animation.VideoFile);
            return false;
        }
    }
}
