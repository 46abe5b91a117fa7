using System.Runtime.CompilerServices;
using SixLabors.ImageSharp;
using VoiceMirror.Engine.Animators;
using VoiceMirror.Engine.Animators.Mirror;

namespace VoiceMirror.Engine.Motion;

/// <summary>
/// What every engine's frames pass through when liveliness is on: blinks (the eyelids closed by the face mesh's eye
/// rig) and a slight, slow head motion that grows while speaking, both from a track seeded per animation, so the
/// same animation always moves the same way. Without a face mesh there are no blinks, only head motion.
/// </summary>
public sealed class Liveliness
{
    private readonly LivelinessFrame[] _track;
    private readonly MirrorRenderer? _eyes;
    private readonly PointF _pivot;
    private readonly int _width, _height;

    public Liveliness(AnimationScene scene, int seed)
    {
        ArgumentNullException.ThrowIfNull(scene);
        _width = scene.BaseFrame.Width;
        _height = scene.BaseFrame.Height;
        // The mouth's openness from the mel says when someone speaks, whatever the engine or voice.
        var speaking = MouthTrack.FromMel(scene.Speech.Mel, scene.FrameCount, scene.Fps).Select(p => p.Open).ToArray();
        _track = LivelinessTrack.Create(seed, scene.FrameCount, scene.Fps, speaking);
        _eyes = scene.Landmarks is null ? null : new MirrorRenderer(scene.BaseFrame, scene.Landmarks);
        var box = scene.Face;
        _pivot = new PointF(box.X + box.Width / 2f, box.Y + box.Height / 2f);
    }

    public IReadOnlyList<LivelinessFrame> Track => _track;

    /// <summary>
    /// The frames moved. Up to <see cref="FrameStream.ParallelFrames"/> frames are moved at once (blinks are drawn one at
    /// a time: the eye rig keeps state), so a render alone on a many-core host is not held up by this warp. A yielded
    /// frame is valid until the next is asked for, as the encoder uses it.
    /// </summary>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ApplyAsync(
        IAsyncEnumerable<ReadOnlyMemory<byte>> frames, [EnumeratorCancellation] CancellationToken ct)
    {
        var bytes = _width * _height * 3;
        var window = FrameStream.ParallelFrames;
        var inputs = new byte[window][];
        var moved = new byte[window][];
        var motions = new LivelinessFrame[window];
        for (var i = 0; i < window; i++) (inputs[i], moved[i]) = (new byte[bytes], new byte[bytes]);
        int index = 0, held = 0;
        await using var source = frames.WithCancellation(ct).ConfigureAwait(false).GetAsyncEnumerator();
        while (true)
        {
            var more = await source.MoveNextAsync();
            if (more)
            {
                var frame = source.Current;
                var motion = index < _track.Length ? _track[index] : LivelinessFrame.Still;
                index++;
                // The source's buffer is only ours until the next frame is asked for: keep a copy, blinked if blinking.
                if (_eyes is not null && motion.Blink > 0f) _eyes.RenderBlink(motion.Blink, frame.Span, inputs[held]);
                else frame.Span.CopyTo(inputs[held]);
                motions[held++] = motion;
                if (held < window) continue;
            }
            if (held > 0)
            {
                Parallel.For(0, held, new ParallelOptions { CancellationToken = ct },
                    i => HeadMotion.Apply(inputs[i], moved[i], _width, _height, motions[i], _pivot));
                for (var i = 0; i < held; i++) yield return moved[i];
                held = 0;
            }
            if (!more) yield break;
        }
    }
}
