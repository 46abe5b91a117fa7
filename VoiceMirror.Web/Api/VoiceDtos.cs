using VoiceMirror.Engine.Speech;

namespace VoiceMirror.Web.Api;

/// <summary>A voice the server can speak with; pass its id as voiceId to /avatar/animate.</summary>
/// <param name="Id" example="espeak-ru">Voice id: espeak-*, a raw ElevenLabs id, or openai:&lt;name&gt;.</param>
/// <param name="Name" example="Russian (male)">Display name.</param>
/// <param name="Language" example="ru">Language code, or "multi" for multilingual cloud voices.</param>
/// <param name="Gender" example="male">male, female or unknown.</param>
/// <param name="Provider" example="espeak">espeak, elevenlabs or openai.</param>
/// <param name="IsCloned" example="false">True for voices cloned from recordings.</param>
public sealed record VoiceDto(string Id, string Name, string Language, string Gender, string Provider, bool IsCloned)
{
    public static VoiceDto From(VoiceInfo v) => new(v.Id, v.Name, v.Language, v.Gender, v.Provider, v.IsCloned);
}

/// <summary>The voice created by POST /voices/clone.</summary>
/// <param name="VoiceId" example="voice_id_123456">Usable at once as voiceId.</param>
/// <param name="Name" example="Мой голос">The name given.</param>
/// <param name="Provider" example="elevenlabs">The provider that holds the voice.</param>
public sealed record ClonedVoiceDto(string VoiceId, string Name, string Provider);

/// <summary>What GET /voices/cloning tells a client before it records anything.</summary>
/// <param name="Available" example="true">False when no configured provider can clone.</param>
/// <param name="Provider" example="openai">The provider POST /voices/clone sends recordings to.</param>
/// <param name="ConsentPhrases">BCP 47 tag → the exact phrase the speaker reads for `consentRecording`; empty when none is needed.</param>
public sealed record CloningDto(bool Available, string? Provider, IReadOnlyDictionary<string, string> ConsentPhrases);
