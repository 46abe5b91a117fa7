using VoiceMirror.Engine.Animators.Wav2Lip;
using VoiceMirror.Tests.Engine.Vision;

namespace VoiceMirror.Tests.Engine.Animators.Wav2Lip;

/// <summary>
/// The shared batcher over a real ONNX session (the tiny 96 px Wav2Lip-signature model on the CPU). With all-zero faces
/// that model's output row y of a frame is sigmoid(-0.5 + mean(mel) * 2 * y / 95) (tools/make_test_models.py), so each
/// frame is tagged by its mel mean and every generated frame can be traced back to the render and frame it belongs to.
/// </summary>
public sealed class Wav2LipBatcherTests : IDisposable
{
    private const int S = 96, MelLen = 80 * 16, OutLen = 3 * S * S;
    private readonly Wav2LipModel _model = new(VisionData.Model("wav2lip_test_96.onnx"), useCuda: false);
    private readonly float[] _blankFace = new float[6 * S * S];

    [Fact]
    public async Task FramesOfConcurrentRendersShareBatchesAndComeBackInEachRendersOrder()
    {
        using var batcher = new Wav2LipBatcher(_model, batchSize: 16, TimeSpan.FromMilliseconds(200));
        const int renders = 3, chunks = 5, frames = 7;
        var outputs = new float[renders, chunks][];
        var tasks = new List<Task>();
        for (var c = 0; c < chunks; c++)
            for (var r = 0; r < renders; r++)
            {
                outputs[r, c] = new float[frames * OutLen];
                tasks.Add(batcher.InferAsync(_blankFace, Mel(r, c * frames, frames), frames, outputs[r, c], CancellationToken.None));
            }
        await Task.WhenAll(tasks);

        for (var r = 0; r < renders; r++)
            for (var c = 0; c < chunks; c++)
                for (var f = 0; f < frames; f++)
                    AssertFrame(outputs[r, c], f, Tag(r, c * frames + f));
        var (batches, framesRun) = batcher.Counts;
        Assert.Equal(renders * chunks * frames, framesRun);
        // 15 chunks of 7 frames went through fewer, fuller calls: chunks of different renders shared a batch.
        Assert.True(batches < renders * chunks, $"{batches} batches for {renders * chunks} chunks");
    }

    [Fact]
    public async Task CancelledRenderDropsItsPendingFramesWithoutFailingOthers()
    {
        using var gate = new ManualResetEventSlim();
        using var batcher = new Wav2LipBatcher(_model, 16, TimeSpan.FromMilliseconds(1), logger: null, run => { gate.Wait(); run(); });
        var first = new float[16 * OutLen];
        var busy = batcher.InferAsync(_blankFace, Mel(0, 0, 16), 16, first, CancellationToken.None);
        // The first batch is full with these 16 frames and held at the gate until both renders below are queued.
        using var cancel = new CancellationTokenSource();
        var dropped = Enumerable.Repeat(float.NaN, 8 * OutLen).ToArray();
        var kept = new float[8 * OutLen];
        var cancelled = batcher.InferAsync(_blankFace, Mel(1, 0, 8), 8, dropped, cancel.Token);
        var other = batcher.InferAsync(_blankFace, Mel(2, 0, 8), 8, kept, CancellationToken.None);
        cancel.Cancel();
        gate.Set();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await Task.WhenAll(busy, other);
        for (var f = 0; f < 8; f++) AssertFrame(kept, f, Tag(2, f));
        Assert.All(dropped, v => Assert.True(float.IsNaN(v)));
        await WaitUntil(() => batcher.Counts.Frames == 24);
        Assert.Equal(24, batcher.Counts.Frames); // 16 + the other render's 8: the cancelled render's frames never ran
    }

    [Fact]
    public async Task FailingInferenceFailsOnlyTheRendersInThatBatch()
    {
        var calls = 0;
        using var batcher = new Wav2LipBatcher(_model, 16, TimeSpan.FromSeconds(5), logger: null, run =>
        {
            if (Interlocked.Increment(ref calls) == 1) throw new InvalidOperationException("CUDA error 700");
            run();
        });
        // Two renders of 8 frames fill the first batch exactly, which fails.
        var a = batcher.InferAsync(_blankFace, Mel(0, 0, 8), 8, new float[8 * OutLen], CancellationToken.None);
        var b = batcher.InferAsync(_blankFace, Mel(1, 0, 8), 8, new float[8 * OutLen], CancellationToken.None);
        Assert.Equal("CUDA error 700", (await Assert.ThrowsAsync<InvalidOperationException>(() => a)).Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => b);

        var later = new float[16 * OutLen];
        await batcher.InferAsync(_blankFace, Mel(2, 0, 16), 16, later, CancellationToken.None);
        for (var f = 0; f < 16; f++) AssertFrame(later, f, Tag(2, f));
    }

    [Fact]
    public async Task ChunkLargerThanTheBatchIsSplitAndReassembledInOrder()
    {
        using var batcher = new Wav2LipBatcher(_model, 4, TimeSpan.Zero);
        var output = new float[11 * OutLen];
        await batcher.InferAsync(_blankFace, Mel(5, 0, 11), 11, output, CancellationToken.None);
        for (var f = 0; f < 11; f++) AssertFrame(output, f, Tag(5, f));
        Assert.Equal((3L, 11L), batcher.Counts);
    }

    public void Dispose() => _model.Dispose();

    /// <summary>A mel mean unique to (render, frame), inside the model's [-4, 4] range.</summary>
    private static float Tag(int render, int frame) => -3f + render * 1.5f + frame * 0.01f;

    private static float[] Mel(int render, int firstFrame, int frames)
    {
        var mel = new float[frames * MelLen];
        for (var f = 0; f < frames; f++) mel.AsSpan(f * MelLen, MelLen).Fill(Tag(render, firstFrame + f));
        return mel;
    }

    private static void AssertFrame(float[] output, int frame, float melMean)
    {
        foreach (var y in new[] { 0, 40, 95 })
        {
            var expected = 1f / (1f + MathF.Exp(-(-0.5f + melMean * 2f * y / (S - 1f))));
            Assert.Equal(expected, output[frame * OutLen + (2 * S + y) * S + 7], 4);
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met in 30 s");
            await Task.Delay(5);
        }
    }
}
