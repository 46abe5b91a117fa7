using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceMirror.Engine;
using VoiceMirror.Engine.Animators;
using VoiceMirror.Engine.Speech;
using VoiceMirror.Web.Access;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Errors;
using VoiceMirror.Web.Jobs;
using VoiceMirror.Web.Limits;
using VoiceMirror.Web.Storage;
using VoiceMirror.Web.Webhooks;

namespace VoiceMirror.Web.Api;

/// Starts an animation: checks the request, speaks the text now (so audioUrl is in the response),
/// and queues the video render. Identical requests reuse the animation already done or under way.
public sealed class AnimationService(
    VoiceMirrorDbContext db, SpeechStage speech, AnimatorCatalog engines, EngineOptions engineOptions, MediaStore media,
    RenderQueue renders, IOptions<AnimationOptions> options, CurrentOwner owner, VoiceOwnership voices,
    RenderSlots slots, CallbackTargets callbacks, WebhookDispatch webhooks, ILogger<AnimationService> logger)
{
    /// For the UI: no callback.
    public Task<Animation> StartAsync(AnimateRequest request, CancellationToken ct) => StartAsync(request, null, ct);

    /// <param name="baseUrl">The server's address as the caller sees it, for the webhook's URLs.</param>
    public async Task<Animation> StartAsync(AnimateRequest request, string? baseUrl, CancellationToken ct)
    {
        var text = request.Text?.Trim();
        if (string.IsNullOrEmpty(text)) throw ApiProblemException.BadRequest("TextRequired");
        // "..." would be synthesised into silence and fail the render later with a reason that names no fix.
        if (!HasSomethingToPronounce(text)) throw ApiProblemException.BadRequest("NothingToPronounce");
        if (text.Length > options.Value.MaxTextLength)
            throw ApiProblemException.BadRequest("TextTooLongLimit", options.Value.MaxTextLength);
        // The animation belongs to the avatar's owner, also when an admin starts it.
        var avatar = await db.Avatars.VisibleTo(owner).Where(a => a.Id == request.AvatarId).Select(a => new { a.OwnerId }).FirstOrDefaultAsync(ct)
            ?? throw ApiProblemException.NotFound("AvatarNotFound", request.AvatarId);
        if (!await voices.MayUseAsync(request.VoiceId, ct)) throw ApiProblemException.BadRequest("UnknownVoiceId", request.VoiceId?.Trim());
        ChosenVoice voice;
        try
        {
            // Resolved once, here: a raw ElevenLabs id is only known once its provider has listed its voices.
            voice = await speech.ChooseAsync(request.VoiceId, ct);
        }
        catch (EngineException e) when (e.Error == EngineError.UnknownVoice)
        {
            throw ApiProblemException.BadRequest("UnknownVoiceId", request.VoiceId?.Trim());
        }
        var voiceId = voice.VoiceId;
        var callbackUrl = await callbacks.CheckUrlAsync(request.CallbackUrl, ct);

        var engine = ChooseEngine(request.Engine);
        var liveliness = request.Liveliness ?? engineOptions.Liveliness;
        var hash = RequestHash(request.AvatarId, voiceId, text, engine, liveliness);
        if (await FindAsync(hash, ct) is { } earlier)
        {
            logger.LogInformation("Animation request reuses animation {AnimationId}", earlier.Id);
            return await AttachCallbackAsync(await renders.ReuseAsync(earlier, ct), callbackUrl, baseUrl, ct);
        }
        await slots.EnsureFreeAsync(avatar.OwnerId, ct); // the new row's owner; after the reuse: an identical request takes no new slot

        var spoken = await SpeakAsync(text, voice, ct);
        var now = DateTime.UtcNow;
        var animation = new Animation
        {
            AvatarId = request.AvatarId, OwnerId = avatar.OwnerId, Text = text, VoiceId = spoken.VoiceId, AudioFile = spoken.AudioFile,
            SpeechFile = spoken.SpeechFile, Phonemes = spoken.Phonemes,
            Engine = engine, Liveliness = liveliness, RequestHash = hash, CreatedAt = now, UpdatedAt = now,
            CallbackUrl = callbackUrl, CallbackBaseUrl = callbackUrl is null ? null : baseUrl,
        };
        try
        {
            db.Animations.Add(animation);
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (IsUniqueViolation(e))
        {
            // An identical request (on this node or another) inserted first: the unique index on RequestHash decides.
            db.Entry(animation).State = EntityState.Detached;
            DeleteSpeech(spoken);
            var winner = await FindAsync(hash, ct) ?? throw new InvalidOperationException("Unique RequestHash violated, yet no row holds it.", e);
            logger.LogInformation("Animation request met an identical one in flight; reusing animation {AnimationId}", winner.Id);
            return await AttachCallbackAsync(await renders.ReuseAsync(winner, ct), callbackUrl, baseUrl, ct);
        }
        catch
        {
            DeleteSpeech(spoken);
            throw;
        }

        await renders.EnqueueNewAsync(animation.Id, ct);
        using (logger.BeginScope("Animation {AnimationId}", animation.Id))
            logger.LogInformation("Animation {AnimationId} of avatar {AvatarId} queued ({Length} characters, voice {Voice}, engine {Engine})",
                animation.Id, animation.AvatarId, text.Length, spoken.VoiceId, engine);
        return await db.Animations.AsNoTracking().FirstAsync(a => a.Id == animation.Id, ct);
    }

    /// A reused animation reports to the latest request's callbackUrl; one already final reports at once.
    private async Task<Animation> AttachCallbackAsync(Animation row, string? callbackUrl, string? baseUrl, CancellationToken ct)
    {
        if (callbackUrl is null) return row;
        await db.Animations.Where(a => a.Id == row.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.CallbackUrl, callbackUrl).SetProperty(a => a.CallbackBaseUrl, baseUrl), ct);
        (row.CallbackUrl, row.CallbackBaseUrl) = (callbackUrl, baseUrl);
        webhooks.Enqueue(row); // only when completed or error: a processing one reports when its render ends
        return row;
    }

    private Task<Animation?> FindAsync(string hash, CancellationToken ct) =>
        db.Animations.AsNoTracking().FirstOrDefaultAsync(a => a.RequestHash == hash, ct);

    /// SQLite error 19 (constraint) or SQL Server 2601/2627 (duplicate key in a unique index).
    private static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19,
        Microsoft.Data.SqlClient.SqlException sql => sql.Number is 2601 or 2627,
        _ => false,
    };

    /// At least one letter or digit: punctuation and spaces alone give a speech track of silence.
    public static bool HasSomethingToPronounce(string? text) => text is not null && text.Any(char.IsLetterOrDigit);

    /// The speech stage writes into a scratch folder; both files land in uploads (the provider's original, which the
    /// render reads, and the MP3 of audioUrl). Nothing is left behind on failure.
    private async Task<SpokenFiles> SpeakAsync(string text, ChosenVoice voice, CancellationToken ct)
    {
        var work = media.CreateWorkDirectory("speech");
        var landed = new List<string>();
        try
        {
            var spoken = await speech.SpeakAsync(voice, text, work, ct);
            var speechFile = MediaStore.NewFileName("speech", Path.GetExtension(spoken.SpeechPath));
            media.MoveIn(spoken.SpeechPath, speechFile);
            landed.Add(speechFile);
            var audioFile = MediaStore.NewFileName("speech", ".mp3");
            media.MoveIn(spoken.Mp3Path, audioFile);
            landed.Add(audioFile);
            var phonemes = spoken.Phonemes is null ? null : JsonSerializer.Serialize(spoken.Phonemes);
            return new SpokenFiles(audioFile, speechFile, phonemes, spoken.VoiceId);
        }
        catch
        {
            foreach (var file in landed) media.Delete(file);
            throw;
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); }
            catch (IOException e) { logger.LogWarning(e, "Could not remove {WorkDirectory}", work); }
        }
    }

    private void DeleteSpeech(SpokenFiles spoken)
    {
        media.Delete(spoken.AudioFile);
        media.Delete(spoken.SpeechFile);
    }

    private sealed record SpokenFiles(string AudioFile, string SpeechFile, string? Phonemes, string VoiceId);

    /// The engine is fixed when the request arrives, so its status names it at once and a later install of Wav2Lip
    /// does not change what an already accepted request renders with.
    private string ChooseEngine(string? requested)
    {
        try
        {
            return engines.Choose(requested).Id;
        }
        catch (EngineException e) when (e.Error == EngineError.UnknownEngine)
        {
            throw ApiProblemException.BadRequest("UnknownEngineId", requested);
        }
        catch (EngineException e) when (e.Error == EngineError.EngineUnavailable)
        {
            throw ApiProblemException.BadRequest("EngineNotInstalled", requested);
        }
    }

    internal static string RequestHash(int avatarId, string? voiceId, string text, string engine, bool liveliness) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{avatarId}\n{voiceId}\n{text}\n{engine}\n{liveliness}")));
}
