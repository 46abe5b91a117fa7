using System.Buffers;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace VoiceMirror.Engine.Animators.Mirror;

/// <summary>
/// The built-in engine: the photo's own face, its mouth and eyelids moved by a mesh warp (<see cref="MirrorRenderer"/>).
/// It needs the face's landmarks; the mouth poses (and, optionally, blink amounts) per frame come from the given
/// track functions, which the pipeline wires to its mouth-track builders.
/// </summary>
/// <param name="mouthTrack">One <see cref="MouthPose"/> per frame for a scene; a shorter track ends with closed lips, a longer one is cut.</param>
/// <param name="blinkTrack">Optional blink amount (0 open … 1 shut) per frame; null means the eyes stay open.</param>
public sealed class MirrorAnimator(
    Func<AnimationScene, IReadOnlyList<MouthPose>> mouthTrack,
    Func<AnimationScene, IReadOnlyList<float>>? blinkTrack = null) : IFaceAnimator
{
    // Frames rendered ahead of the encoder: enough to keep both busy, few enough to bound memory.
    private const int Ahead = 4;

    /// <inheritdoc/>
    public string Id => "mirror";

    /// <inheritdoc/>
    /// <exception cref="EngineException">ModelMissing when the scene has no face landmarks (the face mesh model is not installed).</exception>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> RenderAsync(
        AnimationScene scene, IProgress<int>? framesDone, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scene);
        if (scene.Landmarks is null)
            throw new EngineException(EngineError.ModelMissing,
                "The Mirror engine needs the face's landmarks, but the scene has none: is the face mesh model installed?");
        var mouth = mouthTrack(scene);
        var blinks = blinkTrack?.Invoke(scene);
        var renderer = new MirrorRenderer(scene.BaseFrame, scene.Landmarks);
        var frameBytes = renderer.FrameBytes;
        var pool = ArrayPool<byte>.Create(frameBytes, Ahead + 2);
        var channel = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(Ahead)
        {
            SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = Task.Run(async () =>
        {
            try
            {
                for (var i = 0; i < scene.FrameCount; i++)
                {
                    stop.Token.ThrowIfCancellationRequested();
                    var frame = pool.Rent(frameBytes);
                    try
                    {
                        renderer.Render(i < mouth.Count ? mouth[i] : MouthPose.Closed,
                            blinks is not null && i < blinks.Count ? blinks[i] : 0f, frame.AsSpan(0, frameBytes));
                        await channel.Writer.WriteAsync(frame, stop.Token).ConfigureAwait(false);
                    }
                    catch
                    {
                        pool.Return(frame);
                        throw;
                    }
                }
            }
            finally
            {
                channel.Writer.TryComplete();
            }
        }, CancellationToken.None);

        byte[]? current = null;
        var index = 0;
        try
        {
            while (await channel.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var frame))
                {
                    // Frames already rendered ahead must not outlive a cancellation.
                    if (ct.IsCancellationRequested) pool.Return(frame);
                    ct.ThrowIfCancellationRequested();
                    // The consumer is done with the previous frame once it asks for the next one.
                    if (current is not null) pool.Return(current);
                    current = frame;
                    yield return frame.AsMemory(0, frameBytes);
                    framesDone?.Report(++index);
                }
            }
            // Surfaces the producer's own failure or cancellation rather than a silently short video.
            await producer.ConfigureAwait(false);
        }
        finally
        {
            stop.Cancel();
            await producer.ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            if (current is not null) pool.Return(current);
            while (channel.Reader.TryRead(out var left)) pool.Return(left);
        }
    }
}
