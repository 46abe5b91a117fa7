using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VoiceMirror.Engine;
using VoiceMirror.Engine.Audio;
using VoiceMirror.Engine.Pipeline;
using VoiceMirror.Tests.Engine.Speech;

namespace VoiceMirror.Tests.Web.Jobs;

/// <summary>
/// The render reads the lossless speech: the mel that drives the lips is, bit for bit, the mel of the stored WAV and
/// not that of the MP3 behind audioUrl (which differs: a lossy copy). The pipeline logs the file it read and a
/// fingerprint of its mel at Debug; the test captures that line.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class LosslessSpeechTests : IDisposable
{
    private readonly CapturingLoggerProvider _logs = new();
    private readonly VoiceMirrorAppFactory _app;

    public LosslessSpeechTests()
    {
        _app = new VoiceMirrorAppFactory { ConfigureServices = s => s.AddSingleton<ILoggerProvider>(_logs) };
        _app.Settings["Logging:LogLevel:VoiceMirror.Engine.Pipeline"] = "Debug";
    }

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task TheMelOfTheRenderIsTheMelOfTheOriginalWavNotOfTheMp3()
    {
        var client = _app.CreateClient();
        var avatarId = await TestUploads.UploadAsync(client);
        using var response = await client.PostAsJsonAsync("/avatar/animate", new { avatarId, text = "Привет! Меня зовут Виктор." });
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        var status = await WaitForAsync(client, id);
        Assert.True(status.GetProperty("status").GetString() == "completed", status.ToString());

        var row = _app.WithDb(db => db.Animations.Where(a => a.Id == id).Select(a => new { a.SpeechFile, a.AudioFile }).Single());
        var (speechFile, audioFile) = (row.SpeechFile!, row.AudioFile!);
        Assert.EndsWith(".wav", speechFile);
        Assert.EndsWith(".mp3", audioFile);
        var decoder = new AudioDecoder(new EngineOptions());
        var wavMel = AnimationPipeline.MelFingerprint(MelSpectrogram.Compute(
            await decoder.DecodeAsync(Path.Combine(_app.UploadsPath, speechFile), CancellationToken.None)));
        var mp3Mel = AnimationPipeline.MelFingerprint(MelSpectrogram.Compute(
            await decoder.DecodeAsync(Path.Combine(_app.UploadsPath, audioFile), CancellationToken.None)));

        var rendered = _logs.Lines.Single(l => l.Contains("fingerprint") && l.Contains("MelFingerprint="));
        Assert.Contains($"AudioFile={speechFile}", rendered);
        Assert.Contains($"MelFingerprint={wavMel}", rendered);
        Assert.NotEqual(wavMel, mp3Mel); // the check could tell them apart
    }

    private static async Task<JsonElement> WaitForAsync(HttpClient http, int id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var status = JsonDocument.Parse(await http.GetStringAsync($"/avatar/animations/{id}/status")).RootElement;
            if (status.GetProperty("status").GetString() != "processing" || DateTime.UtcNow > deadline) return status;
            await Task.Delay(100);
        }
    }
}
