using System.ComponentModel.DataAnnotations;

namespace VoiceMirror.Engine.Speech;

/// <summary>Settings of an OpenAI-compatible <c>/v1/audio/speech</c> server, bound from <c>VoiceMirror:Voices:OpenAi</c>;
/// the provider is enabled when <see cref="BaseUrl"/> is set (OpenAI itself, or a self-hosted server).</summary>
public sealed record OpenAiSpeechOptions
{
    public const string Section = "VoiceMirror:Voices:OpenAi";

    /// <summary>Server root, e.g. https://api.openai.com or http://localhost:8880 (without /v1).</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>Optional: self-hosted servers often need none.</summary>
    public string ApiKey { get; set; } = "";

    [Required] public string Model { get; set; } = "tts-1";

    /// <summary>Voice names the server knows; exposed as <c>openai:&lt;name&gt;</c>. The first is the provider's default.</summary>
    public List<string> Voices { get; set; } = [];

    /// <summary>One of mp3, wav, opus, aac, flac (raw pcm has no header, so ffmpeg could not read it back).</summary>
    [Required] public string ResponseFormat { get; set; } = "mp3";

    [Range(1, 600)] public int TimeoutSeconds { get; set; } = 60;

    /// <summary>Longest text sent in one request (OpenAI's limit is 4096 characters).</summary>
    [Range(1, 1_000_000)] public int MaxTextLength { get; set; } = 4096;

    /// <summary>Create and delete custom voices (<c>POST /v1/audio/voice_consents</c>, <c>POST /v1/audio/voices</c>,
    /// <c>DELETE /v1/audio/voices/{id}</c>). OpenAI offers this to eligible organisations only, so it is off unless the server supports it.</summary>
    public bool Cloning { get; set; }

    /// <summary>With <see cref="Cloning"/>: the exact phrase a speaker reads for the consent recording, by BCP 47 tag
    /// (e.g. "en-US", "ru-RU"). Copy them from the server's documentation (OpenAI's custom voices guide lists its phrases);
    /// the server compares the recording against the phrase of the language sent with it.</summary>
    public Dictionary<string, string> ConsentPhrases { get; set; } = [];

    /// <summary>With <see cref="Cloning"/>: where the ids and names of voices cloned here are kept, so they are listed
    /// after a restart (the voices themselves live on the server).</summary>
    public string ClonedVoicesFile { get; set; } = "data/openai-cloned-voices.json";

    internal static readonly string[] DefaultVoices = ["alloy", "echo", "fable", "onyx", "nova", "shimmer"];
    internal static readonly string[] SupportedFormats = ["mp3", "wav", "opus", "aac", "flac"];

    /// <summary>The configured voices, or OpenAI's standard ones when none are configured.</summary>
    internal IReadOnlyList<string> EffectiveVoices => Voices.Count > 0 ? Voices : DefaultVoices;
}
