namespace VoiceMirror.Engine.Speech;

/// <summary>A phoneme as espeak-ng names it (its mnemonic, e.g. <c>a</c>, <c>m</c>, <c>_:</c> for a pause), starting at <see cref="Seconds"/> into the audio.</summary>
public readonly record struct PhonemeMark(double Seconds, string Phoneme);
