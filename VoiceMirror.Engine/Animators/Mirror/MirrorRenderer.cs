using System.Numerics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using VoiceMirror.Engine.Vision.FaceMesh;

namespace VoiceMirror.Engine.Animators.Mirror;

/// <summary>
/// Draws frames of one photo with its mouth and eyelids moved: the face mesh is deformed by the mouth and eye rigs
/// and the photo is warped piecewise-affinely onto it; then the mouth's interior is painted between parted lips.
/// Create once per render (it precomputes the rigs' weights and the photo's colours); <see cref="Render"/> is safe
/// to call from one thread at a time.
/// </summary>
public sealed class MirrorRenderer
{
    // Pixels with less displacement than this fade into the photo instead of being resampled.
    private const float FeatherPx = 0.75f;
    // A static ring around the face oval, this much further out from the face centre: the chin and jaw stretch
    // into the neck and background across it instead of tearing away from them.
    private const float SkirtScale = 0.3f;

    private readonly byte[] _base;
    private readonly Vector2[] _source;
    private readonly Vector2[] _displacement;
    private readonly Vector2[] _target;
    private readonly int[] _faceTriangles;
    private readonly int[] _mouthTriangles;
    private readonly Vector2[] _mouthSource;
    private readonly MouthRig _mouth;
    private readonly EyeRig _eyes;
    private readonly MouthInterior _interior;
    private readonly FoldGuard _foldGuard;

    /// <summary>Frame width in pixels (the photo's).</summary>
    public int Width { get; }

    /// <summary>Frame height in pixels (the photo's).</summary>
    public int Height { get; }

    /// <summary>Bytes of one RGB24 frame.</summary>
    public int FrameBytes => Width * Height * 3;

    /// <summary>Prepares rendering of <paramref name="baseFrame"/> whose face has <paramref name="landmarks"/>.</summary>
    public MirrorRenderer(Image<Rgb24> baseFrame, FaceLandmarks landmarks)
        : this(ToRgb24(baseFrame), baseFrame.Width, baseFrame.Height, landmarks)
    {
    }

    /// <summary>Prepares rendering of a packed RGB24 photo (row-major, no padding) whose face has <paramref name="landmarks"/>.</summary>
    public MirrorRenderer(byte[] baseRgb24, int width, int height, FaceLandmarks landmarks)
    {
        ArgumentNullException.ThrowIfNull(baseRgb24);
        ArgumentNullException.ThrowIfNull(landmarks);
        if (baseRgb24.Length != width * height * 3)
            throw new ArgumentException($"Expected {width * height * 3} bytes for {width}x{height} RGB24.", nameof(baseRgb24));
        _base = baseRgb24;
        Width = width;
        Height = height;

        var oval = FaceMeshTopology.FaceOval;
        _source = new Vector2[FaceLandmarks.Count + oval.Length];
        for (var i = 0; i < FaceLandmarks.Count; i++) _source[i] = new Vector2(landmarks[i].X, landmarks[i].Y);
        var centre = Vector2.Zero;
        foreach (var i in oval) centre += _source[i];
        centre /= oval.Length;
        for (var k = 0; k < oval.Length; k++)
            _source[FaceLandmarks.Count + k] = _source[oval[k]] + (_source[oval[k]] - centre) * SkirtScale;

        (_faceTriangles, _mouthTriangles) = BuildTriangles();
        _mouthSource = MouthSource(_source);
        _displacement = new Vector2[_source.Length];
        _target = new Vector2[_source.Length];
        _mouth = new MouthRig(_source);
        _eyes = new EyeRig(_source);
        _interior = new MouthInterior(_base, width, height, _source, _mouth.Axes);
        _foldGuard = new FoldGuard(_source, _faceTriangles, FaceLandmarks.Count);
    }

    /// <summary>Writes the whole frame for this mouth pose and blink amount (0 open … 1 shut) into <paramref name="destRgb24"/>.</summary>
    public void Render(MouthPose mouth, float blink, Span<byte> destRgb24)
    {
        if (destRgb24.Length < FrameBytes)
            throw new ArgumentException($"Destination needs {FrameBytes} bytes.", nameof(destRgb24));
        _base.CopyTo(destRgb24);
        var target = Deform(mouth, blink);
        MeshWarp.Warp(_base, Width, Height, _source, target, _faceTriangles, destRgb24, FeatherPx);
        MeshWarp.Warp(_base, Width, Height, _mouthSource, target, _mouthTriangles, destRgb24);
        _interior.Paint(target, destRgb24, Width, Height, Math.Clamp(-mouth.Spread, 0f, 1f));
    }

    /// <summary>
    /// Closes the eyelids by <paramref name="blink"/> on a frame drawn by any engine (the eyes are the photo's in every
    /// engine): only the eye rig moves, and the rest of <paramref name="frame"/> is copied as it is.
    /// </summary>
    public void RenderBlink(float blink, ReadOnlySpan<byte> frame, Span<byte> destRgb24)
    {
        if (destRgb24.Length < FrameBytes || frame.Length < FrameBytes)
            throw new ArgumentException($"Frames need {FrameBytes} bytes.");
        frame[..FrameBytes].CopyTo(destRgb24);
        if (blink <= 0f) return;
        Array.Clear(_displacement);
        _eyes.AddDisplacement(blink, _displacement);
        for (var i = 0; i < _source.Length; i++) _target[i] = _source[i] + _displacement[i];
        MeshWarp.Warp(frame, Width, Height, _source, _target, _faceTriangles, destRgb24, FeatherPx);
    }

    /// <summary>The mesh points (468 landmarks, then the static skirt) for a pose; the span is reused by the next call.</summary>
    internal ReadOnlySpan<Vector2> Deform(MouthPose mouth, float blink)
    {
        Array.Clear(_displacement);
        _mouth.AddDisplacement(mouth, _displacement);
        _eyes.AddDisplacement(blink, _displacement);
        LastFoldsRepaired = _foldGuard.Repair(_source, _displacement);
        for (var i = 0; i < _source.Length; i++)
            _target[i] = i < FaceLandmarks.Count ? _source[i] + _displacement[i] : _source[i];
        return _target;
    }

    internal ReadOnlySpan<Vector2> SourcePoints => _source;

    /// <summary>Triangles the fold guard had to straighten in the last <see cref="Deform"/> (0 when the rigs alone kept the mesh whole).</summary>
    internal int LastFoldsRepaired { get; private set; }

    /// <summary>Triangles the warp draws: the tessellation and the skirt, then the mouth opening — not the eye
    /// openings, whose pixels stay where they are so a closing lid slides over the eye rather than squashing it.</summary>
    internal int[] Triangles => [.. _faceTriangles, .. _mouthTriangles];

    internal float FaceHeight => _mouth.FaceHeight;

    private static (int[] Face, int[] Mouth) BuildTriangles()
    {
        var all = FaceMeshTopology.Triangles;
        var (mouthStart, mouthLength) = FaceMeshTopology.MouthHoleTriangles.GetOffsetAndLength(FaceMeshTopology.TriangleCount);
        var (eyesStart, _) = FaceMeshTopology.EyeHoleTriangles.GetOffsetAndLength(FaceMeshTopology.TriangleCount);
        var oval = FaceMeshTopology.FaceOval;
        var face = new List<int>(all.Length + oval.Length * 6);
        face.AddRange(all[..(mouthStart * 3)]);
        face.AddRange(all[((mouthStart + mouthLength) * 3)..(eyesStart * 3)]);
        for (var k = 0; k < oval.Length; k++)
        {
            var next = (k + 1) % oval.Length;
            int a = oval[k], b = oval[next], sa = FaceLandmarks.Count + k, sb = FaceLandmarks.Count + next;
            face.AddRange([a, b, sa, b, sb, sa]);
        }
        return (face.ToArray(), all.Slice(mouthStart * 3, mouthLength * 3).ToArray());
    }

    /// <summary>
    /// Where the mouth opening takes its pixels from: not the photo's own opening (a smile's teeth would show as a
    /// bright line between lips pressed together) but a band just inside the lips, so a sliver of an opening is lip.
    /// Whatever opens wider is painted over by <see cref="MouthInterior"/>.
    /// </summary>
    private static Vector2[] MouthSource(Vector2[] source)
    {
        var result = source.ToArray();
        for (var side = 0; side < 2; side++)
        {
            var inner = side == 0 ? FaceMeshTopology.InnerLipUpper : FaceMeshTopology.InnerLipLower;
            var outer = side == 0 ? FaceMeshTopology.OuterLipUpper : FaceMeshTopology.OuterLipLower;
            for (var k = 1; k < inner.Length - 1; k++)
                result[inner[k]] = Vector2.Lerp(source[inner[k]], source[outer[k]], 0.3f);
        }
        return result;
    }

    private static byte[] ToRgb24(Image<Rgb24> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var bytes = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(bytes);
        return bytes;
    }
}
