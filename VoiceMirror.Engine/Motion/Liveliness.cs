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
    /// The frames moved. Two buffers are reused: a yielded frame is valid until the next is asked for, as the
    /// encoder uses it.
    /// </summary>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ApplyAsync(
        IAsyncEnumerable<ReadOnlyMemory<byte>> frames, [EnumeratorCancellation] CancellationToken ct)
    {
        var bytes = _width * _height * 3;
        var blinked = new byte[bytes];
        var moved = new byte[bytes];
        var index = 0;
        await foreach (var frame in frames.WithCancellation(ct).ConfigureAwait(false))
        {
            var motion = index < _track.Length ? _track[index] : LivelinessFrame.Still;
            index++;
            ReadOnlyMemory<byte> current = frame;
            if (_eyes is not null && motion.Blink > 0f)
            {
                _eyes.RenderBlink(motion.Blink, frame.Span, blinked);
                current = blinked;
            }
            HeadMotion.Apply(current.Span, moved, _width, _height, motion, _pivot);
            yield return moved;
        }
    }
}
