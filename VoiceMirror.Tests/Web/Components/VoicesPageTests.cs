using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using VoiceMirror.Engine;
using VoiceMirror.Engine.Audio;
using VoiceMirror.Tests.Engine.Speech;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using static VoiceMirror.Tests.Web.Components.BrowserPage;

namespace VoiceMirror.Tests.Web.Components;

/// The app with ElevenLabs played by a stateful loopback fake, and a Chromium whose microphone is a fake
/// capture device reading recorded Russian speech (TestData/audio/speech_ru_16k.wav) in a loop.
public sealed class VoicesBrowserFixture() : BrowserAppFixture([
    "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
    $"--use-file-for-fake-audio-capture={VoiceMirrorAppFactory.TestDataPath("audio", "speech_ru_16k.wav")}",
    "--autoplay-policy=no-user-gesture-required"])
{
    public SpeechAudio Audio { get; } = new();
    public LoopbackSpeechServer Server { get; private set; } = null!;
    public FakeElevenLabsVoices ElevenLabs { get; private set; } = null!;

    protected override async Task BeforeStartAsync()
    {
        await Audio.InitializeAsync();
        Server = await LoopbackSpeechServer.StartAsync();
        ElevenLabs = new FakeElevenLabsVoices(Audio.Mp3);
        Server.Respond = ElevenLabs.RespondAsync;
        foreach (var (key, value) in SpeechHost.ElevenLabs(Server.BaseUrl)) App.Settings[key] = value;
        App.Settings["VoiceMirror:Voices:ElevenLabs:VoiceCacheSeconds"] = "0";
    }

    /// Clones through the public API (the browser path is tested on its own); returns the new voice id.
    public async Task<string> CloneAsync(string name)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl };
        using var form = new MultipartFormDataContent
        {
            { new StringContent(name), "name" }, { new StringContent("true"), "consent" },
            { new ByteArrayContent(await File.ReadAllBytesAsync(VoiceMirrorAppFactory.TestDataPath("audio", "speech_ru_16k.wav"))), "samples", "me.wav" },
        };
        using var response = await http.PostAsync("voices/clone", form);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Cloned>())!.VoiceId;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Server is not null) await Server.DisposeAsync();
        await Audio.DisposeAsync();
    }

    private sealed record Cloned(string VoiceId);
}

[Collection(WebCollection.Name)]
[Trait("Category", "Browser")]
public sealed class VoicesPageTests(VoicesBrowserFixture fx, ITestOutputHelper output) : IClassFixture<VoicesBrowserFixture>
{
    // Playing and moving on: the element fired 'playing', is not paused, and its clock has advanced.
    private const string Playing = """
        s => { const a = document.querySelector(s); return !!a && a.dataset.sawPlaying === '1' && !a.paused && a.currentTime > 0.25; }
        """;
    // On the document in the capture phase ('playing' does not bubble): the player may not be rendered yet when the
    // watch is set up (the studio renders it once its data has loaded), or Blazor may re-render it.
    private const string WatchPlaying = "() => document.addEventListener('playing', e => { e.target.dataset.sawPlaying = '1'; }, true)";

    [BrowserFact]
    public async Task TwoTakesRecordedInTheBrowserAreClonedAndTheNewVoiceIsPickedInTheStudio()
    {
        var avatarId = await fx.CreateAvatarAsync($"Клон {Guid.NewGuid().ToString()[..6]}");
        var voiceName = $"Мой голос {Guid.NewGuid().ToString()[..6]}";
        var page = await fx.OpenAsync($"/voice-library?avatar={avatarId}");
        await Expect(page.Locator("[data-testid=read-text]")).ToContainTextAsync("Я записываю свой голос");
        await Expect(page.Locator("[data-testid=clone-submit]")).ToBeDisabledAsync();

        foreach (var take in new[] { 1, 2 })
        {
            var row = page.Locator($"[data-testid=take][data-take='{take}']");
            await row.Locator("[data-testid=take-record]").ClickAsync();
            // The meter moves with the fake microphone's speech, and the clock runs; then stop after 2 s of it.
            await page.WaitForFunctionAsync("() => Number(document.querySelector('[data-testid=level-meter]')?.getAttribute('aria-valuenow')) > 5");
            await page.WaitForFunctionAsync("() => Number(document.querySelector('[data-testid=take-clock]')?.dataset.seconds) >= 2");
            await row.Locator("[data-testid=take-stop]").ClickAsync();
            await Expect(row.Locator("[data-testid=take-audio]")).ToHaveCountAsync(1);
            await Expect(row.Locator("[data-testid=take-record]")).ToHaveAttributeAsync("aria-label", $"Перезаписать дубль {take}");
        }
        await Expect(page.Locator("[data-testid=take][data-take='3'] [data-testid=take-audio]")).ToHaveCountAsync(0);

        // Re-recording a take replaces it (a new recording, still two takes in all).
        var take1 = page.Locator("[data-testid=take][data-take='1']");
        var firstUrl = await take1.Locator("[data-testid=take-audio]").GetAttributeAsync("src");
        await take1.Locator("[data-testid=take-record]").ClickAsync();
        await page.WaitForFunctionAsync("() => Number(document.querySelector('[data-testid=take-clock]')?.dataset.seconds) >= 2");
        await take1.Locator("[data-testid=take-stop]").ClickAsync();
        await Expect(take1.Locator("[data-testid=take-audio]")).Not.ToHaveAttributeAsync("src", firstUrl!);
        await Expect(page.Locator("[data-testid=take-audio]")).ToHaveCountAsync(2);

        // A take plays back before it is sent.
        const string firstTake = "[data-testid=take][data-take='1'] audio";
        await page.EvaluateAsync(WatchPlaying);
        await page.EvaluateAsync("s => document.querySelector(s).play()", firstTake);
        await page.WaitForFunctionAsync(Playing, firstTake);
        await page.EvaluateAsync("s => document.querySelector(s).pause()", firstTake);

        await Field(page, "voice-name-input").FillAsync(voiceName);
        await Expect(page.Locator("[data-testid=clone-why]")).ToHaveTextAsync("Подтвердите, чей это голос.");
        await page.Locator("input[data-testid=voice-consent], [data-testid=voice-consent] input").First.CheckAsync();
        await page.Locator("[data-testid=clone-submit]").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/studio/{avatarId}$"), new() { Timeout = 60_000 });
        var picker = page.Locator(".mud-input-control.mud-select:has([data-testid=studio-voice])");
        await Expect(picker).ToContainTextAsync(voiceName);

        // Both takes reached the provider as audible audio of about the recorded length (MediaRecorder's WebM
        // carries no duration, so it is counted from the decoded samples).
        var clone = fx.Server.Requests.Single(r => r.Path == "/v1/voices/add" && r.FormFields["name"] == voiceName);
        // The server names samples itself (sample-N), keeping the extension of what the browser recorded.
        Assert.Equal(["sample-1.webm", "sample-2.webm"], clone.Files.Select(f => f.FileName));
        var decoder = new AudioDecoder(new EngineOptions());
        foreach (var file in clone.Files)
        {
            var path = Path.Combine(fx.Audio.NewOutputDirectory(), file.FileName);
            await File.WriteAllBytesAsync(path, file.Content);
            var samples = await decoder.DecodeAsync(path, CancellationToken.None);
            var seconds = samples.Length / (double)AudioDecoder.SampleRate;
            var rms = Math.Sqrt(samples.Average(x => (double)x * x));
            output.WriteLine($"{file.FileName}: {seconds:0.00} s, rms {rms:0.000}");
            Assert.InRange(seconds, 1.5, 30);
            Assert.True(rms > 0.01, $"{file.FileName} is nearly silent (rms {rms:0.0000})");
        }

        // The picker lists cloned voices right after "automatic".
        await picker.ClickAsync();
        var options = page.Locator(".mud-popover-open .mud-list-item");
        await Expect(options.Nth(1)).ToContainTextAsync("клонированный");
        await page.Keyboard.PressAsync("Escape");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task UploadedFilesGoThroughTheApisChecksAndARefusalIsShownInTheUsersLanguage()
    {
        var folder = Directory.CreateTempSubdirectory("vm-voice-upload-").FullName;
        var quiet = Path.Combine(folder, "quiet.wav");
        await File.WriteAllBytesAsync(quiet, SilentWav(seconds: 2));
        var clones = fx.Server.Requests.Count(r => r.Path == "/v1/voices/add");
        var page = await fx.OpenAsync("/voice-library");

        foreach (var language in new[] { "ru", "en" })
        {
            if (language == "en")
            {
                await page.Locator("[data-culture=en]").ClickAsync();
                await Expect(page.Locator("h1")).ToHaveTextAsync("Voices");
                await page.Locator("[data-interactive]").WaitForAsync(); // a file picked before the circuit runs goes nowhere
            }
            await page.Locator("[data-testid=voice-files]").SetInputFilesAsync(quiet);
            await Expect(page.Locator("[data-testid=picked-files]")).ToContainTextAsync("quiet.wav");
            await Field(page, "voice-name-input").FillAsync("Тишина");
            await page.Locator("input[data-testid=voice-consent], [data-testid=voice-consent] input").First.CheckAsync();
            await page.Locator("[data-testid=clone-submit]").ClickAsync();

            var error = page.Locator("[data-testid=clone-error]");
            await Expect(error).ToHaveTextAsync(VoiceMirror.Web.Localization.Messages.Get("SampleSilent", new System.Globalization.CultureInfo(language), "quiet.wav"));
            await Expect(error).ToHaveAttributeAsync("role", "alert");
        }
        Assert.Equal(clones, fx.Server.Requests.Count(r => r.Path == "/v1/voices/add"));
        await page.Context.CloseAsync();
        Directory.Delete(folder, recursive: true);
    }

    [BrowserFact]
    public async Task PreviewPlaysTheVoiceOnTheVoicesPageAndInTheStudio()
    {
        var page = await fx.OpenAsync("/voice-library");
        const string player = "[data-testid=voice-preview-audio]";
        await page.EvaluateAsync(WatchPlaying);
        var rachel = page.Locator($"[data-testid=voice-item][data-voice-id='{FakeElevenLabsVoices.StockId}']");
        await Expect(rachel.Locator("[data-testid=voice-provider]")).ToHaveTextAsync("ElevenLabs");
        await Expect(rachel.Locator("[data-testid=voice-kind]")).ToHaveTextAsync("готовый");

        await rachel.Locator("[data-testid=voice-preview]").ClickAsync();

        await page.WaitForFunctionAsync(Playing, player);
        Assert.Contains($"voices/{FakeElevenLabsVoices.StockId}/preview?language=ru", await page.Locator(player).GetAttributeAsync("src"));

        var avatarId = await fx.CreateAvatarAsync("Превью");
        await BrowserAppFixture.GoToAsync(page, $"/studio/{avatarId}");
        const string studioPlayer = "[data-testid=studio-preview-audio]";
        await page.EvaluateAsync(WatchPlaying);
        await page.Locator("[data-testid=studio-voice-preview]").ClickAsync();
        await page.WaitForFunctionAsync(Playing, studioPlayer);
        Assert.Contains("voices/espeak-ru/preview?language=ru", await page.Locator(studioPlayer).GetAttributeAsync("src"));
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task DeletingAClonedVoiceAsksFirstThenRemovesItHereAndAtTheProvider()
    {
        var name = $"Удалить {Guid.NewGuid().ToString()[..6]}";
        var id = await fx.CloneAsync(name);
        var page = await fx.OpenAsync("/voice-library");
        var item = page.Locator($"[data-testid=voice-item][data-voice-id='{id}']");
        await Expect(item.Locator("[data-testid=voice-kind]")).ToHaveTextAsync("клонированный");
        await Expect(page.Locator($"[data-testid=voice-item][data-voice-id='espeak-ru'] [data-testid=voice-delete]")).ToHaveCountAsync(0);

        await item.Locator("[data-testid=voice-delete]").ClickAsync();
        var confirm = page.Locator("[data-testid=delete-confirm]");
        await Expect(confirm).ToHaveAttributeAsync("aria-label", $"Удалить голос «{name}»");
        await Expect(page.Locator(".mud-dialog")).ToContainTextAsync("Уже готовые анимации с этим голосом сохранятся");
        await confirm.ClickAsync();

        await Expect(item).ToHaveCountAsync(0);
        Assert.DoesNotContain(id, fx.ElevenLabs.Ids);
        Assert.Contains(fx.Server.Requests, r => r.Method == "DELETE" && r.Path == $"/v1/voices/{id}");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task TheVoicesPageFitsDesktopAndPhoneWithNoSeriousAccessibilityViolations()
    {
        await fx.CloneAsync("Анна (клон)");
        var problems = new List<string>();
        foreach (var (width, height, file) in new[] { (1280, 800, "voices-desktop.png"), (390, 844, "voices-phone.png") })
        {
            var page = await fx.OpenAsync("/voice-library", width, height);
            await Expect(page.Locator("[data-testid=voice-item]").First).ToBeVisibleAsync();
            // One take recorded, so the shot shows a playable take beside empty ones.
            await page.Locator("[data-testid=take][data-take='1'] [data-testid=take-record]").ClickAsync();
            await page.WaitForFunctionAsync("() => Number(document.querySelector('[data-testid=take-clock]')?.dataset.seconds) >= 1");
            await page.Locator("[data-testid=take-stop]").ClickAsync();
            await Expect(page.Locator("[data-testid=take-audio]")).ToHaveCountAsync(1);

            Assert.Equal("", await OverflowingElementsAsync(page));
            await page.EvaluateAsync("() => window.scrollTo(0, 0)"); // the fixed app bar at the top of the full-page shot
            await page.ScreenshotAsync(new() { Path = ArtifactPath(file), FullPage = true });
            foreach (var (impact, line) in await AccessibilityViolationsAsync(page))
            {
                output.WriteLine($"{file}: {line}");
                if (impact is "serious" or "critical") problems.Add($"{file}: {line}");
            }
            await page.Context.CloseAsync();
        }
        Assert.True(problems.Count == 0, "serious or critical accessibility violations:\n" + string.Join("\n", problems));
    }

    private static byte[] SilentWav(int seconds)
    {
        var data = 16000 * 2 * seconds;
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write("RIFF"u8); w.Write(36 + data); w.Write("WAVEfmt "u8); w.Write(16); w.Write((short)1); w.Write((short)1);
        w.Write(16000); w.Write(32000); w.Write((short)2); w.Write((short)16); w.Write("data"u8); w.Write(data);
        w.Write(new byte[data]);
        w.Flush();
        return stream.ToArray();
    }

    /// artifacts/ at the repository root, where the issue asks for the page's screenshots.
    private static string ArtifactPath(string name) =>
        Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(BrowserAppFixture.ScreenshotPath(name)))!, name);
}
