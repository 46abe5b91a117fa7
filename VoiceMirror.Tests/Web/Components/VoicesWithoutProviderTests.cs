using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace VoiceMirror.Tests.Web.Components;

/// The Voices page on a server with only the local espeak-ng voices: nothing can clone.
[Collection(WebCollection.Name)]
[Trait("Category", "Browser")]
public sealed class VoicesWithoutProviderTests(BrowserAppFixture fx) : IClassFixture<BrowserAppFixture>
{
    [BrowserFact]
    public async Task WithoutACloningProviderThePageSaysWhichSettingEnablesOneInsteadOfAForm()
    {
        var page = await fx.OpenAsync("/");
        await page.Locator("[data-testid=nav-voices]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/voice-library$"));

        var setup = page.Locator("[data-testid=cloning-unavailable]");
        await Expect(setup).ToContainTextAsync("Клонирование не настроено");
        await Expect(setup).ToContainTextAsync("VoiceMirror:Voices:ElevenLabs:ApiKey");
        await Expect(setup).ToContainTextAsync("VoiceMirror__Voices__ElevenLabs__ApiKey");
        await Expect(setup).ToContainTextAsync("VoiceMirror:Voices:OpenAi:BaseUrl");
        await Expect(setup).ToContainTextAsync("VoiceMirror:Voices:OpenAi:Cloning=true");
        await Expect(setup.Locator("[data-testid=openai-cloning-settings]")).ToContainTextAsync("VoiceMirror__Voices__OpenAi__ConsentPhrases__en-US");
        await Expect(page.Locator("[data-testid=clone-form]")).ToHaveCountAsync(0);
        // Listening needs no provider: the four local voices are there, none deletable.
        await Expect(page.Locator("[data-testid=voice-item]")).ToHaveCountAsync(4);
        await Expect(page.Locator("[data-testid=voice-preview]")).ToHaveCountAsync(4);
        await Expect(page.Locator("[data-testid=voice-delete]")).ToHaveCountAsync(0);

        await page.Locator("[data-culture=en]").ClickAsync();
        await Expect(setup).ToContainTextAsync("Cloning is not set up");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Voices");

        // On a phone the page is in the folded menu.
        await page.SetViewportSizeAsync(390, 844);
        await BrowserAppFixture.GoToAsync(page, "/");
        await page.Locator("[data-testid=nav-menu] button").ClickAsync();
        await page.Locator("[data-testid=nav-menu-voices]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/voice-library$"));
        await page.Context.CloseAsync();
    }
}
