using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Localization;
using static Microsoft.Playwright.Assertions;
using static VoiceMirror.Tests.Web.Components.BrowserPage;

namespace VoiceMirror.Tests.Web.Components;

/// Links that go where they say, the RU/EN switch that keeps the user's work, the app's own 404, and the studio's
/// failure states (deleted avatar, text with nothing to say, text over the limit).
[Collection(WebCollection.Name)]
[Trait("Category", "Browser")]
public sealed class NavigationAndLanguageTests(BrowserAppFixture fx) : IClassFixture<BrowserAppFixture>
{
    private static readonly CultureInfo Russian = new("ru");

    [BrowserFact]
    public async Task TheStudiosBackLinkAndTheHeadersGalleryLinkBothOpenTheGallery()
    {
        var name = $"Ссылки {Guid.NewGuid().ToString()[..6]}";
        var id = await fx.CreateAvatarAsync(name);
        var page = await fx.OpenAsync($"/studio/{id}");

        await page.Locator("[data-testid=studio-back]").ClickAsync();
        await AssertOnGalleryWithAsync(page, id, name);

        await page.Locator($"[data-avatar-id='{id}'] [data-testid=card-photo]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/studio/{id}$"));
        await Expect(page.Locator("[data-testid=studio-name]")).ToHaveTextAsync(name);

        await page.Locator("[data-testid=nav-gallery]").ClickAsync();
        await AssertOnGalleryWithAsync(page, id, name);
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task OnAPhoneTheHeaderLinksLiveInAMenuThatOpensTheGallery()
    {
        var name = $"Меню {Guid.NewGuid().ToString()[..6]}";
        var id = await fx.CreateAvatarAsync(name);
        var page = await fx.OpenAsync($"/studio/{id}", 390, 844);
        await Expect(page.Locator("[data-testid=nav-gallery]")).ToBeHiddenAsync();

        await page.Locator("[data-testid=nav-menu] button").ClickAsync();
        var item = page.Locator("[data-testid=nav-menu-gallery]");
        await Expect(item).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = BrowserAppFixture.ScreenshotPath("menu-phone-390x844-ru.png") });
        await item.ClickAsync();
        await AssertOnGalleryWithAsync(page, id, name);

        // Touch targets of at least 44 px on a phone (WCAG 2.5.5), the card's small icon buttons included.
        foreach (var target in new[] { $"[data-avatar-id='{id}'] [data-testid=edit-avatar]", $"[data-avatar-id='{id}'] [data-testid=delete-avatar]",
                     $"[data-avatar-id='{id}'] [data-testid=open-studio]", "[data-culture=en]", "[data-testid=nav-menu] button" })
        {
            var box = (await page.Locator(target).BoundingBoxAsync())!;
            Assert.True(box.Width >= 44 && box.Height >= 44, $"{target} is {box.Width}x{box.Height} px");
        }
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task SwitchingLanguageInTheStudioKeepsTheTextTheVoiceTheSwitchesAndTheScroll()
    {
        var id = await fx.CreateAvatarAsync($"Язык {Guid.NewGuid().ToString()[..6]}");
        var page = await fx.OpenAsync($"/studio/{id}", 1280, 520);
        const string text = "Черновик, который нельзя терять.";
        await Field(page, "studio-text").FillAsync(text);
        var voice = page.Locator(".mud-input-control.mud-select:has([data-testid=studio-voice])");
        await voice.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Русский (женский)" }).ClickAsync();
        await Expect(voice).ToContainTextAsync("Русский (женский)");
        await page.Locator("input[data-testid=studio-liveliness], [data-testid=studio-liveliness] input").First.UncheckAsync();
        await page.EvaluateAsync("() => window.scrollTo(0, 200)");
        var scrolled = await page.EvaluateAsync<int>("() => Math.round(window.scrollY)");
        Assert.True(scrolled > 100, $"the page is too short to scroll ({scrolled})");

        await page.Locator("[data-culture=en]").ClickAsync();

        await Expect(page.Locator("[data-testid=animate]")).ToHaveTextAsync("Animate");
        await Expect(Field(page, "studio-text")).ToHaveValueAsync(text);
        await Expect(voice).ToContainTextAsync("Russian (female)");
        await Expect(page.Locator("input[data-testid=studio-liveliness], [data-testid=studio-liveliness] input").First).Not.ToBeCheckedAsync();
        await page.WaitForFunctionAsync("() => window.scrollY > 100"); // not back at the top
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task UnknownPagesShowTheAppsOwnNotFoundPageWithAWayBack()
    {
        var page = await fx.OpenAsync("/");
        foreach (var path in new[] { "/nope", "/studio/abc" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(404, response!.Status);
            await page.Locator("[data-interactive]").WaitForAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Страница не найдена");
            await Expect(page.Locator(".vm-appbar")).ToBeVisibleAsync(); // the app's layout, not the browser's bare page
        }
        await page.ScreenshotAsync(new() { Path = BrowserAppFixture.ScreenshotPath("not-found-desktop-1280x800-ru.png") });
        await page.Locator("[data-testid=not-found-back]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Ваши аватары");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task AStudioWhoseAvatarIsDeletedElsewhereSaysSoInsteadOfWaitingForever()
    {
        var id = await fx.CreateAvatarAsync($"Исчезающий {Guid.NewGuid().ToString()[..6]}");
        // A render under way when the avatar goes: its progress would otherwise never move again.
        fx.App.WithDb(db =>
        {
            db.Animations.Add(new Animation
            {
                AvatarId = id, Text = "Я почти договорил", RequestHash = Guid.NewGuid().ToString("N"), Status = AnimationStatus.Processing,
                Stage = "inference", Progress = 31, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            });
            return db.SaveChanges();
        });
        var page = await fx.OpenAsync($"/studio/{id}");
        await Expect(page.Locator("[data-testid=progress-percent]")).ToHaveTextAsync("31 %");
        await Field(page, "studio-text").FillAsync("Ещё одна фраза");

        using (var http = new HttpClient { BaseAddress = fx.BaseUrl }) // "another tab"
            (await http.DeleteAsync($"avatar/{id}")).EnsureSuccessStatusCode();

        var gone = page.Locator("[data-testid=studio-gone]");
        await Expect(gone).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(gone).ToContainTextAsync(Messages.Get("AvatarGone", Russian));
        await Expect(gone).ToHaveAttributeAsync("role", "alert");
        await Expect(page.Locator("[data-testid=progress]")).ToHaveCountAsync(0);
        await Expect(page.Locator("body")).Not.ToContainTextAsync(Messages.Get("AvatarNotFound", Russian, id));
        await page.ScreenshotAsync(new() { Path = BrowserAppFixture.ScreenshotPath("studio-gone-desktop-1280x800-ru.png") });
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task TextWithNothingToPronounceOrOverTheLimitIsExplainedAndNotSentNorCut()
    {
        var id = await fx.CreateAvatarAsync($"Текст {Guid.NewGuid().ToString()[..6]}");
        var page = await fx.OpenAsync($"/studio/{id}");
        var field = page.Locator(".mud-input-control:has([data-testid=studio-text])");
        var animate = page.Locator("[data-testid=animate]");

        await Field(page, "studio-text").FillAsync("... !?");
        await Expect(field).ToContainTextAsync("нечего произнести");
        await Expect(animate).ToBeDisabledAsync();

        var pasted = string.Join(" ", Enumerable.Repeat("слово", 170)) + " конец"; // 1025 characters
        await Field(page, "studio-text").FillAsync(pasted);
        await Expect(Field(page, "studio-text")).ToHaveValueAsync(pasted); // nothing cut mid-word
        await Expect(field).ToContainTextAsync($"на {pasted.Length - 1000}");
        await Expect(animate).ToBeDisabledAsync();

        await Field(page, "studio-text").FillAsync("Теперь можно.");
        await Expect(animate).ToBeEnabledAsync();
        Assert.Equal(0, fx.App.WithDb(db => db.Animations.Count(a => a.AvatarId == id)));
        await page.Context.CloseAsync();
    }

    private static async Task AssertOnGalleryWithAsync(IPage page, int id, string name)
    {
        await Expect(page).ToHaveURLAsync(new Regex("^[^?#]*://[^/]+/$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Ваши аватары");
        await Expect(page.Locator($"[data-avatar-id='{id}'] [data-testid=avatar-name]")).ToHaveTextAsync(name);
    }
}
