using System.Globalization;
using System.Text.RegularExpressions;
using VoiceMirror.Web.Localization;
using static Microsoft.Playwright.Assertions;
using static VoiceMirror.Tests.Web.Components.BrowserPage;

namespace VoiceMirror.Tests.Web.Components;

/// One upload per ten minutes: the API's upload spends the window the gallery's form draws from as well.
public sealed class UploadLimitFixture : BrowserAppFixture
{
    protected override Task BeforeStartAsync()
    {
        App.Settings["VoiceMirror:Limits:Upload:PermitLimit"] = "1";
        App.Settings["VoiceMirror:Limits:Upload:WindowSeconds"] = "600";
        return Task.CompletedTask;
    }
}

[Collection(WebCollection.Name)]
[Trait("Category", "Browser")]
public sealed class UploadLimitTests(UploadLimitFixture fx) : IClassFixture<UploadLimitFixture>
{
    [BrowserFact]
    public async Task AfterTheApiUsedTheUploadWindowTheGallerySaysHowLongToWaitAndKeepsTheFormWithoutAddingTheAvatar()
    {
        await fx.CreateAvatarAsync("Через API"); // the owner's one upload of the window ("local": Open mode, one owner)
        var name = $"Астронавт {Guid.NewGuid().ToString()[..6]}";
        var page = await fx.OpenAsync("/");

        await page.Locator("[data-testid=photo-input]").SetInputFilesAsync(VoiceMirrorAppFactory.TestDataPath("images", "astronaut.png"));
        await Expect(page.Locator("[data-testid=upload-preview]")).ToBeVisibleAsync();
        await Field(page, "avatar-name-input").FillAsync(name);
        await Field(page, "avatar-description-input").FillAsync("Второе за окно");
        await page.Locator("[data-testid=upload-submit]").ClickAsync();

        // The API's own sentence in the page's language, with the wait in whole seconds.
        var template = Messages.Get("TooManyRequests", new CultureInfo("ru"), "{0}");
        var sentence = new Regex("^" + Regex.Escape(template).Replace(@"\{0}", @"(\d+)") + "$");
        var error = page.Locator("[data-testid=upload-error]");
        await Expect(error).ToHaveTextAsync(sentence, new() { Timeout = 60_000 });
        var seconds = int.Parse(sentence.Match(await error.InnerTextAsync()).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 1, 600);

        await Expect(page.Locator("[data-testid=avatar-card]", new() { HasText = name })).ToHaveCountAsync(0);
        Assert.Empty(fx.App.WithDb(db => db.Avatars.Where(a => a.Name == name).ToList()));
        // Nothing the user picked or typed is lost: once the window opens again, one click sends it.
        await Expect(page.Locator("[data-testid=upload-preview]")).ToBeVisibleAsync();
        await Expect(Field(page, "avatar-name-input")).ToHaveValueAsync(name);
        await Expect(Field(page, "avatar-description-input")).ToHaveValueAsync("Второе за окно");
        await Expect(page.Locator("[data-testid=upload-submit]")).ToBeEnabledAsync();
        await page.ScreenshotAsync(new() { Path = BrowserAppFixture.ScreenshotPath("gallery-upload-limited-1280x800.png") });
        await page.Context.CloseAsync();
    }
}
