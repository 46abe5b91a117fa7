using System.Globalization;
using System.Text.Json;
using Xunit.Abstractions;
using Microsoft.Playwright;
using Microsoft.Extensions.DependencyInjection;
using VoiceMirror.Engine.Speech;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Localization;
using static Microsoft.Playwright.Assertions;
using static VoiceMirror.Tests.Web.Components.BrowserPage;

namespace VoiceMirror.Tests.Web.Components;

[Collection(WebCollection.Name)]
[Trait("Category", "Browser")]
public sealed class StudioPageTests(BrowserAppFixture fx, ITestOutputHelper output) : IClassFixture<BrowserAppFixture>
{
    // Every (stage, percent) the progress block shows, recorded in the page as the DOM changes.
    private const string RecordProgress = """
        () => {
            window.__seen = [];
            const record = () => {
                const p = document.querySelector('[data-testid=progress]');
                const value = p && (p.dataset.stage + ':' + p.dataset.progress);
                if (value && window.__seen[window.__seen.length - 1] !== value) window.__seen.push(value);
            };
            new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
        }
        """;

    private const string PlayVideo = """
        async () => {
            const v = document.querySelector('[data-testid=result-video]');
            const h264 = v.canPlayType('video/mp4; codecs="avc1.42E01E"');
            if (v.readyState < 2) {
                await new Promise((ok, fail) => {
                    v.addEventListener('loadeddata', ok, { once: true });
                    v.addEventListener('error', () => fail(new Error('video error ' + (v.error && v.error.code))), { once: true });
                    setTimeout(() => fail(new Error('no data after 20 s, readyState ' + v.readyState)), 20000);
                });
            }
            v.muted = true;
            await v.play();
            const start = v.currentTime;
            await new Promise(ok => setTimeout(ok, 800));
            const result = { h264, readyState: v.readyState, duration: v.duration, width: v.videoWidth, advanced: v.currentTime > start };
            v.pause();
            return result;
        }
        """;

    // MudSelect renders its class on two nested elements around the hidden input; either opens the list.
    private static ILocator EnginePicker(IPage page) =>
        page.Locator("div.mud-select", new() { Has = page.Locator("[data-testid=studio-engine]") }).First;

    [BrowserFact]
    public async Task TheEnginePickerShowsEachEngineWithItsLicenceAndTheChosenOneRendersTheAnimation()
    {
        var avatarId = await fx.CreateAvatarAsync($"Движок {Guid.NewGuid().ToString()[..6]}");
        var page = await fx.OpenAsync($"/studio/{avatarId}");
        await EnginePicker(page).ClickAsync();
        var mirror = page.Locator(".mud-popover-open [data-testid=engine-mirror]");
        await Expect(mirror).ToContainTextAsync("Apache-2.0");
        await Expect(page.Locator(".mud-popover-open [data-testid=engine-wav2lip]")).ToContainTextAsync("некоммерческое");
        // The list fades in; the picture is taken once it is fully there.
        await page.WaitForFunctionAsync("() => getComputedStyle(document.querySelector('.mud-popover-open')).opacity === '1'");
        await page.ScreenshotAsync(new() { Path = BrowserAppFixture.ScreenshotPath("studio-engine-picker-desktop-1280x800.png") });
        await mirror.ClickAsync();
        await Expect(EnginePicker(page)).ToContainTextAsync("Mirror");

        await Field(page, "studio-text").FillAsync("Мама мыла раму.");
        await page.Locator("[data-testid=animate]").ClickAsync();
        var chip = page.Locator("[data-testid=result] [data-testid=status-chip]");
        await Expect(chip).ToHaveAttributeAsync("data-status", AnimationStatus.Completed, new() { Timeout = 180_000 });
        var row = fx.App.WithDb(db => db.Animations.Where(a => a.AvatarId == avatarId).OrderByDescending(a => a.Id).First());
        Assert.Equal(("mirror", true), (row.Engine, row.Liveliness));
    }

    [BrowserFact]
    public async Task AnimatingShowsPushedProgressToOneHundredPercentThenPlaysTheVideoAndListsIt()
    {
        var name = $"Студия {Guid.NewGuid().ToString()[..6]}";
        var avatarId = await fx.CreateAvatarAsync(name);
        var page = await fx.OpenAsync($"/studio/{avatarId}");
        await Expect(page.Locator("[data-testid=studio-name]")).ToHaveTextAsync(name);
        // The voice picker lists the server's voices after "automatic".
        await page.Locator(".mud-select").First.ClickAsync();
        var options = page.Locator(".mud-popover-open .mud-list-item");
        await Expect(options.Nth(1)).ToBeVisibleAsync();
        var voices = await fx.App.Services.GetRequiredService<VoiceCatalog>().ListAsync(default);
        Assert.Equal(voices.Count + 1, await options.CountAsync());
        await page.Keyboard.PressAsync("Escape");
        await Expect(options).ToHaveCountAsync(0);
        await page.EvaluateAsync(RecordProgress);

        await Field(page, "studio-text").FillAsync("Привет! Я говорю из браузера.");
        await page.Locator("[data-testid=animate]").ClickAsync();

        // The speech exists as soon as the animation starts, before the video.
        var audio = page.Locator("[data-testid=result-audio]");
        await Expect(audio).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var chip = page.Locator("[data-testid=result] [data-testid=status-chip]");
        await Expect(chip).ToHaveAttributeAsync("data-status", AnimationStatus.Completed, new() { Timeout = 180_000 });
        await Expect(page.Locator("[data-testid=progress-percent]")).ToHaveTextAsync("100 %");
        await Expect(chip).ToHaveTextAsync("Готово");

        var seen = await page.EvaluateAsync<string[]>("() => window.__seen");
        output.WriteLine($"progress seen: {string.Join(", ", seen)}");
        var percents = seen.Select(s => int.Parse(s.Split(':')[1])).ToArray();
        Assert.True(seen.Length >= 3, $"progress moved through too few states: {string.Join(", ", seen)}");
        Assert.Equal("done:100", seen[^1]);
        Assert.True(percents.Zip(percents.Skip(1)).All(p => p.Second >= p.First), $"progress went backwards: {string.Join(", ", seen)}");
        Assert.Contains(seen, s => s.StartsWith("inference:") || s.StartsWith("encode:"));

        var audioStatus = await audio.EvaluateAsync<int>("a => fetch(a.src).then(r => r.status)");
        Assert.Equal(200, audioStatus);

        var video = page.Locator("[data-testid=result-video]");
        await Expect(video).ToBeVisibleAsync();
        var probe = await page.EvaluateAsync<JsonElement>("() => document.querySelector('[data-testid=result-video]').canPlayType('video/mp4; codecs=\"avc1.42E01E\"')");
        output.WriteLine($"Chromium canPlayType(H.264 baseline) = '{probe.GetString()}'");
        if (probe.GetString() is { Length: > 0 })
        {
            var played = await page.EvaluateAsync<JsonElement>(PlayVideo);
            Assert.True(played.GetProperty("readyState").GetInt32() >= 2, played.ToString());
            Assert.True(played.GetProperty("duration").GetDouble() > 0, played.ToString());
            Assert.True(played.GetProperty("width").GetInt32() > 0, played.ToString());
            Assert.True(played.GetProperty("advanced").GetBoolean(), $"the video did not advance while playing: {played}");
            output.WriteLine($"played: {played}");
        }
        else
        {
            // A Chromium without H.264 cannot decode it; then at least the file must be served whole as MP4.
            var fetched = await video.EvaluateAsync<JsonElement>(
                "v => fetch(v.src).then(async r => ({ status: r.status, type: r.headers.get('content-type'), size: (await r.arrayBuffer()).byteLength }))");
            Assert.Equal(200, fetched.GetProperty("status").GetInt32());
            Assert.Equal("video/mp4", fetched.GetProperty("type").GetString());
            Assert.True(fetched.GetProperty("size").GetInt32() > 1000);
        }

        var item = page.Locator("[data-testid=history-item]").First;
        await Expect(item.Locator("[data-testid=status-chip]")).ToHaveAttributeAsync("data-status", AnimationStatus.Completed);
        await Expect(item).ToContainTextAsync("Привет! Я говорю из браузера.");
        await Expect(item.Locator("[data-testid=download-mp4]")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex(@"^/uploads/animated-[0-9a-f]+\.mp4$"));
        await Expect(item.Locator("[data-testid=download-mp3]")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex(@"^/uploads/speech-[0-9a-f]+\.mp3$"));

        await page.ScreenshotAsync(new() { Path = BrowserAppFixture.ScreenshotPath("studio-desktop-1280x800.png") });
        await page.SetViewportSizeAsync(390, 844);
        Assert.Equal("", await OverflowingElementsAsync(page)); // nothing sticks out at 390 px
        await page.ScreenshotAsync(new() { Path = BrowserAppFixture.ScreenshotPath("studio-phone-390x844.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task AFailedAnimationShowsItsReasonInWordsInTheResultAndTheHistory()
    {
        var avatarId = await fx.CreateAvatarAsync($"Ошибка {Guid.NewGuid().ToString()[..6]}");
        // A row as the job leaves it when the engine refuses the render (the UI only reads it).
        fx.App.WithDb(db =>
        {
            db.Animations.Add(new Animation
            {
                AvatarId = avatarId, Text = "Слишком далеко", RequestHash = Guid.NewGuid().ToString("N"),
                Status = AnimationStatus.Error, Stage = AnimationStage.Failed, ErrorCode = "FaceTooSmall",
                ErrorMessage = "The face is 47 pixels wide; at least 48 are needed.", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            });
            return db.SaveChanges();
        });
        var page = await fx.OpenAsync($"/studio/{avatarId}");

        var reason = Messages.Get("FaceTooSmall", new CultureInfo("ru"));
        await Expect(page.Locator("[data-testid=result-error]")).ToHaveTextAsync(reason);
        await Expect(page.Locator("[data-testid=history-item] [data-testid=history-error]")).ToHaveTextAsync(reason);
        await Expect(page.Locator("[data-testid=history-item] [data-testid=status-chip]")).ToHaveTextAsync("Ошибка");
        await Expect(page.Locator("[data-testid=download-mp4]")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task HistoryDatesAreShownInTheReadersTimeZoneNotTheServers()
    {
        var avatarId = await fx.CreateAvatarAsync($"Время {Guid.NewGuid().ToString()[..6]}");
        fx.App.WithDb(db =>
        {
            db.Animations.Add(new Animation
            {
                AvatarId = avatarId, Text = "Который час?", RequestHash = Guid.NewGuid().ToString("N"),
                Status = AnimationStatus.Error, Stage = AnimationStage.Failed, ErrorCode = "NoFace",
                CreatedAt = new DateTime(2026, 1, 2, 3, 4, 0, DateTimeKind.Utc), UpdatedAt = DateTime.UtcNow,
            });
            return db.SaveChanges();
        });
        // Vladivostok is UTC+10 all year: 03:04 UTC is 13:04 there.
        var page = await fx.OpenAsync($"/studio/{avatarId}", timezoneId: "Asia/Vladivostok");

        var date = page.Locator("[data-testid=history-item] [data-testid=history-date]");
        await Expect(date).ToHaveAttributeAsync("datetime", "2026-01-02T03:04:00Z");
        await Expect(date).ToContainTextAsync("13:04");
        await Expect(date).ToContainTextAsync("02.01.2026");
        await page.Context.CloseAsync();
    }
}
