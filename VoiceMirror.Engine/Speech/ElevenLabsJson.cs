using System.Text.Json;

namespace VoiceMirror.Engine.Speech;

/// <summary>The parts of ElevenLabs' JSON that VoiceMirror reads or sends (snake_case on the wire).</summary>
internal static class ElevenLabsJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}

internal sealed record ElevenLabsSpeak(string Text, string ModelId);

internal sealed record ElevenLabsVoiceList(IReadOnlyList<ElevenLabsVoice>? Voices);

internal sealed record ElevenLabsVoice(
    string? VoiceId, string? Name, string? Category, ElevenLabsLabels? Labels, IReadOnlyList<ElevenLabsLanguage>? VerifiedLanguages)
{
    /// <summary>The voice as VoiceMirror lists it: the label's language, else the first verified one, else "multi".</summary>
    public VoiceInfo ToVoiceInfo(string id) => new(id, NonBlank(Name) ?? id,
        NonBlank(Labels?.Language) ?? VerifiedLanguages?.Select(l => NonBlank(l.Language)).FirstOrDefault(l => l is not null) ?? "multi",
        NonBlank(Labels?.Gender) ?? "unknown", ElevenLabsSynthesizer.Name, IsCloned: Category is "cloned" or "professional");

    public static string? NonBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}

internal sealed record ElevenLabsLabels(string? Language, string? Gender);

internal sealed record ElevenLabsLanguage(string? Language);

internal sealed record ElevenLabsCloned(string? VoiceId);
