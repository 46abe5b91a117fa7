using System.ComponentModel.DataAnnotations;

namespace VoiceMirror.Engine.Speech;

/// <summary>ElevenLabs settings, bound from <c>VoiceMirror:Voices:ElevenLabs</c>; the provider is enabled when <see cref="ApiKey"/> is set.</summary>
public sealed record ElevenLabsOptions
{
    public const string Section = "VoiceMirror:Voices:ElevenLabs";

    /// <summary>Secret; keep it in user secrets or an environment variable, never in appsettings.json.</summary>
    public string ApiKey { get; set; } = "";

    [Required] public string BaseUrl { get; set; } = "https://api.elevenlabs.io";

    [Required] public string ModelId { get; set; } = "eleven_multilingual_v2";

    /// <summary>The <c>output_format</c> query value; must be an mp3_* format (raw pcm/ulaw would carry no header for ffmpeg).</summary>
    [Required] public string OutputFormat { get; set; } = "mp3_44100_128";

    [Range(1, 600)] public int TimeoutSeconds { get; set; } = 60;

    /// <summary>Longest text sent in one request (eleven_multilingual_v2 takes up to 10 000 characters).</summary>
    [Range(1, 1_000_000)] public int MaxTextLength { get; set; } = 10_000;

    /// <summary>How long the voice list is trusted before it is fetched again (cloned voices appear at once regardless).</summary>
    [Range(0, 86400)] public int VoiceCacheSeconds { get; set; } = 60;
}
