using System.Text.RegularExpressions;
using Microsoft.Playwright;
using VoiceMirror.Engine;
using VoiceMirror.Engine.Audio;
using VoiceMirror.Tests.Engine.Speech;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using static VoiceMirror.Tests.Web.Components.BrowserPage;

namespace VoiceMirror.Tests.Web.Components;

/// The app with only a cloning OpenAI-compatible server (a stateful loopback fake) and Chromium's fake microphone.
public sealed class OpenAiVoicesBrowserFixture() : BrowserAppFixture([
    "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
    $"--use-file-for-fake-audio-capture={VoiceMirrorAppFactory.TestDataPath("audio", "speech_ru_16k.wav")}"])
{
    public SpeechAudio Audio { get; } = new();
    public LoopbackSpeechServer Server { get; private set; } = null!;
    public FakeOpenAiVoices OpenAi { get; private set; } = null!;

    protected override async Task BeforeStartAsync()
    {
        await Audio.InitializeAsync();
        Server = await LoopbackSpeechServer.StartAsync();
        OpenAi = new FakeOpenAiVoices(Audio.Mp3);
        Server.Respond = OpenAi.RespondAsync;
        foreach (var (key, value) in SpeechHost.OpenAiCloning(Server.BaseUrl, Path.Combine(App.DataDir, "openai-cloned-voices.json")))
            App.Settings[key] = value;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Server is not null) await Server.DisposeAsync();
        await Audio.DisposeAsync();
    }
}

[Collection(WebCollection.Name)]
[Trait("Category", "Browser")]
public sealed class OpenAiVoicesPageTests(OpenAiVoicesBrowserFixture fx, ITestOutputHelper output) : IClassFixture<OpenAiVoicesBrowserFixture>
{
    private static async Task RecordAsync(IPage page, ILocator row)
    {
        await row.Locator("[data-testid=take-record]").ClickAsync();
        await page.WaitForFunctionAsync("() => Number(document.querySelector('[data-testid=take-clock]')?.dataset.seconds) >= 2");
        await row.Locator("[data-testid=take-stop]").ClickAsync();
        await Expect(row.Locator("[data-testid=take-audio]")).ToHaveCountAsync(1);
    }

    [BrowserFact]
    public async Task TheConsentPhraseIsRecordedAsItsOwnTakeAndSentApartFromTheSamples()
    {
        var voiceName = $"Голос OpenAI {Guid.NewGuid().ToString()[..6]}";
        var page = await fx.OpenAsync("/voice-library");
        var consent = page.Locator("[data-testid=consent-section]");
        await Expect(consent.Locator("[data-testid=consent-phrase]")).ToHaveTextAsync(SpeechHost.ConsentPhraseRu);
        await consent.Locator("[data-testid='consent-lang-en-US']").ClickAsync();
        await Expect(consent.Locator("[data-testid=consent-phrase]")).ToHaveTextAsync(SpeechHost.ConsentPhraseEn);
        await consent.Locator("[data-testid='consent-lang-ru-RU']").ClickAsync();

        // A sample take alone is not enough: the button says the consent phrase is missing.
        await RecordAsync(page, page.Locator("[data-testid=take][data-take='1']"));
        await Field(page, "voice-name-input").FillAsync(voiceName);
        await page.Locator("input[data-testid=voice-consent], [data-testid=voice-consent] input").First.CheckAsync();
        await Expect(page.Locator("[data-testid=clone-why]")).ToHaveTextAsync("Запишите фразу согласия.");
        await Expect(page.Locator("[data-testid=clone-submit]")).ToBeDisabledAsync();

        await RecordAsync(page, consent.Locator("[data-testid=consent-take]"));
        await Expect(consent.Locator("[data-testid=take-record]")).ToHaveAttributeAsync("aria-label", "Перезаписать: Согласие");
        Assert.Equal("", await OverflowingElementsAsync(page));
        var serious = (await AccessibilityViolationsAsync(page)).Where(v => v.Impact is "serious" or "critical").Select(v => v.Line).ToList();
        Assert.True(serious.Count == 0, "serious or critical accessibility violations:\n" + string.Join("\n", serious));
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new() { Path = BrowserAppFixture.ScreenshotPath("voices-openai-consent.png"), FullPage = true });
        await page.Locator("[data-testid=clone-submit]").ClickAsync();
        await Expect(page.Locator("[data-testid=clone-done]")).ToContainTextAsync(voiceName, new() { Timeout = 60_000 });

        var create = fx.Server.Requests.Single(r => r.Path == "/v1/audio/voices" && r.FormFields["name"] == voiceName);
        var consentRequest = fx.Server.Requests.Single(r => r.Path == "/v1/audio/voice_consents" && r.FormFields["name"].Contains(voiceName));
        Assert.Equal("ru-RU", consentRequest.FormFields["language"]);
        Assert.StartsWith("cons_", create.FormFields["consent"]);
        var decoder = new AudioDecoder(new EngineOptions());
        foreach (var file in new[] { Assert.Single(consentRequest.Files), Assert.Single(create.Files) })
        {
            var path = Path.Combine(fx.Audio.NewOutputDirectory(), file.FileName);
            await File.WriteAllBytesAsync(path, file.Content);
            var samples = await decoder.DecodeAsync(path, CancellationToken.None);
            var seconds = samples.Length / (double)AudioDecoder.SampleRate;
            output.WriteLine($"{file.Field} {file.FileName}: {seconds:0.00} s");
            Assert.InRange(seconds, 1.5, 30);
        }
        Assert.Equal(("recording", "consent.webm"), (consentRequest.Files[0].Field, consentRequest.Files[0].FileName));
        Assert.Equal("audio_sample", create.Files[0].Field);

        // The new voice is listed as cloned, and deleting it deletes it at the server.
        var id = "openai:" + Assert.Single(fx.OpenAi.VoiceIds);
        var item = page.Locator($"[data-testid=voice-item][data-voice-id='{id}']");
        await Expect(item.Locator("[data-testid=voice-kind]")).ToHaveTextAsync("клонированный");
        await item.Locator("[data-testid=voice-delete]").ClickAsync();
        await page.Locator("[data-testid=delete-confirm]").ClickAsync();
        await Expect(item).ToHaveCountAsync(0);
        Assert.Empty(fx.OpenAi.VoiceIds);
        Assert.Contains(fx.Server.Requests, r => r.Method == "DELETE" && r.Path == $"/v1/audio/voices/{id["openai:".Length..]}");
        await page.Context.CloseAsync();
    }
}
