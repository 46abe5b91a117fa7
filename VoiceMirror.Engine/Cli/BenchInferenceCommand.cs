using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using VoiceMirror.Engine.Animators.Wav2Lip;

namespace VoiceMirror.Engine.Cli;

/// <summary><c>voicemirror bench-inference</c>: pure Wav2Lip throughput per batch size, without audio, faces or video.</summary>
internal static class BenchInferenceCommand
{
    public const string Usage = "voicemirror bench-inference --model path [--batches 1,16,64] [--seconds 3] [--cpu|--cuda] [--graph]";

    public static Command Create(TextWriter output)
    {
        var command = new Command("bench-inference", "Wav2Lip throughput per batch size");
        var model = CliOptions.ExistingFile("--model", "Wav2Lip ONNX file");
        var batches = CliOptions.IntList("--batches", 4096, "batch sizes, e.g. 1,16,64");
        var seconds = CliOptions.Int("--seconds", 1, 600, "timed seconds per batch size");
        var cpu = CliOptions.Flag("--cpu", "run on the CPU");
        var cuda = CliOptions.Flag("--cuda", "run with CUDA");
        var graph = CliOptions.Flag("--graph", "the serving path: bound buffers, and on CUDA device buffers plus a CUDA graph, one session per batch size");
        foreach (var option in new Option[] { model, batches, seconds, cpu, cuda, graph }) command.Add(option);
        command.SetAction((parse, ct) =>
        {
            if (parse.GetValue(cpu) && parse.GetValue(cuda)) throw new UsageException("Give --cpu or --cuda, not both.");
            var budget = TimeSpan.FromSeconds(parse.GetValue(seconds) ?? 3);
            return Task.FromResult(parse.GetValue(graph)
                ? RunBound(parse.PathOf(model)!, parse.GetValue(batches) ?? [1, 16, 64], budget, parse.GetValue(cuda), output, ct)
                : Run(parse.PathOf(model)!, parse.GetValue(batches) ?? [1, 16, 64], budget, parse.GetValue(cuda), output, ct));
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

    /// <summary>
    /// What the batcher runs: one session per batch size (a CUDA graph holds one shape), buffers bound once. Prints the
    /// graph alone (inputs already on the GPU, as PyTorch is timed) and with the host copies a render pays.
    /// </summary>
    private static int RunBound(string modelPath, IReadOnlyList<int> batches, TimeSpan budget, bool useCuda, TextWriter output, CancellationToken ct)
    {
        var random = new Random(1234);
        foreach (var batch in batches)
        {
            ct.ThrowIfCancellationRequested();
            var load = Stopwatch.StartNew();
            using var model = new Wav2LipModel(modelPath, useCuda, cudaOverrides: Environment.GetEnvironmentVariable(CudaProviderSettings.Variable), cudaGraph: true);
            using var bound = model.Bind(batch);
            Filled(bound.Mel.Length, random, -4, 4).CopyTo(bound.Mel);
            Filled(bound.Faces.Length, random, 0, 1).CopyTo(bound.Faces);
            for (var i = 0; i < 3; i++) bound.Run(); // memory planning, cuDNN search, then the graph's capture
            var ready = load.Elapsed.TotalSeconds;
            var onDevice = Time(bound.RunOnDevice, batch, budget, ct);
            var withCopies = Time(bound.Run, batch, budget, ct);
            Print(output, $"batch {batch,5}: {onDevice,9:F1} frames/s on {model.ExecutionProvider} ({(bound.OnDevice ? "device buffers" : "host buffers")}, CUDA graph {(model.CudaGraph ? "on" : "off")}), {withCopies,9:F1} frames/s with host copies; ready in {ready:F1} s");
        }
        return 0;
    }

    private static double Time(Action run, int batch, TimeSpan budget, CancellationToken ct)
    {
        var runs = 0;
        var clock = Stopwatch.StartNew();
        while (runs < 3 || clock.Elapsed < budget)
        {
            ct.ThrowIfCancellationRequested();
            run();
            runs++;
        }
        return runs * batch / clock.Elapsed.TotalSeconds;
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
