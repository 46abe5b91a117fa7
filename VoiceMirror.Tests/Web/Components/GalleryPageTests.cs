using System.Globalization;
using Microsoft.Playwright;
using VoiceMirror.Web.Localization;
using static Microsoft.Playwright.Assertions;
using static VoiceMirror.Tests.Web.Components.BrowserPage;

namespace VoiceMirror.Tests.Web.Components;

[Collection(WebCollection.Name)]
[Trait("Category", "Browser")]
public sealed class GalleryPageTests(BrowserAppFixture fx) : IClassFixture<BrowserAppFixture>
{
    private static readonly CultureInfo Russian = new("ru");

    [BrowserFact]
    public async Task PickingAFacePhotoPreviewsItAndUploadingAddsItsCardToTheGrid()
    {
        var name = $"Астронавт {Guid.NewGuid().ToString()[..6]}";
        var page = await fx.OpenAsync("/");

        await page.Locator("[data-testid=photo-input]").SetInputFilesAsync(VoiceMirrorAppFactory.TestDataPath("images", "astronaut.png"));
        await Expect(page.Locator("[data-testid=upload-preview]")).ToBeVisibleAsync();
        await Field(page, "avatar-name-input").FillAsync(name);
        await Field(page, "avatar-description-input").FillAsync("Фото NASA, первое лицо галереи");
        await page.Locator("[data-testid=upload-submit]").ClickAsync();

        var card = page.Locator("[data-testid=avatar-card]", new() { HasText = name });
        await Expect(card).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(card.Locator("[data-testid=animation-count]")).ToHaveTextAsync("0 анимаций");
        await Expect(page.Locator("[data-testid=upload-preview]")).ToHaveCountAsync(0); // the form is reset for the next one
        var photoWidth = await card.Locator("img").EvaluateAsync<int>(
            "img => img.complete ? img.naturalWidth : new Promise(ok => img.addEventListener('load', () => ok(img.naturalWidth)))");
        Assert.True(photoWidth > 0, "the card's photo did not load");
        Assert.Single(fx.App.WithDb(db => db.Avatars.Where(a => a.Name == name).ToList()));

        await page.ScreenshotAsync(new() { Path = BrowserAppFixture.ScreenshotPath("gallery-desktop-1280x800.png") });
        await page.SetViewportSizeAsync(390, 844);
        await Expect(card).ToBeVisibleAsync();
        Assert.Equal("", await OverflowingElementsAsync(page)); // nothing sticks out at 390 px
        await page.ScreenshotAsync(new() { Path = BrowserAppFixture.ScreenshotPath("gallery-phone-390x844.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task UploadingAPhotoWithoutAFaceShowsTheApisNoFaceMessageAndAddsNoCard()
    {
        var name = $"Кошка {Guid.NewGuid().ToString()[..6]}";
        var page = await fx.OpenAsync("/");

        await page.Locator("[data-testid=photo-input]").SetInputFilesAsync(VoiceMirrorAppFactory.TestDataPath("images", "chelsea.png"));
        // As a person does: the name is typed once the picked photo shows, so the pick cannot overwrite it.
        await Expect(page.Locator("[data-testid=upload-preview]")).ToBeVisibleAsync();
        await Field(page, "avatar-name-input").FillAsync(name);
        await Expect(Field(page, "avatar-name-input")).ToHaveValueAsync(name);
        await page.Locator("[data-testid=upload-submit]").ClickAsync();

        await Expect(page.Locator("[data-testid=upload-error]")).ToHaveTextAsync(Messages.Get("NoFace", Russian), new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-testid=avatar-card]", new() { HasText = name })).ToHaveCountAsync(0);
        Assert.Empty(fx.App.WithDb(db => db.Avatars.Where(a => a.Name == name).ToList()));
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task PagesOpenInRussianAndTheLanguageSwitchReloadsThemInEnglish()
    {
        var page = await fx.OpenAsync("/"); // Chromium sends Accept-Language en-US: the UI still starts in Russian
        await Expect(page.Locator("h1")).ToHaveTextAsync("Ваши аватары");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ru");

        await page.Locator("[data-culture=en]").ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("Your avatars");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("[data-testid=upload-submit]")).ToHaveTextAsync("Create avatar");
        await Expect(page.Locator("[data-culture=en]")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.Context.CloseAsync();
    }
}
