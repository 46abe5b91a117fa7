using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using VoiceMirror.Engine.Animators.Wav2Lip;

namespace VoiceMirror.Engine.Cli;

/// <summary><c>voicemirror bench-inference</c>: pure Wav2Lip throughput per batch size, without audio, faces or video.</summary>
internal static class BenchInferenceCommand
{
    public const string Usage = "voicemirror bench-inference --model path [--batches 1,16,64] [--seconds 3] [--cpu|--cuda]";

    public static Command Create(TextWriter output)
    {
        var command = new Command("bench-inference", "Wav2Lip throughput per batch size");
        var model = CliOptions.ExistingFile("--model", "Wav2Lip ONNX file");
        var batches = CliOptions.IntList("--batches", 4096, "batch sizes, e.g. 1,16,64");
        var seconds = CliOptions.Int("--seconds", 1, 600, "timed seconds per batch size");
        var cpu = CliOptions.Flag("--cpu", "run on the CPU");
        var cuda = CliOptions.Flag("--cuda", "run with CUDA");
        foreach (var option in new Option[] { model, batches, seconds, cpu, cuda }) command.Add(option);
        command.SetAction((parse, ct) =>
        {
            if (parse.GetValue(cpu) && parse.GetValue(cuda)) throw new UsageException("Give --cpu or --cuda, not both.");
            return Task.FromResult(Run(parse.PathOf(model)!, parse.GetValue(batches) ?? [1, 16, 64],
                TimeSpan.FromSeconds(parse.GetValue(seconds) ?? 3), parse.GetValue(cuda), output, ct));
        });
        return command;
    }

    private static int Run(string modelPath, IReadOnlyList<int> batches, TimeSpan budget, bool useCuda, TextWriter output, CancellationToken ct)
    {
        var load = Stopwatch.StartNew();
        // This command builds no engine host, so the tuning variable is read here, at its composition root.
        using var model = new Wav2LipModel(modelPath, useCuda, cudaOverrides: Environment.GetEnvironmentVariable(CudaProviderSettings.Variable));
        Print(output, $"{model.ModelName}: face {model.FaceSize}px on {model.ExecutionProvider}, {Environment.ProcessorCount} CPU cores, loaded in {load.Elapsed.TotalSeconds:F2} s");

        var random = new Random(1234);
        foreach (var batch in batches)
        {
            ct.ThrowIfCancellationRequested();
            var mel = Filled(batch * 80 * 16, random, -4, 4);
            var faces = Filled(batch * 6 * model.FaceSize * model.FaceSize, random, 0, 1);
            var result = new float[batch * 3 * model.FaceSize * model.FaceSize];

            // The first run pays for memory planning and kernel selection; it is not what a render sees.
            model.Run(mel, faces, batch, result);
            var runs = 0;
            var timed = Stopwatch.StartNew();
            while (runs < 2 || timed.Elapsed < budget)
            {
                ct.ThrowIfCancellationRequested();
                model.Run(mel, faces, batch, result);
                runs++;
            }
            var seconds = timed.Elapsed.TotalSeconds;
            Print(output, $"batch {batch,5}: {runs * batch / seconds,9:F1} frames/s  ({seconds / runs * 1000,9:F1} ms per batch, {runs} timed runs after 1 warm-up)");
            if (model.ExecutionProvider == "CUDA")
                Print(output, $"             {model.MeasureOnDevice(batch, budget, ct),9:F1} frames/s with inputs and outputs already on the GPU");
        }
        return 0;
    }

    private static float[] Filled(int length, Random random, float min, float max)
    {
        var data = new float[length];
        for (var i = 0; i < data.Length; i++) data[i] = min + (float)random.NextDouble() * (max - min);
        return data;
    }

    private static void Print(TextWriter output, FormattableString line) =>
        output.WriteLine(line.ToString(CultureInfo.InvariantCulture));
}
