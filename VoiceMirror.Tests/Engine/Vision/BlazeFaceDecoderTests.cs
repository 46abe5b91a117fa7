using SixLabors.ImageSharp;
using VoiceMirror.Engine.Vision;

namespace VoiceMirror.Tests.Engine.Vision;

public class BlazeFaceDecoderTests
{
    [Theory]
    [InlineData(128)]
    [InlineData(256)]
    public void AnchorsFollowTheMediaPipeGrids(int inputSize)
    {
        var a = BlazeFaceDecoder.Anchors(inputSize);

        Assert.Equal(896 * 2, a.Length);
        // Fine grid 16x16, two anchors per cell.
        Assert.Equal(new[] { 0.5f / 16, 0.5f / 16, 0.5f / 16, 0.5f / 16, 1.5f / 16, 0.5f / 16 }, a[..6]);
        Assert.Equal((15.5f / 16, 15.5f / 16), (a[2 * 511], a[2 * 511 + 1]));
        // Coarse grid 8x8, six anchors per cell.
        Assert.Equal((0.5f / 8, 0.5f / 8), (a[2 * 512], a[2 * 512 + 1]));
        Assert.Equal((0.5f / 8, 0.5f / 8), (a[2 * 517], a[2 * 517 + 1]));
        Assert.Equal((1.5f / 8, 0.5f / 8), (a[2 * 518], a[2 * 518 + 1]));
        Assert.Equal((7.5f / 8, 7.5f / 8), (a[2 * 895], a[2 * 895 + 1]));
    }

    [Fact]
    public void SigmoidMatchesFormulaAndClipsAt100()
    {
        Assert.Equal(0.5f, BlazeFaceDecoder.Sigmoid(0f));
        Assert.Equal(1f / (1f + MathF.Exp(-2f)), BlazeFaceDecoder.Sigmoid(2f));
        Assert.Equal(BlazeFaceDecoder.Sigmoid(-100f), BlazeFaceDecoder.Sigmoid(-1e9f));
    }

    [Fact]
    public void DecodeOffsetsAnchorAndKeepsOnlyConfidentScores()
    {
        float[] scores = [3f, -3f];
        var regs = new float[32];
        regs[0] = 12.8f; regs[1] = -6.4f; regs[2] = 25.6f; regs[3] = 38.4f; // anchor 0
        regs[16 + 2] = 10f; regs[16 + 3] = 10f;                               // anchor 1 (low score)
        float[] anchors = [0.5f, 0.5f, 0.25f, 0.25f];

        var box = Assert.Single(BlazeFaceDecoder.Decode(scores, regs, anchors, 128, 0.75f));

        // cx = 0.5 + 12.8/128 = 0.6, cy = 0.5 - 0.05 = 0.45, w = 0.2, h = 0.3
        Assert.Equal(0.5f, box.X, 5);
        Assert.Equal(0.3f, box.Y, 5);
        Assert.Equal(0.2f, box.Width, 5);
        Assert.Equal(0.3f, box.Height, 5);
        Assert.Equal(BlazeFaceDecoder.Sigmoid(3f), box.Score);
    }

    [Fact]
    public void IoUOfHalfOverlappingSquaresIsOneThird()
    {
        var a = new ScoredBox(0, 0, 2, 2, 1);
        var b = new ScoredBox(1, 0, 2, 2, 1);
        Assert.Equal(1f / 3f, BlazeFaceDecoder.IoU(a, b), 6);
        Assert.Equal(0f, BlazeFaceDecoder.IoU(a, new ScoredBox(5, 5, 1, 1, 1)));
    }

    [Fact]
    public void WeightedNmsAveragesOverlappingBoxesByScoreAndKeepsSeparateOnes()
    {
        var boxes = new[]
        {
            new ScoredBox(0, 0, 10, 10, 0.9f),
            new ScoredBox(1, 1, 10, 10, 0.6f),   // IoU with the first ≈ 0.68 → merged
            new ScoredBox(50, 50, 10, 10, 0.8f), // far away → kept on its own
        };

        var kept = BlazeFaceDecoder.WeightedNms(boxes, 0.3f);

        Assert.Equal(2, kept.Count);
        var merged = kept[0];
        Assert.Equal(0.9f, merged.Score);
        Assert.Equal(0.6f / 1.5f, merged.X, 5);     // (0*0.9 + 1*0.6) / 1.5
        Assert.Equal(0.6f / 1.5f, merged.Y, 5);
        Assert.Equal(10f, merged.Width, 5);
        Assert.Equal(new ScoredBox(50, 50, 10, 10, 0.8f), kept[1]);
    }

    [Fact]
    public void TileStartsOverlapByHalfAndEndAtTheEdge()
    {
        Assert.Equal(new[] { 0, 256, 512 }, DetectionTiles.Starts(1024, 512));
        Assert.Equal(new[] { 0, 50, 100, 110 }, DetectionTiles.Starts(210, 100));
        Assert.Equal(new[] { 0 }, DetectionTiles.Starts(512, 512));
    }

    [Fact]
    public void SquarePhotoLevelsStartAtHalfSideAndStopAtMinimumTile()
    {
        var levels = DetectionTiles.Levels(1024, 1024).ToList();
        Assert.Equal(new[] { 512, 256, 128 }, levels.Select(l => l.Side));
        Assert.Equal(9, levels[0].Origins.Count);
        Assert.Empty(DetectionTiles.Levels(150, 150));
    }

    [Fact]
    public void BoxCutByAnInnerTileEdgeIsDropped()
    {
        var tile = new Rectangle(256, 0, 512, 512);
        var photo = new Size(1024, 512);
        Assert.True(DetectionTiles.TouchesInnerEdge(new ScoredBox(250, 100, 50, 50, 1), tile, photo, 2));
        Assert.False(DetectionTiles.TouchesInnerEdge(new ScoredBox(300, 0, 50, 50, 1), tile, photo, 2)); // top edge is the photo's
        Assert.False(DetectionTiles.TouchesInnerEdge(new ScoredBox(400, 100, 50, 50, 1), tile, photo, 2));
    }

    [Fact]
    public void DecodeOffsetsKeypointsByTheAnchorAndNmsAveragesThemByScore()
    {
        float[] scores = [3f];
        var regs = new float[16];
        regs[2] = regs[3] = 12.8f;
        regs[4] = -12.8f; regs[5] = 6.4f;  // right eye
        regs[14] = 25.6f; regs[15] = 0f;   // left ear
        float[] anchors = [0.5f, 0.5f];

        var box = Assert.Single(BlazeFaceDecoder.Decode(scores, regs, anchors, 128, 0.75f));

        Assert.Equal(0.4f, box.Keypoints![0], 5);
        Assert.Equal(0.55f, box.Keypoints[1], 5);
        Assert.Equal(0.7f, box.Keypoints[10], 5);
        Assert.Equal(0.5f, box.Keypoints[11], 5);

        var a = new ScoredBox(0, 0, 10, 10, 0.75f, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        var b = new ScoredBox(0, 0, 10, 10, 0.25f, [4, 8, 4, 8, 4, 8, 4, 8, 4, 8, 4, 8]);
        var merged = Assert.Single(BlazeFaceDecoder.WeightedNms([a, b], 0.3f));
        Assert.Equal((1f, 2f), (merged.Keypoints![0], merged.Keypoints[1]));
    }

    [Fact]
    public void MapMovesKeypointsWithTheBox()
    {
        var box = new ScoredBox(0.25f, 0.5f, 0.5f, 0.25f, 0.9f, [0.5f, 0.5f, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);

        var mapped = box.Map(100, 10, -20);

        Assert.Equal(new ScoredBox(35, 30, 50, 25, 0.9f, mapped.Keypoints), mapped);
        Assert.Equal((60f, 30f, 110f, 80f), (mapped.Keypoints![0], mapped.Keypoints[1], mapped.Keypoints[10], mapped.Keypoints[11]));
    }
}
