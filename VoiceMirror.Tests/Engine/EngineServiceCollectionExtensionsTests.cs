using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VoiceMirror.Engine;
using VoiceMirror.Engine.Animators.Wav2Lip;
using VoiceMirror.Engine.Pipeline;
using VoiceMirror.Engine.Speech;
using VoiceMirror.Engine.Vision.FaceMesh;

namespace VoiceMirror.Tests.Engine;

public sealed class EngineServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddLogging()
            .AddVoiceMirrorEngine(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

    [Fact]
    public async Task TheWav2LipAndCudaVariablesReachTheOptionsThroughConfiguration()
    {
        await using var services = Build(new() { ["WAV2LIP_PATH"] = "/models/other.onnx", ["VOICEMIRROR_ORT_CUDA"] = "use_tf32=0" });

        var options = services.GetRequiredService<EngineOptions>();

        Assert.Equal("/models/other.onnx", options.Wav2LipPath);
        Assert.Equal("use_tf32=0", options.CudaProviderOptions);
    }

    [Fact]
    public async Task ConcurrentRendersShareOneWav2LipSessionAndItsBatches()
    {
        var dir = MediaProbe.NewTempDirectory();
        try
        {
            await using var services = Build(new()
            {
                ["VoiceMirror:Engine:ModelsDirectory"] = MediaProbe.TestData("models"),
                ["VoiceMirror:Engine:Wav2LipModel"] = "wav2lip_test_96.onnx",
                ["VoiceMirror:Engine:DefaultEngine"] = "wav2lip",
                ["VoiceMirror:Engine:UseCuda"] = "false",
                ["VoiceMirror:Engine:Liveliness"] = "false",
            });
            var pipeline = services.GetRequiredService<AnimationPipeline>();
            var renders = Enumerable.Range(0, 3).Select(i => pipeline.RenderAsync(
                new AnimationRequest(MediaProbe.TestData("images", "astronaut.png"), MediaProbe.TestData("audio", "speech_ru_16k.wav"),
                    Path.Combine(dir, $"out{i}.mp4")), null, CancellationToken.None)).ToList();
            var results = await Task.WhenAll(renders);

            var batcher = services.GetRequiredService<Wav2LipBatcher>();
            Assert.Same(batcher, services.GetRequiredService<Wav2LipBatcher>());
            Assert.Same(batcher.Model, services.GetRequiredService<Wav2LipModel>());
            Assert.Equal(results.Sum(r => r.FrameCount), batcher.Counts.Frames);
            Assert.All(results, r => Assert.True(File.Exists(r.OutputPath)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task AMissingModelDoesNotBreakStartUpButFailsTheRenderWithModelMissing()
    {
        var empty = MediaProbe.NewTempDirectory();
        try
        {
            await using var services = Build(new() { ["VoiceMirror:Engine:ModelsDirectory"] = empty });
            _ = services.GetRequiredService<IOptions<EngineOptions>>().Value;
            var pipeline = services.GetRequiredService<AnimationPipeline>();

            var e = await Assert.ThrowsAsync<EngineException>(() => pipeline.RenderAsync(
                new AnimationRequest(MediaProbe.TestData("images", "astronaut.png"), MediaProbe.TestData("audio", "speech_ru_16k.wav"),
                    Path.Combine(empty, "out.mp4")), null, CancellationToken.None));

            Assert.Equal(EngineError.ModelMissing, e.Error);
            Assert.Contains(empty, e.Message);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void FaceMeshModelIsOneInstanceLoadedFromTheBuiltinFolderOfTheModelsDirectory()
    {
        using var services = Build(new() { ["VoiceMirror:Engine:ModelsDirectory"] = MediaProbe.TestData("models") });

        var mesh = services.GetRequiredService<FaceMeshModel>();

        Assert.Same(mesh, services.GetRequiredService<FaceMeshModel>());
        Assert.Equal("builtin/face_landmark.onnx", services.GetRequiredService<EngineOptions>().FaceMeshModel);
    }

    [Fact]
    public void SettingsAreBoundFromTheVoiceMirrorEngineSection()
    {
        using var services = Build(new() { ["VoiceMirror:Engine:BatchSize"] = "5", ["VoiceMirror:Engine:Fps"] = "30" });

        var options = services.GetRequiredService<EngineOptions>();

        Assert.Equal((5, 30), (options.BatchSize, options.Fps));
    }

    [Fact]
    public void SpeechProvidersAreRegisteredOnceWithEspeakAsTheDefault()
    {
        using var services = Build([]);

        var catalog = services.GetRequiredService<VoiceCatalog>();

        Assert.Equal("espeak", Assert.Single(catalog.Providers).ProviderName);
        Assert.Equal("espeak", catalog.Resolve(null).ProviderName);
    }

    [Theory]
    [InlineData("OutputWidth", "511", "must be even")]
    [InlineData("BatchSize", "0", "BatchSize")]
    [InlineData("MinFaceSize", "1000", "MinFaceSize (1000) is larger than the output frame")]
    [InlineData("VideoEncoder", "h265_nvenc", "VideoEncoder 'h265_nvenc' is not an encoder; use one of auto, libx264, h264_nvenc")]
    [InlineData("BatchLingerMilliseconds", "-1", "BatchLingerMilliseconds")]
    public void InvalidSettingsFailValidationNamingTheSetting(string key, string value, string expected)
    {
        using var services = Build(new() { [$"VoiceMirror:Engine:{key}"] = value });

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<EngineOptions>>().Value);

        Assert.Contains(e.Failures, f => f.Contains(expected, StringComparison.Ordinal));
    }
}
