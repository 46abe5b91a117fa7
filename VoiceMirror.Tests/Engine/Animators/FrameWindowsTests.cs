using System.Runtime.CompilerServices;
using VoiceMirror.Engine.Animators;

namespace VoiceMirror.Tests.Engine.Animators;

public sealed class FrameWindowsTests
{
    private const int FrameBytes = 16;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(53)] // several windows and a partial last one on any core count
    public async Task EveryFrameComesOutTransformedAndInOrder(int count)
    {
        var prepared = new List<int>();
        var outputs = new List<byte[]>();

        await foreach (var frame in FrameWindows.MapAsync(Numbered(count), FrameBytes, FrameBytes * 2,
            (index, frame, slot) => { prepared.Add(index); frame.CopyTo(slot); },
            (index, slot, output) =>
            {
                // Uneven work, so windows finish out of order inside; the output must not.
                Thread.SpinWait((index * 7919 % 13) * 1000);
                for (var i = 0; i < output.Length; i++) output[i] = (byte)(slot[i % FrameBytes] + 1);
            }, CancellationToken.None))
        {
            outputs.Add(frame.ToArray());
        }

        Assert.Equal(Enumerable.Range(0, count), prepared);
        Assert.Equal(count, outputs.Count);
        for (var i = 0; i < count; i++) Assert.All(outputs[i], b => Assert.Equal((byte)(i + 1), b));
    }

    [Fact]
    public async Task AFailingTransformFailsTheSequence()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in FrameWindows.MapAsync(Numbered(40), FrameBytes, FrameBytes,
                (_, frame, slot) => frame.CopyTo(slot),
                (index, _, _) => { if (index == 21) throw new InvalidOperationException("frame 21"); }, CancellationToken.None)) { }
        });
        Assert.Contains("frame 21", error.Message);
    }

    [Fact]
    public async Task StoppingEarlyReadsNoFurtherThanTheWindowsInHand()
    {
        var read = 0;
        await foreach (var _ in FrameWindows.MapAsync(Numbered(1000, () => read++), FrameBytes, FrameBytes,
            (_, frame, slot) => frame.CopyTo(slot), (_, slot, output) => slot.CopyTo(output), CancellationToken.None))
        {
            break;
        }
        Assert.InRange(read, 1, 3 * FrameStream.ParallelFrames);
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Numbered(int count, Action? onRead = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var buffer = new byte[FrameBytes]; // reused: the stage must copy what it keeps
        for (var i = 0; i < count; i++)
        {
            ct.ThrowIfCancellationRequested();
            onRead?.Invoke();
            Array.Fill(buffer, (byte)i);
            await Task.Yield();
            yield return buffer;
        }
    }
}
