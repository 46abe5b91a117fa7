using VoiceMirror.Engine.Cli;
using VoiceMirror.Tests.Engine.Video;

namespace VoiceMirror.Tests.Engine.Cli;

public sealed class CommandLineTests : IDisposable
{
    private readonly string _dir = MediaProbe.NewTempDirectory();
    private readonly StringWriter _out = new(), _err = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<int> Run(params string[] args) => CommandLine.RunAsync(args, _out, _err, CancellationToken.None);

    private string[] Animate(string image, params string[] more) =>
    [
        "animate", "--image", MediaProbe.TestData("images", image), "--audio", MediaProbe.TestData("audio", "speech_ru_16k.wav"),
        "--models-dir", MediaProbe.TestData("models"), "--model", MediaProbe.TestData("models", "wav2lip_test_96.onnx"), "--cpu",
        .. more,
    ];

    [Fact]
    public async Task AnimateWithAnAudioFileWritesTheVideoPrintsProgressAndExitsZero()
    {
        var output = Path.Combine(_dir, "cli.mp4");

        var code = await Run(Animate("astronaut.png", "--out", output, "--size", "384x384", "--batch", "8"));

        Assert.True(code == 0, _err.ToString());
        var info = await MediaProbe.AnalyseAsync(output);
        Assert.Equal((384, 384), (info.PrimaryVideoStream!.Width, info.PrimaryVideoStream.Height));
        var lines = _out.ToString().Split('\n');
        Assert.Contains(lines, l => l.Contains("Inference"));
        Assert.Contains(lines, l => l.StartsWith("[100.0%] Done"));
    }

    [Fact]
    public async Task APhotoWithoutAFaceExitsWithThreeAndPrintsTheErrorCode()
    {
        var code = await Run(Animate("chelsea.png", "--out", Path.Combine(_dir, "cat.mp4")));

        Assert.Equal(3, code);
        Assert.StartsWith("error NoFace:", _err.ToString());
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Theory]
    [InlineData("animate", "--image", "x.png", "--bogus", "1")]
    [InlineData("animate", "--out", "o.mp4")]
    [InlineData("bench-inference", "--model", "does-not-exist.onnx")]
    [InlineData("frobnicate")]
    public async Task BadArgumentsExitWithTwo(params string[] args)
    {
        Assert.Equal(2, await Run(args));
        Assert.StartsWith("error:", _err.ToString());
    }

    [Fact]
    public async Task BothTextAndAudioIsABadArgument()
    {
        var code = await Run(Animate("astronaut.png", "--out", Path.Combine(_dir, "x.mp4"), "--text", "привет"));
        Assert.Equal(2, code);
        Assert.Contains("either --text or --audio", _err.ToString());
    }

    [Fact]
    public async Task AnOddFrameSizeIsRejectedAsABadArgumentNamingTheSetting()
    {
        var code = await Run(Animate("astronaut.png", "--out", Path.Combine(_dir, "x.mp4"), "--size", "255x256"));
        Assert.Equal(2, code);
        Assert.Contains("OutputWidth and OutputHeight must be even", _err.ToString());
    }

    [Fact]
    public async Task BenchInferencePrintsFramesPerSecondForEachBatchSize()
    {
        var code = await Run("bench-inference", "--model", MediaProbe.TestData("models", "wav2lip_test_96.onnx"), "--batches", "1,4", "--seconds", "1");

        Assert.True(code == 0, _err.ToString());
        Assert.Matches(@"batch +1: +\d+\.\d frames/s", _out.ToString());
        Assert.Matches(@"batch +4: +\d+\.\d frames/s", _out.ToString());
    }
}
