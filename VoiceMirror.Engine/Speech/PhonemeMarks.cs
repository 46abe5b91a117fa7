using System.Text.Json;

namespace VoiceMirror.Engine.Speech;

/// <summary>
/// Phonemes kept as JSON beside the audio they time (<c>speech-….wav</c> → <c>speech-….phonemes.json</c>),
/// because speech is synthesised when a request arrives and rendered later, possibly by another process.
/// </summary>
public static class PhonemeMarks
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Where the phonemes of <paramref name="audioPath"/> live.</summary>
    public static string PathBeside(string audioPath) => Path.ChangeExtension(audioPath, ".phonemes.json");

    /// <summary>Writes <c>[{"seconds":0.087,"phoneme":"A"}, …]</c>.</summary>
    public static void Save(string path, IReadOnlyList<PhonemeMark> marks)
    {
        using var stream = File.Create(path);
        JsonSerializer.Serialize(stream, marks, Json);
    }

    /// <exception cref="InvalidDataException">The file is not a phoneme list.</exception>
    public static IReadOnlyList<PhonemeMark> Load(string path)
    {
        using var stream = File.OpenRead(path);
        try
        {
            return JsonSerializer.Deserialize<PhonemeMark[]>(stream, Json)
                ?? throw new InvalidDataException($"'{path}' holds null, not phonemes.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a phoneme list: {e.Message}", e);
        }
    }

    /// <summary>The phonemes saved beside <paramref name="audioPath"/>, or null when that voice gave none.</summary>
    public static IReadOnlyList<PhonemeMark>? LoadBeside(string audioPath)
    {
        var path = PathBeside(audioPath);
        return File.Exists(path) ? Load(path) : null;
    }
}
