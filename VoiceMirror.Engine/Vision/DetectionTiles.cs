using SixLabors.ImageSharp;

namespace VoiceMirror.Engine.Vision;

/// <summary>One pass of the detector: square tiles of <paramref name="Side"/> photo pixels at the given top-left corners.</summary>
internal sealed record TileLevel(int Side, IReadOnlyList<Point> Origins);

/// <summary>
/// Coarse-to-fine tiling for the short-range BlazeFace model, which only finds faces filling roughly a
/// fifth or more of its input. Level k uses tiles of min(W,H)/2^k pixels overlapping by half, so any
/// face smaller than half a tile lies wholly inside some tile. The detector stops at the first level
/// that finds a face, so big faces are never cut into pieces by fine tiles.
/// </summary>
internal static class DetectionTiles
{
    /// <summary>Finest levels used: 4 halvings cover faces down to ~1/16 of the photo's short side.</summary>
    public const int MaxHalvings = 3;

    /// <summary>Tiles smaller than this many photo pixels would only be upscaled blur.</summary>
    public const int MinTileSide = 96;

    public static IEnumerable<TileLevel> Levels(int width, int height)
    {
        var shortSide = Math.Min(width, height);
        for (var k = 0; k <= MaxHalvings; k++)
        {
            var side = shortSide >> k;
            if (side < MinTileSide) yield break;
            // A square photo's first level is the whole photo, which the letterboxed pass already covered.
            if (k == 0 && width == height) continue;
            var origins = new List<Point>();
            foreach (var y in Starts(height, side))
                foreach (var x in Starts(width, side))
                    origins.Add(new Point(x, y));
            yield return new TileLevel(side, origins);
        }
    }

    /// <summary>Tile starts 0, side/2, side, … with the last tile moved back to end at the photo edge.</summary>
    internal static IEnumerable<int> Starts(int length, int side)
    {
        var step = Math.Max(1, side / 2);
        for (var p = 0; ; p += step)
        {
            if (p + side >= length)
            {
                yield return Math.Max(0, length - side);
                yield break;
            }
            yield return p;
        }
    }

    /// <summary>
    /// True when the box comes within <paramref name="margin"/> of a tile edge that is not also the photo's
    /// edge: such a face is cut by the tile and is seen whole by the overlapping neighbour.
    /// </summary>
    public static bool TouchesInnerEdge(ScoredBox box, Rectangle tile, Size photo, float margin)
    {
        return (tile.Left > 0 && box.X <= tile.Left + margin)
            || (tile.Top > 0 && box.Y <= tile.Top + margin)
            || (tile.Right < photo.Width && box.X + box.Width >= tile.Right - margin)
            || (tile.Bottom < photo.Height && box.Y + box.Height >= tile.Bottom - margin);
    }
}
