namespace VoiceMirror.Engine.Vision.FaceMesh;

/// <summary>
/// MediaPipe Face Mesh's canonical topology over <see cref="FaceLandmarks"/> indices: the 898 triangles and the
/// contours of lips, eyes and face oval (data from <c>@mediapipe/face_mesh</c>, Apache-2.0; see
/// <c>FaceMeshTopology.Data.cs</c> and <c>tools/extract_face_mesh_topology.js</c>).
/// Lip and eye contours run corner to corner: lips from the image-left corner (61 outer, 78 inner) to the right
/// (291, 308); eyes from the outer to the inner corner (right eye 33 → 133, left eye 263 → 362).
/// </summary>
public static partial class FaceMeshTopology
{
    /// <summary>Triangles as vertex index triples (a0, b0, c0, a1, …); see the ranges below for what closes the holes.</summary>
    public static ReadOnlySpan<int> Triangles => TriangleData;

    public static int TriangleCount => TriangleData.Length / 3;

    /// <summary>Triangle index range that fills the mouth opening (between the inner-lip contours).</summary>
    public static Range MouthHoleTriangles => new(TessellationTriangleCount, TessellationTriangleCount + MouthHoleTriangleCount);

    /// <summary>Triangle index range that fills both eye openings (between the lids).</summary>
    public static Range EyeHoleTriangles => new(TessellationTriangleCount + MouthHoleTriangleCount, TriangleCount);

    public static ReadOnlySpan<int> OuterLipUpper => OuterLipUpperData;
    public static ReadOnlySpan<int> OuterLipLower => OuterLipLowerData;
    public static ReadOnlySpan<int> InnerLipUpper => InnerLipUpperData;
    public static ReadOnlySpan<int> InnerLipLower => InnerLipLowerData;
    public static ReadOnlySpan<int> LeftEyeUpper => LeftEyeUpperData;
    public static ReadOnlySpan<int> LeftEyeLower => LeftEyeLowerData;
    public static ReadOnlySpan<int> RightEyeUpper => RightEyeUpperData;
    public static ReadOnlySpan<int> RightEyeLower => RightEyeLowerData;

    /// <summary>Closed rings (first point not repeated): upper contour corner to corner, then the lower one back.</summary>
    public static ReadOnlySpan<int> OuterLipRing => OuterLipRingData;
    public static ReadOnlySpan<int> InnerLipRing => InnerLipRingData;
    public static ReadOnlySpan<int> LeftEyeRing => LeftEyeRingData;
    public static ReadOnlySpan<int> RightEyeRing => RightEyeRingData;

    /// <summary>The face outline, clockwise in the image from the forehead top (10), first point not repeated.</summary>
    public static ReadOnlySpan<int> FaceOval => FaceOvalData.AsSpan(0, FaceOvalData.Length - 1);

    private static readonly int[] OuterLipRingData, InnerLipRingData, LeftEyeRingData, RightEyeRingData;

    // A static constructor runs after every field initializer of both partial files; initializers alone would
    // run in an order that depends on which file the compiler reads first.
    static FaceMeshTopology()
    {
        OuterLipRingData = Ring(OuterLipUpperData, OuterLipLowerData);
        InnerLipRingData = Ring(InnerLipUpperData, InnerLipLowerData);
        LeftEyeRingData = Ring(LeftEyeUpperData, LeftEyeLowerData);
        RightEyeRingData = Ring(RightEyeUpperData, RightEyeLowerData);
    }

    private static int[] Ring(int[] upper, int[] lower)
    {
        var ring = new int[upper.Length + lower.Length - 2];
        upper.CopyTo(ring, 0);
        for (var i = lower.Length - 2; i >= 1; i--) ring[upper.Length + lower.Length - 2 - i] = lower[i];
        return ring;
    }
}
