using System.Text.Json;

namespace VoiceMirror.Engine.Speech;

/// <summary>The voices cloned through an OpenAI-compatible server, kept in a small JSON file: the reference this
/// provider follows documents creating and deleting custom voices but no way to list them, so the server cannot
/// be asked again after a restart.</summary>
internal sealed class OpenAiClonedVoices(string path)
{
    private readonly Lock _gate = new();
    private List<Entry>? _entries;

    public sealed record Entry(string Id, string Name);

    public IReadOnlyList<Entry> All
    {
        get { lock (_gate) return [.. Load()]; }
    }

    public bool Contains(string id)
    {
        lock (_gate) return Load().Any(e => e.Id == id);
    }

    public void Add(Entry entry)
    {
        lock (_gate)
        {
            Load().Add(entry);
            Save();
        }
    }

    public void Remove(string id)
    {
        lock (_gate)
        {
            if (Load().RemoveAll(e => e.Id == id) > 0) Save();
        }
    }

    private List<Entry> Load()
    {
        if (_entries is not null) return _entries;
        _entries = File.Exists(path)
            ? JsonSerializer.Deserialize<List<Entry>>(File.ReadAllText(path), JsonSerializerOptions.Web) ?? []
            : [];
        return _entries;
    }

    /// Written beside and then moved over the old file, so a crash mid-write leaves the previous list, not half of one.
    private void Save()
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(_entries, JsonSerializerOptions.Web));
        File.Move(temp, full, overwrite: true);
    }
}
