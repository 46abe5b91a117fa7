using System.Text.Json;
using VoiceMirror.Engine.Vision.FaceMesh;

namespace VoiceMirror.Tests.Engine.Vision.FaceMesh;

public class FaceLandmarksJsonTests
{
    [Fact]
    public void RoundTripKeepsEveryValueToAHundredthOfAPixel()
    {
        var random = new Random(7);
        var original = new FaceLandmarks(Enumerable.Range(0, FaceLandmarks.Count * 3).Select(_ => (float)(random.NextDouble() * 2000 - 500)).ToArray());

        var json = original.ToJson();
        var back = FaceLandmarks.FromJson(json);

        Assert.All(original.Values.Zip(back.Values), p => Assert.InRange(MathF.Abs(p.First - p.Second), 0, 0.0051f));
        Assert.InRange(json.Length, 1000, 14_000);
    }

    [Fact]
    public void JsonIsCompactAndNamesItsFormat()
    {
        var values = new float[FaceLandmarks.Count * 3];
        values[0] = 0.1f;
        values[1] = 12.3456f;
        values[2] = -3f;

        var json = new FaceLandmarks(values).ToJson();

        Assert.StartsWith("{\"format\":\"mediapipe-face-mesh-468\",\"points\":[0.1,12.35,-3,0,", json);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"format\":\"other\",\"points\":[]}")]
    [InlineData("{\"format\":\"mediapipe-face-mesh-468\",\"points\":[1,2,3]}")]
    public void AnythingButLandmarkJsonIsRefused(string json)
    {
        Assert.ThrowsAny<JsonException>(() => FaceLandmarks.FromJson(json));
    }
}
