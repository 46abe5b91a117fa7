using Microsoft.Extensions.Logging;
using VoiceMirror.Engine;
using VoiceMirror.Engine.Animators.Wav2Lip;
using VoiceMirror.Tests.Engine.Vision;

namespace VoiceMirror.Tests.Engine.Animators.Wav2Lip;

public class Wav2LipModelTests
{
    private const int MelLen = 80 * 16;

    [Theory]
    [InlineData("wav2lip_test_96.onnx", 96)]
    [InlineData("wav2lip_test_256.onnx", 256)]
    public void InputsNamedAudioAndFacesAreFoundByShape(string file, int size)
    {
        using var model = new Wav2LipModel(VisionData.Model(file), useCuda: false);
        Assert.Equal(size, model.FaceSize);
        Assert.Equal(file, model.ModelName);
        Assert.Equal("CPU", model.ExecutionProvider);
    }

    /// <summary>
    /// The test model is sigmoid(conv(faces) + b + mean(mel) * 2 * ramp[y]) with b = -0.5 and
    /// ramp = linspace(0, 1, S) (tools/make_test_models.py). With all-zero faces the convolution
    /// vanishes, so every output pixel can be computed by hand from the mel mean and its row.
    /// </summary>
    [Fact]
    public void OutputForBlankFacesEqualsHandComputationPerFrame()
    {
        using var model = new Wav2LipModel(VisionData.Model("wav2lip_test_96.onnx"), useCuda: false);
        const int s = 96, batch = 3;
        float[] melMeans = [-2f, 0f, 1.5f];
        var mel = new float[batch * MelLen];
        for (var n = 0; n < batch; n++) mel.AsSpan(n * MelLen, MelLen).Fill(melMeans[n]);
        var output = new float[batch * 3 * s * s];

        model.Run(mel, new float[batch * 6 * s * s], batch, output);

        for (var n = 0; n < batch; n++)
            for (var c = 0; c < 3; c++)
                foreach (var y in new[] { 0, 1, 47, 95 })
                    foreach (var x in new[] { 0, 50, 95 })
                    {
                        var expected = 1f / (1f + MathF.Exp(-(-0.5f + melMeans[n] * 2f * y / (s - 1f))));
                        Assert.Equal(expected, output[((n * 3 + c) * s + y) * s + x], 5);
                    }
    }

    [Fact]
    public void DifferentMelWindowsGiveDifferentFaces()
    {
        using var model = new Wav2LipModel(VisionData.Model("wav2lip_test_96.onnx"), useCuda: false);
        var faces = RandomFaces(1, 96, seed: 1);
        var a = new float[3 * 96 * 96];
        var b = new float[3 * 96 * 96];

        model.Run(RandomMel(1, seed: 2), faces, 1, a);
        model.Run(RandomMel(1, seed: 3), faces, 1, b);

        Assert.NotEqual(a, b);
        Assert.All(a, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void BatchedRunEqualsFrameByFrameRuns()
    {
        using var model = new Wav2LipModel(VisionData.Model("wav2lip_test_96.onnx"), useCuda: false);
        const int batch = 4, outLen = 3 * 96 * 96, faceLen = 6 * 96 * 96;
        var mel = RandomMel(batch, seed: 4);
        var faces = RandomFaces(batch, 96, seed: 5);
        var batched = new float[batch * outLen];

        model.Run(mel, faces, batch, batched);

        for (var n = 0; n < batch; n++)
        {
            var single = new float[outLen];
            model.Run(mel.AsSpan(n * MelLen, MelLen), faces.AsSpan(n * faceLen, faceLen), 1, single);
            Assert.Equal(single, batched.AsSpan(n * outLen, outLen).ToArray());
        }
    }

    [Fact]
    public void AskingForCudaWithoutOneFallsBackToCpuWithAWarning()
    {
        var logger = new ListLogger();
        using var model = new Wav2LipModel(VisionData.Model("wav2lip_test_96.onnx"), useCuda: true, logger);

        Assert.Contains(model.ExecutionProvider, new[] { "CUDA", "CPU" });
        if (model.ExecutionProvider == "CPU")
            Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("CUDA"));
        var output = new float[3 * 96 * 96];
        model.Run(new float[MelLen], new float[6 * 96 * 96], 1, output);
        Assert.Equal(1f / (1f + MathF.Exp(0.5f)), output[0], 5);
    }

    [Fact]
    public void BlazeFaceModelIsModelUnsupported()
    {
        var e = Assert.Throws<EngineException>(() => new Wav2LipModel(VisionData.Model(VisionData.FrontModel), useCuda: false));
        Assert.Equal(EngineError.ModelUnsupported, e.Error);
        Assert.Contains("face_detection_front_128x128.onnx", e.Message);
    }

    [Fact]
    public void FileThatIsNotOnnxIsModelUnsupported()
    {
        var e = Assert.Throws<EngineException>(() => new Wav2LipModel(VisionData.ImagePath("coffee.png"), useCuda: false));
        Assert.Equal(EngineError.ModelUnsupported, e.Error);
    }

    [Fact]
    public void MissingFileIsModelMissing()
    {
        var e = Assert.Throws<EngineException>(() => new Wav2LipModel(Path.Combine(Path.GetTempPath(), "absent_wav2lip.onnx"), useCuda: false));
        Assert.Equal(EngineError.ModelMissing, e.Error);
    }

    [Fact]
    public void TooSmallBuffersAreRejected()
    {
        using var model = new Wav2LipModel(VisionData.Model("wav2lip_test_96.onnx"), useCuda: false);
        Assert.Throws<ArgumentException>(() => model.Run(new float[MelLen], new float[6 * 96 * 96], 2, new float[6 * 96 * 96]));
    }

    internal static float[] RandomMel(int batch, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, batch * MelLen).Select(_ => (float)(rng.NextDouble() * 8 - 4)).ToArray();
    }

    internal static float[] RandomFaces(int batch, int size, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, batch * 6 * size * size).Select(_ => (float)rng.NextDouble()).ToArray();
    }

    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries) Entries.Add((logLevel, formatter(state, exception)));
        }
    }
}
