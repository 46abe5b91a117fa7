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
    private readonly int[] _triangles;
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

        _triangles = BuildTriangles();
        _displacement = new Vector2[_source.Length];
        _target = new Vector2[_source.Length];
        _mouth = new MouthRig(_source);
        _eyes = new EyeRig(_source);
        _interior = new MouthInterior(_base, width, height, _source, _mouth.Axes);
        _foldGuard = new FoldGuard(_source, SolidTriangles(_triangles), FaceLandmarks.Count);
    }

    /// <summary>Writes the whole frame for this mouth pose and blink amount (0 open … 1 shut) into <paramref name="destRgb24"/>.</summary>
    public void Render(MouthPose mouth, float blink, Span<byte> destRgb24)
    {
        if (destRgb24.Length < FrameBytes)
            throw new ArgumentException($"Destination needs {FrameBytes} bytes.", nameof(destRgb24));
        _base.CopyTo(destRgb24);
        var target = Deform(mouth, blink);
        MeshWarp.Warp(_base, Width, Height, _source, target, _triangles, destRgb24, FeatherPx);
        _interior.Paint(target, destRgb24, Width, Height);
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

    /// <summary>Triangles the warp draws: the tessellation, the mouth opening and the skirt — not the eye openings,
    /// whose pixels stay where they are so a closing lid slides over the eye rather than squashing it.</summary>
    internal ReadOnlySpan<int> Triangles => _triangles;

    internal float FaceHeight => _mouth.FaceHeight;

    private static int[] BuildTriangles()
    {
        var all = FaceMeshTopology.Triangles;
        var (eyesStart, eyesLength) = FaceMeshTopology.EyeHoleTriangles.GetOffsetAndLength(FaceMeshTopology.TriangleCount);
        var oval = FaceMeshTopology.FaceOval;
        var list = new List<int>(all.Length + oval.Length * 6);
        for (var t = 0; t < FaceMeshTopology.TriangleCount; t++)
        {
            if (t >= eyesStart && t < eyesStart + eyesLength) continue;
            list.Add(all[t * 3]);
            list.Add(all[t * 3 + 1]);
            list.Add(all[t * 3 + 2]);
        }
        for (var k = 0; k < oval.Length; k++)
        {
            var next = (k + 1) % oval.Length;
            int a = oval[k], b = oval[next], sa = FaceLandmarks.Count + k, sb = FaceLandmarks.Count + next;
            list.AddRange([a, b, sa, b, sb, sa]);
        }
        return list.ToArray();
    }

    /// <summary>The triangles that must keep their orientation: all but the mouth opening, which may close to nothing.</summary>
    private static int[] SolidTriangles(int[] warped)
    {
        var (mouthStart, mouthLength) = FaceMeshTopology.MouthHoleTriangles.GetOffsetAndLength(FaceMeshTopology.TriangleCount);
        // BuildTriangles keeps the topology's order up to the eye openings, so the mouth range is unchanged.
        return [.. warped[..(mouthStart * 3)], .. warped[((mouthStart + mouthLength) * 3)..]];
    }

    private static byte[] ToRgb24(Image<Rgb24> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var bytes = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(bytes);
        return bytes;
    }
}
