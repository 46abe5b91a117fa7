using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace VoiceMirror.Engine.Cli;

/// <summary>
/// The engine's services for one CLI run: the same registration as the web app, from appsettings.json and
/// VoiceMirror__Engine__* environment variables, with command-line options applied on top.
/// </summary>
internal static class EngineHost
{
    public static readonly string[] Options = ["--engine", "--model", "--models-dir", "--batch", "--size", "--fps", "--preset"];
    public static readonly string[] Flags = ["--cpu", "--cuda", "--verbose", "--warm", "--no-liveliness"];

    public static ServiceProvider Build(CliArgs args)
    {
        var overrides = new Dictionary<string, string?>();
        void Set(string key, object? value)
        {
            if (value is not null) overrides[$"{EngineOptions.Section}:{key}"] = Convert.ToString(value, CultureInfo.InvariantCulture);
        }

        if (args.Has("--cpu") && args.Has("--cuda")) throw new UsageException("Give --cpu or --cuda, not both.");
        // A path that exists from here is taken as is; otherwise a name inside the models folder.
        Set(nameof(EngineOptions.Wav2LipModel), args.Optional("--model") is { } model && File.Exists(model) ? Path.GetFullPath(model) : args.Optional("--model"));
        Set(nameof(EngineOptions.ModelsDirectory), args.Optional("--models-dir") is { } dir ? Path.GetFullPath(dir) : null);
        Set(nameof(EngineOptions.DefaultEngine), args.Optional("--engine"));
        if (args.Has("--no-liveliness")) Set(nameof(EngineOptions.Liveliness), false);
        Set(nameof(EngineOptions.BatchSize), args.Int("--batch", 1, 4096));
        Set(nameof(EngineOptions.Fps), args.Int("--fps", 1, 60));
        Set(nameof(EngineOptions.VideoPreset), args.Optional("--preset"));
        if (args.Size("--size") is { } size)
        {
            Set(nameof(EngineOptions.OutputWidth), size.Width);
            Set(nameof(EngineOptions.OutputHeight), size.Height);
        }
        if (args.Has("--cpu")) Set(nameof(EngineOptions.UseCuda), false);
        if (args.Has("--cuda")) Set(nameof(EngineOptions.UseCuda), true);

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides)
            .Build();
        var services = new ServiceCollection()
            .AddLogging(b => b
                .AddSimpleConsole(o => o.SingleLine = true)
                .SetMinimumLevel(args.Has("--verbose") ? LogLevel.Debug : LogLevel.Warning))
            .AddVoiceMirrorEngine(configuration)
            .BuildServiceProvider();
        try
        {
            // What ValidateOnStart does in the web host: fail before any work with the setting's name.
            _ = services.GetRequiredService<IOptions<EngineOptions>>().Value;
        }
        catch (OptionsValidationException e)
        {
            services.Dispose();
            throw new UsageException(string.Join(Environment.NewLine, e.Failures));
        }
        return services;
    }
}
