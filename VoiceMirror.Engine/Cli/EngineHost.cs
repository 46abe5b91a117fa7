using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace VoiceMirror.Engine.Cli;

/// <summary>
/// The engine's services for one CLI run: the same registration as the web app, from appsettings.json and
/// VoiceMirror__Engine__* environment variables, with the engine options of the command line applied on top.
/// </summary>
internal sealed class EngineHost
{
    private readonly Option<string> _engine = CliOptions.Text("--engine", "auto, mirror or wav2lip");
    private readonly Option<string> _model = CliOptions.Text("--model", "Wav2Lip ONNX file: a path, or a name in the models folder");
    private readonly Option<string> _modelsDir = CliOptions.Text("--models-dir", "folder of the ONNX models");
    private readonly Option<int?> _batch = CliOptions.Int("--batch", 1, 4096, "frames per Wav2Lip batch");
    private readonly Option<(int Width, int Height)?> _size = CliOptions.Size("--size", "video size, e.g. 512x512");
    private readonly Option<int?> _fps = CliOptions.Int("--fps", 1, 60, "frames per second");
    private readonly Option<string> _preset = CliOptions.Text("--preset", "libx264 preset");
    private readonly Option<bool> _cpu = CliOptions.Flag("--cpu", "run the models on the CPU");
    private readonly Option<bool> _cuda = CliOptions.Flag("--cuda", "run the models with CUDA");
    private readonly Option<bool> _verbose = CliOptions.Flag("--verbose", "debug logs");
    private readonly Option<bool> _noLiveliness = CliOptions.Flag("--no-liveliness", "no blinks or head motion");

    /// <summary>Adds the engine options to <paramref name="command"/>.</summary>
    public EngineHost(Command command)
    {
        foreach (var option in new Option[] { _engine, _model, _modelsDir, _batch, _size, _fps, _preset, _cpu, _cuda, _verbose, _noLiveliness })
            command.Add(option);
    }

    public ServiceProvider Build(ParseResult parse)
    {
        var overrides = new Dictionary<string, string?>();
        void Set(string key, object? value)
        {
            if (value is not null) overrides[$"{EngineOptions.Section}:{key}"] = Convert.ToString(value, CultureInfo.InvariantCulture);
        }

        bool cpu = parse.GetValue(_cpu), cuda = parse.GetValue(_cuda);
        if (cpu && cuda) throw new UsageException("Give --cpu or --cuda, not both.");
        // A path that exists from here is taken as is; otherwise a name inside the models folder.
        var model = parse.GetValue(_model);
        Set(nameof(EngineOptions.Wav2LipModel), model is not null && File.Exists(model) ? Path.GetFullPath(model) : model);
        Set(nameof(EngineOptions.ModelsDirectory), parse.GetValue(_modelsDir) is { } dir ? Path.GetFullPath(dir) : null);
        Set(nameof(EngineOptions.DefaultEngine), parse.GetValue(_engine));
        if (parse.GetValue(_noLiveliness)) Set(nameof(EngineOptions.Liveliness), false);
        Set(nameof(EngineOptions.BatchSize), parse.GetValue(_batch));
        Set(nameof(EngineOptions.Fps), parse.GetValue(_fps));
        Set(nameof(EngineOptions.VideoPreset), parse.GetValue(_preset));
        if (parse.GetValue(_size) is { } size)
        {
            Set(nameof(EngineOptions.OutputWidth), size.Width);
            Set(nameof(EngineOptions.OutputHeight), size.Height);
        }
        if (cpu) Set(nameof(EngineOptions.UseCuda), false);
        if (cuda) Set(nameof(EngineOptions.UseCuda), true);

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides)
            .Build();
        var services = new ServiceCollection()
            .AddLogging(b => b
                .AddSimpleConsole(o => o.SingleLine = true)
                .SetMinimumLevel(parse.GetValue(_verbose) ? LogLevel.Debug : LogLevel.Warning))
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
