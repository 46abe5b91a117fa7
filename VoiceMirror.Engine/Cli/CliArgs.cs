using System.Globalization;

namespace VoiceMirror.Engine.Cli;

/// <summary>Thrown for a command line that cannot be run; the CLI prints it with the usage and exits with 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>
/// <c>--name value</c> options and <c>--flag</c> switches of one command. Every option must be known to the
/// command, so a typo is an error rather than silently ignored.
/// </summary>
internal sealed class CliArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public CliArgs(IReadOnlyList<string> args, IReadOnlyCollection<string> options, IReadOnlyCollection<string> flags)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (flags.Contains(name)) _flags.Add(name);
            else if (options.Contains(name))
            {
                if (i + 1 >= args.Count) throw new UsageException($"{name} needs a value.");
                if (!_values.TryAdd(name, args[++i])) throw new UsageException($"{name} is given twice.");
            }
            else throw new UsageException($"Unknown argument '{name}'.");
        }
    }

    public bool Has(string flag) => _flags.Contains(flag);

    public string? Optional(string name) => _values.GetValueOrDefault(name);

    public string Required(string name) =>
        _values.GetValueOrDefault(name) ?? throw new UsageException($"{name} is required.");

    public int? Int(string name, int min, int max)
    {
        if (Optional(name) is not { } text) return null;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v
            : throw new UsageException($"{name} must be a whole number from {min} to {max} (got '{text}').");
    }

    /// <summary>A comma-separated list of positive numbers such as <c>10,60</c>.</summary>
    public IReadOnlyList<int>? IntList(string name, int max)
    {
        if (Optional(name) is not { } text) return null;
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var list = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < 1 || v > max)
                throw new UsageException($"{name} must list whole numbers from 1 to {max}, comma-separated (got '{text}').");
            list.Add(v);
        }
        return list.Count > 0 ? list : throw new UsageException($"{name} is empty.");
    }

    /// <summary><c>WIDTHxHEIGHT</c>, e.g. <c>512x512</c>.</summary>
    public (int Width, int Height)? Size(string name)
    {
        if (Optional(name) is not { } text) return null;
        var parts = text.ToLowerInvariant().Split('x');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var w)
            && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var h)
            && w > 0 && h > 0)
            return (w, h);
        throw new UsageException($"{name} must look like 512x512 (got '{text}').");
    }

    /// <summary>An input file that must exist; its absolute path.</summary>
    public string ExistingFile(string name)
    {
        var path = Required(name);
        return File.Exists(path) ? Path.GetFullPath(path) : throw new UsageException($"{name}: file '{path}' not found.");
    }
}
