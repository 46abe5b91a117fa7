using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using VoiceMirror.Engine;
using VoiceMirror.Engine.Audio;
using VoiceMirror.Engine.Speech;
using VoiceMirror.Web.Access;
using VoiceMirror.Web.Errors;
using VoiceMirror.Web.Limits;
using VoiceMirror.Web.Voices;

namespace VoiceMirror.Web.Api;

/// The voice catalogue: local espeak-ng voices plus those of configured cloud providers, and cloning.
[ApiController]
[Route("voices")]
[Tags(Tag)]
[Produces("application/json")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status500InternalServerError, "application/problem+json")]
public sealed class VoicesController(VoiceCatalog catalog, VoiceOwnership ownership, ILogger<VoicesController> logger) : ControllerBase
{
    public const string Tag = "🎙 Голоса";
    public const int MaxSamples = 10;
    public const int MaxSampleMegabytes = 10;
    public const int MaxTotalMegabytes = 50;
    public const int MaxNameLength = 100;

    private static readonly string[] SampleExtensions = [".wav", ".mp3", ".m4a", ".ogg", ".oga", ".opus", ".webm", ".flac", ".aac"];

    /// <summary>List the voices the server can speak with.</summary>
    /// <remarks>A cloud provider that does not answer is left out (and logged); the local voices are always listed.</remarks>
    [HttpGet]
    [ProducesResponseType<VoiceDto[]>(StatusCodes.Status200OK)]
    public async Task<IEnumerable<VoiceDto>> List(CancellationToken ct) =>
        (await ownership.VisibleAsync(await catalog.ListAsync(ct), ct)).Select(VoiceDto.From);

    /// <summary>Whether cloning is available, at which provider, and the consent phrases it asks the speaker to read.</summary>
    /// <remarks>`consentPhrases` is empty for a provider that needs no consent recording (ElevenLabs); for an
    /// OpenAI-compatible server, record the speaker reading one of them and send it to POST /voices/clone as `consentRecording`.</remarks>
    [HttpGet("cloning")]
    [ProducesResponseType<CloningDto>(StatusCodes.Status200OK)]
    public CloningDto Cloning() => catalog.Cloner is { } cloner
        ? new CloningDto(true, ((ISpeechSynthesizer)cloner).ProviderName, cloner.ConsentPhrases)
        : new CloningDto(false, null, new Dictionary<string, string>());

    /// <summary>Clone a voice from recordings of its speaker, at the first configured provider that can clone.</summary>
    /// <remarks>Only with the speaker's consent (consent=true). Each sample is checked to be readable, non-silent audio
    /// before anything is uploaded. At most 10 samples of 10 MB each, 50 MB in all.</remarks>
    /// <param name="name" example="Мой голос">Name of the new voice (required, at most 100 characters).</param>
    /// <param name="samples">One or more recordings of the speaker (WAV, MP3, M4A, OGG, FLAC…).</param>
    /// <param name="consent" example="true">Must be true: the speaker agreed to have the voice cloned.</param>
    /// <param name="consentRecording">Only for a provider that asks for one (an OpenAI-compatible server; GET /voices/cloning
    /// says which): the speaker reading the consent phrase of `consentLanguage` aloud. Ignored by ElevenLabs.</param>
    /// <param name="consentLanguage" example="ru-RU">Language tag of the phrase read in `consentRecording`; defaults to the
    /// request's language when the provider has a phrase for it.</param>
    /// <param name="decoder">Audio decoder (injected).</param>
    /// <param name="ct">Cancellation.</param>
    [HttpPost("clone")]
    [EnableRateLimiting(LimitsExtensions.Clone)]
    [Consumes("multipart/form-data")]
    [ReadVoiceSamplesForm]
    [ProducesResponseType<ClonedVoiceDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status502BadGateway, "application/problem+json")]
    public async Task<ClonedVoiceDto> Clone(
        [FromForm] string? name, [FromForm] List<IFormFile>? samples, [FromForm] string? consent,
        IFormFile? consentRecording, [FromForm] string? consentLanguage,
        [FromServices] AudioDecoder decoder, CancellationToken ct)
    {
        if (catalog.Cloner is not { } cloner) throw ApiProblemException.BadRequest("CloningNotAvailable");
        if (!bool.TryParse(consent, out var agreed) || !agreed) throw ApiProblemException.BadRequest("ConsentRequired");
        name = name?.Trim();
        if (string.IsNullOrEmpty(name)) throw ApiProblemException.BadRequest("VoiceNameRequired");
        if (name.Length > MaxNameLength) throw ApiProblemException.BadRequest("VoiceNameTooLong", MaxNameLength);
        if (samples is not { Count: > 0 }) throw ApiProblemException.BadRequest("SamplesRequired");
        if (samples.Count > MaxSamples) throw ApiProblemException.BadRequest("TooManySamples", MaxSamples);
        if (samples.FirstOrDefault(s => s.Length > MaxSampleMegabytes * 1024L * 1024L) is { } big)
            throw ApiProblemException.BadRequest("SampleTooLarge", ClientName(big), MaxSampleMegabytes);
        var phraseLanguage = ConsentPhrases.Language(cloner.ConsentPhrases, consentLanguage);
        if (cloner.ConsentPhrases.Count > 0)
        {
            if (consentRecording is null)
                throw ApiProblemException.BadRequest("ConsentRecordingRequired", string.Join(", ", cloner.ConsentPhrases.Keys));
            if (phraseLanguage is null)
                throw ApiProblemException.BadRequest("ConsentLanguageUnknown", consentLanguage ?? "", string.Join(", ", cloner.ConsentPhrases.Keys));
            if (consentRecording.Length > MaxSampleMegabytes * 1024L * 1024L)
                throw ApiProblemException.BadRequest("SampleTooLarge", ClientName(consentRecording), MaxSampleMegabytes);
        }

        var folder = Directory.CreateTempSubdirectory("voicemirror-clone-");
        try
        {
            var paths = new List<string>();
            foreach (var sample in samples)
                paths.Add(await SaveCheckedAsync(sample, folder.FullName, $"sample-{paths.Count + 1}", decoder, ct));
            var consentAudio = cloner.ConsentPhrases.Count > 0
                ? new ConsentRecording(await SaveCheckedAsync(consentRecording!, folder.FullName, "consent", decoder, ct), phraseLanguage!)
                : null;
            var voice = await catalog.CloneAsync(name, paths, consentAudio, ct);
            await ownership.RecordAsync(voice.Id, CancellationToken.None); // the clone exists now: record it even if the client left
            logger.LogInformation("Cloned voice {VoiceId} at {Provider} from {Count} samples", voice.Id, voice.Provider, paths.Count);
            return new ClonedVoiceDto(voice.Id, voice.Name, voice.Provider);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Hear a voice: a short sample sentence spoken by it (MP3 or WAV, as its provider produces).</summary>
    /// <remarks>Synthesised on the first request and cached on disk, so listening again costs the provider nothing.
    /// The sentence is fixed per language; without `language` the voice's own (ru or en) is used, else the
    /// request's language.</remarks>
    /// <param name="id" example="espeak-ru">Voice id from GET /voices.</param>
    /// <param name="language" example="ru">ru or en: the language of the sample sentence.</param>
    /// <param name="previews">Preview cache (injected).</param>
    /// <param name="ct">Cancellation.</param>
    [HttpGet("{id}/preview")]
    [Produces("audio/mpeg", "audio/wav", "application/problem+json")]
    [ProducesResponseType<FileResult>(StatusCodes.Status200OK, "audio/mpeg", "audio/wav")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status502BadGateway, "application/problem+json")]
    public async Task<IActionResult> Preview(string id, [FromQuery] string? language, [FromServices] VoicePreviewCache previews, CancellationToken ct)
    {
        if (!await ownership.MayUseAsync(id, ct)) throw ApiProblemException.NotFound("UnknownVoiceId", id);
        var path = await previews.GetAsync(id, language, ct);
        if (!AudioTypes.TryGetContentType(path, out var contentType)) contentType = "application/octet-stream";
        Response.Headers.CacheControl = "public, max-age=3600";
        return PhysicalFile(path, contentType, enableRangeProcessing: true);
    }

    /// <summary>Delete a cloned voice at the provider that holds it.</summary>
    /// <remarks>Only cloned voices can be deleted (stock voices: 409). Animations made with the voice keep their
    /// video and audio files.</remarks>
    /// <param name="id" example="voice_id_123456">Id of a cloned voice.</param>
    /// <param name="voices">The caller's voices (injected): another user's clone answers 404.</param>
    /// <param name="ct">Cancellation.</param>
    [HttpDelete("{id}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status502BadGateway, "application/problem+json")]
    public async Task<IActionResult> Delete(string id, [FromServices] VoiceOwnership voices, CancellationToken ct)
    {
        await voices.DeleteAsync(id, ct);
        return NoContent();
    }

    private static readonly Microsoft.AspNetCore.StaticFiles.FileExtensionContentTypeProvider AudioTypes = new();

    /// The client's file name never becomes a path: only a known audio extension is kept (providers infer the
    /// format from it). Decoding the whole sample proves ffmpeg reads it and that it is not silence.
    private static async Task<string> SaveCheckedAsync(IFormFile sample, string folder, string stem, AudioDecoder decoder, CancellationToken ct)
    {
        var extension = Path.GetExtension(sample.FileName ?? "").ToLowerInvariant();
        var path = Path.Combine(folder, $"{stem}{(SampleExtensions.Contains(extension) ? extension : ".audio")}");
        await using (var file = System.IO.File.Create(path))
            await sample.CopyToAsync(file, ct);
        try
        {
            await decoder.DecodeAsync(path, ct);
        }
        catch (EngineException e) when (e.Error == EngineError.SilentAudio)
        {
            throw ApiProblemException.BadRequest("SampleSilent", ClientName(sample));
        }
        catch (EngineException e) when (e.Error is EngineError.CorruptAudio or EngineError.EmptyAudio)
        {
            throw ApiProblemException.BadRequest("SampleUnreadable", ClientName(sample));
        }
        return path;
    }

    private static string ClientName(IFormFile file)
    {
        var name = Path.GetFileName(file.FileName ?? "");
        return name.Length is > 0 and <= 100 ? name : file.Name;
    }
}
