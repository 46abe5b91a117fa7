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
    /// The frames moved, several at once (<see cref="FrameWindows"/>); blinks are drawn one frame at a time as the frames
    /// arrive, since the eye rig keeps state. A yielded frame is valid until the next is asked for, as the encoder uses it.
    /// </summary>
    public IAsyncEnumerable<ReadOnlyMemory<byte>> ApplyAsync(IAsyncEnumerable<ReadOnlyMemory<byte>> frames, CancellationToken ct)
    {
        var bytes = _width * _height * 3;
        return FrameWindows.MapAsync(frames, bytes, bytes, Prepare, Move, ct);

        void Prepare(int index, ReadOnlySpan<byte> frame, Span<byte> slot)
        {
            var blink = Motion(index).Blink;
            if (_eyes is not null && blink > 0f) _eyes.RenderBlink(blink, frame, slot);
            else frame.CopyTo(slot);
        }

        void Move(int index, ReadOnlySpan<byte> slot, Span<byte> output) =>
            HeadMotion.Apply(slot, output, _width, _height, Motion(index), _pivot);
    }

    private LivelinessFrame Motion(int index) => index < _track.Length ? _track[index] : LivelinessFrame.Still;
}
