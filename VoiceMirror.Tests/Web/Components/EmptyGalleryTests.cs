using static Microsoft.Playwright.Assertions;

namespace VoiceMirror.Tests.Web.Components;

/// Its own class, so its own fresh app: no avatars yet.
[Collection(WebCollection.Name)]
[Trait("Category", "Browser")]
public sealed class EmptyGalleryTests(BrowserAppFixture fx) : IClassFixture<BrowserAppFixture>
{
    [BrowserFact]
    public async Task AGalleryWithoutAvatarsShowsTheEmptyStateAndFitsAPhone()
    {
        var page = await fx.OpenAsync("/");
        await Expect(page.Locator("[data-testid=gallery-empty]")).ToContainTextAsync("Пока ни одного аватара");
        await Expect(page.Locator("[data-testid=avatar-grid]")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = BrowserAppFixture.ScreenshotPath("gallery-empty-desktop-1280x800.png") });

        await page.SetViewportSizeAsync(390, 844);
        Assert.Equal("", await BrowserPage.OverflowingElementsAsync(page)); // nothing sticks out at 390 px
        await page.ScreenshotAsync(new() { Path = BrowserAppFixture.ScreenshotPath("gallery-empty-phone-390x844.png"), FullPage = true });
        await page.Context.CloseAsync();
    }
}
