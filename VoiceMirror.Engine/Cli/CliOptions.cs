using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace VoiceMirror.Engine.Cli;

/// <summary>Thrown for a command line that cannot be run; the CLI prints it with the usage and exits with 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>The option shapes the commands share, with checks that say what a valid value looks like.</summary>
internal static class CliOptions
{
    public static Option<string> Text(string name, string description, bool required = false) =>
        new(name) { Description = description, Required = required };

    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    /// <summary>An input file that must exist.</summary>
    public static Option<FileInfo> ExistingFile(string name, string description, bool required = true) =>
        new Option<FileInfo>(name) { Description = description, Required = required }.AcceptExistingOnly();

    public static Option<int?> Int(string name, int min, int max, string description)
    {
        var option = new Option<int?>(name) { Description = description };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } v && (v < min || v > max))
                r.AddError($"{name} must be a whole number from {min} to {max} (got '{v}').");
        });
        return option;
    }

    /// <summary>A comma-separated list of positive numbers such as <c>10,60</c>.</summary>
    public static Option<IReadOnlyList<int>?> IntList(string name, int max, string description) => new(name)
    {
        Description = description,
        CustomParser = r =>
        {
            var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
            var list = new List<int>();
            foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < 1 || v > max)
                {
                    r.AddError($"{name} must list whole numbers from 1 to {max}, comma-separated (got '{text}').");
                    return null;
                }
                list.Add(v);
            }
            if (list.Count == 0) r.AddError($"{name} is empty.");
            return list;
        },
    };

    /// <summary><c>WIDTHxHEIGHT</c>, e.g. <c>512x512</c>.</summary>
    public static Option<(int Width, int Height)?> Size(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = r =>
        {
            var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
            var parts = text.ToLowerInvariant().Split('x');
            if (parts.Length == 2
                && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var w)
                && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var h)
                && w > 0 && h > 0)
                return (w, h);
            r.AddError($"{name} must look like 512x512 (got '{text}').");
            return null;
        },
    };

    /// <summary>The absolute path of a given file option, or null when it was not given.</summary>
    public static string? PathOf(this ParseResult parse, Option<FileInfo> option) => parse.GetValue(option)?.FullName;
}
