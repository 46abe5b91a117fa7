using VoiceMirror.Engine.Cli;

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
    public async Task AnimateWithTextSpeaksItWithEspeakAndRendersAVideoAsLongAsTheSpeech()
    {
        var output = Path.Combine(_dir, "spoken.mp4");

        var code = await Run("animate", "--image", MediaProbe.TestData("images", "astronaut.png"), "--text", "Добрый день, как дела?",
            "--voice", "espeak-ru", "--out", output, "--models-dir", MediaProbe.TestData("models"),
            "--model", "wav2lip_test_96.onnx", "--cpu");

        Assert.True(code == 0, _err.ToString());
        Assert.Contains("Voice: espeak-ru", _out.ToString());
        var info = await MediaProbe.AnalyseAsync(output);
        Assert.InRange(info.Duration.TotalSeconds, 0.5, 10);
        Assert.Equal(info.PrimaryAudioStream!.Duration.TotalSeconds, info.PrimaryVideoStream!.Duration.TotalSeconds, 0.04 + 0.001);
        Assert.Equal(["spoken.mp4"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task BenchRunPrintsEveryStageFramesPerSecondAndPeakMemory()
    {
        var code = await Run("bench-run", "--image", MediaProbe.TestData("images", "astronaut.png"), "--seconds", "2",
            "--models-dir", MediaProbe.TestData("models"), "--model", "wav2lip_test_96.onnx", "--cpu", "--size", "320x320", "--fps", "20");

        Assert.True(code == 0, _err.ToString());
        var text = _out.ToString();
        Assert.Contains("2.00 s of audio -> 40 frames 320x320 @ 20 fps", text);
        foreach (var stage in new[] { "speech", "audio + mel", "face", "inference", "composite", "encode", "render", "memory" })
            Assert.Matches($@"(?m)^{System.Text.RegularExpressions.Regex.Escape(stage)} +\S", text);
        Assert.Matches(@"\d+\.\d frames/s", text);
        Assert.Matches(@"VmHWM\) \d+ MiB", text);
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

    [Fact]
    public async Task BenchInferenceGraphModeTimesTheBoundBatchAndSaysWhereItRan()
    {
        var code = await Run("bench-inference", "--model", MediaProbe.TestData("models", "wav2lip_test_96.onnx"), "--batches", "4", "--seconds", "1", "--cpu", "--graph");

        Assert.True(code == 0, _err.ToString());
        Assert.Matches(@"batch +4: +\d+\.\d frames/s on CPU \(host buffers, CUDA graph off\), +\d+\.\d frames/s with host copies", _out.ToString());
    }
}
