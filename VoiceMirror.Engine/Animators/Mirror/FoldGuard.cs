using System.Numerics;

namespace VoiceMirror.Engine.Animators.Mirror;

/// <summary>
/// Last line of defence against a folded mesh (a triangle turned inside out draws the photo twice, mirrored): the
/// rigs' fields are built not to fold, but on an unusual face a tiny triangle near the lip corners may still shrink
/// past nothing. Any triangle keeping less than <see cref="MinAreaKept"/> of its area has its corners' displacements
/// pulled halfway toward their mean, which moves it more rigidly, until none is left or the rounds run out.
/// </summary>
internal sealed class FoldGuard
{
    public const float MinAreaKept = 0.1f;
    private const int Rounds = 12;
    // Triangles this small (px²) have no orientation worth keeping.
    private const float MinSourceArea = 0.25f;

    private readonly int[] _triangles;
    private readonly float[] _sourceArea;
    private readonly int _movable;

    /// <param name="movable">Points at this index or above (the static skirt) never move.</param>
    public FoldGuard(ReadOnlySpan<Vector2> source, ReadOnlySpan<int> triangles, int movable)
    {
        var kept = new List<int>(triangles.Length);
        var areas = new List<float>(triangles.Length / 3);
        for (var k = 0; k + 2 < triangles.Length; k += 3)
        {
            var area = Area(source[triangles[k]], source[triangles[k + 1]], source[triangles[k + 2]]);
            if (MathF.Abs(area) < MinSourceArea) continue;
            kept.AddRange([triangles[k], triangles[k + 1], triangles[k + 2]]);
            areas.Add(area);
        }
        _triangles = kept.ToArray();
        _sourceArea = areas.ToArray();
        _movable = movable;
    }

    /// <summary>Fixes folds in place; returns the number of triangles that needed it in the first round.</summary>
    public int Repair(ReadOnlySpan<Vector2> source, Span<Vector2> displacement)
    {
        var first = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var folded = 0;
            for (var t = 0; t < _sourceArea.Length; t++)
            {
                int a = _triangles[3 * t], b = _triangles[3 * t + 1], c = _triangles[3 * t + 2];
                var before = _sourceArea[t];
                var after = Area(source[a] + displacement[a], source[b] + displacement[b], source[c] + displacement[c]);
                if (after / before >= MinAreaKept) continue;
                folded++;
                var mean = (displacement[a] + displacement[b] + displacement[c]) / 3;
                if (a < _movable) displacement[a] = (displacement[a] + mean) / 2;
                if (b < _movable) displacement[b] = (displacement[b] + mean) / 2;
                if (c < _movable) displacement[c] = (displacement[c] + mean) / 2;
            }
            if (round == 0) first = folded;
            if (folded == 0) break;
        }
        return first;
    }

    private static float Area(Vector2 a, Vector2 b, Vector2 c) => ((b.X - a.X) * (c.Y - a.Y) - (b.Y - a.Y) * (c.X - a.X)) / 2;
}
