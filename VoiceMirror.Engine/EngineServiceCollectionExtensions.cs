using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VoiceMirror.Engine.Animators;
using VoiceMirror.Engine.Animators.Mirror;
using VoiceMirror.Engine.Audio;
using VoiceMirror.Engine.Animators.Wav2Lip;
using VoiceMirror.Engine.Pipeline;
using VoiceMirror.Engine.Speech;
using VoiceMirror.Engine.Video;
using VoiceMirror.Engine.Vision;
using VoiceMirror.Engine.Vision.FaceMesh;

namespace VoiceMirror.Engine;

public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the engine: <see cref="EngineOptions"/> bound from <c>VoiceMirror:Engine</c> and validated at
    /// start, the models as singletons created on first use (a missing model file fails that render with
    /// ModelMissing, never the application's start), the speech providers with their voice catalogue, the audio
    /// decoder, the MP4 writer and the pipeline.
    /// </summary>
    public static IServiceCollection AddVoiceMirrorEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EngineOptions>()
            .Bind(configuration.GetSection(EngineOptions.Section))
            .PostConfigure(o =>
            {
                // The two variables the Docker images and GPU scripts set, read here as configuration, once.
                if (configuration[ModelFiles.Wav2LipPathVariable] is { Length: > 0 } path) o.Wav2LipPath = path;
                if (configuration[CudaProviderSettings.Variable] is { Length: > 0 } cuda) o.CudaProviderOptions = cuda;
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<EngineOptions>, EngineOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<EngineOptions>>().Value);

        // Factories run on first resolve; one that throws is not cached, so installing the model later works.
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<EngineOptions>();
            return new Wav2LipModel(ModelFiles.ResolveWav2Lip(options), options.UseCuda, Logger<Wav2LipModel>(sp),
                options.CudaProviderOptions, options.CudaGraph);
        });
        // The one session every render on this GPU shares, fed by one batching loop.
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<EngineOptions>();
            var batcher = new Wav2LipBatcher(sp.GetRequiredService<Wav2LipModel>(), options.BatchSize,
                TimeSpan.FromMilliseconds(options.BatchLingerMilliseconds), Logger<Wav2LipBatcher>(sp));
            // On a GPU the first batches are slow (kernel loading, cuDNN search, graph capture): pay them here, once.
            if (batcher.Model.ExecutionProvider == "CUDA") batcher.WarmUp();
            return batcher;
        });
        services.AddSingleton(sp => new BlazeFaceDetector(ModelFiles.ResolveFaceDetector(sp.GetRequiredService<EngineOptions>())));
        services.AddSingleton(sp => new FaceMeshModel(ModelFiles.ResolveFaceMesh(sp.GetRequiredService<EngineOptions>())));

        services.AddSpeechProviders(configuration);
        services.AddSingleton<AudioDecoder>();
        services.AddSingleton(sp => new VideoEncoder(sp.GetRequiredService<EngineOptions>(), sp.GetService<ILogger<VideoEncoder>>()));
        services.AddSingleton(sp => new Mp4Writer(sp.GetRequiredService<EngineOptions>(), sp.GetRequiredService<VideoEncoder>()));
        services.AddSingleton(sp => new PhotoAdmission(sp.GetRequiredService<EngineOptions>(),
            () => sp.GetRequiredService<BlazeFaceDetector>(), () => sp.GetRequiredService<FaceMeshModel>()));
        services.AddSingleton(sp => new FaceFinder(sp.GetRequiredService<EngineOptions>(),
            () => sp.GetRequiredService<BlazeFaceDetector>(), () => sp.GetRequiredService<FaceMeshModel>()));
        services.AddSingleton<IFaceAnimator>(sp => new MirrorAnimator(sp.GetRequiredService<EngineOptions>()));
        services.AddSingleton<IFaceAnimator>(sp => new Wav2LipAnimator(sp.GetRequiredService<EngineOptions>(), () => sp.GetRequiredService<Wav2LipBatcher>()));
        services.AddSingleton<AnimatorCatalog>();
        services.AddSingleton(sp => new AnimationPipeline(
            sp.GetRequiredService<EngineOptions>(),
            sp.GetRequiredService<AnimatorCatalog>(),
            sp.GetRequiredService<PhotoAdmission>(),
            sp.GetRequiredService<FaceFinder>(),
            sp.GetRequiredService<AudioDecoder>(),
            sp.GetRequiredService<Mp4Writer>(),
            Logger<AnimationPipeline>(sp)));
        return services;
    }

    private static ILogger<T> Logger<T>(IServiceProvider sp) =>
        sp.GetService<ILogger<T>>() ?? NullLogger<T>.Instance;
}
