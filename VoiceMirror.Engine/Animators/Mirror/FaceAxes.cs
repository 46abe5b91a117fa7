using System.Numerics;

namespace VoiceMirror.Engine.Animators.Mirror;

/// <summary>
/// A face-aligned frame in pixels: <see cref="Right"/> across the face, <see cref="Down"/> from forehead (landmark 10)
/// to chin (152), so rigs work the same on a tilted head. <see cref="Height"/> is the 10–152 distance.
/// </summary>
internal readonly record struct FaceAxes(Vector2 Origin, Vector2 Right, Vector2 Down, float Height)
{
    public static FaceAxes Of(ReadOnlySpan<Vector2> landmarks, Vector2 origin)
    {
        var down = landmarks[152] - landmarks[10];
        var height = down.Length();
        if (height < 1f) throw new ArgumentException("Forehead and chin landmarks coincide.", nameof(landmarks));
        down /= height;
        return new FaceAxes(origin, new Vector2(down.Y, -down.X), down, height);
    }

    /// <summary>(u, v): across and down the face from <see cref="Origin"/>.</summary>
    public Vector2 ToFace(Vector2 p)
    {
        var d = p - Origin;
        return new Vector2(Vector2.Dot(d, Right), Vector2.Dot(d, Down));
    }

    public Vector2 ToImage(Vector2 uv) => Origin + Right * uv.X + Down * uv.Y;

    public Vector2 VectorToImage(float du, float dv) => Right * du + Down * dv;

    /// <summary>A contour's points in face coordinates, sorted across the face (for <see cref="Shape.AtU"/>).</summary>
    public Vector2[] ContourSortedByU(ReadOnlySpan<Vector2> points, ReadOnlySpan<int> contour)
    {
        var result = new Vector2[contour.Length];
        for (var i = 0; i < contour.Length; i++) result[i] = ToFace(points[contour[i]]);
        Array.Sort(result, static (a, b) => a.X.CompareTo(b.X));
        return result;
    }
}
