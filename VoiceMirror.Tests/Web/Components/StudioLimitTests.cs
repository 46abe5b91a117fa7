using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using VoiceMirror.Web.Localization;
using static Microsoft.Playwright.Assertions;
using static VoiceMirror.Tests.Web.Components.BrowserPage;

namespace VoiceMirror.Tests.Web.Components;

/// One animation per ten minutes: the API's animate spends the window the studio's button draws from as well.
public sealed class AnimateLimitFixture : BrowserAppFixture
{
    protected override Task BeforeStartAsync()
    {
        App.Settings["VoiceMirror:Limits:Animate:PermitLimit"] = "1";
        App.Settings["VoiceMirror:Limits:Animate:WindowSeconds"] = "600";
        return Task.CompletedTask;
    }
}

[Collection(WebCollection.Name)]
[Trait("Category", "Browser")]
public sealed class StudioLimitTests(AnimateLimitFixture fx) : IClassFixture<AnimateLimitFixture>
{
    [BrowserFact]
    public async Task AfterTheApiUsedTheAnimateWindowTheStudioSaysHowLongToWaitAndKeepsTheText()
    {
        var avatarId = await fx.CreateAvatarAsync($"Студия {Guid.NewGuid().ToString()[..6]}");
        using (var http = new HttpClient { BaseAddress = fx.BaseUrl })
        {
            // The owner's one animation of the window; an unknown avatar is enough to spend it.
            using var spent = await http.PostAsJsonAsync("avatar/animate", new { avatarId = 424242, text = "Текст" });
            Assert.Equal(HttpStatusCode.NotFound, spent.StatusCode);
        }
        var page = await fx.OpenAsync($"/studio/{avatarId}");
        const string text = "Этот текст не должен пропасть.";

        await Field(page, "studio-text").FillAsync(text);
        await page.Locator("[data-testid=animate]").ClickAsync();

        var template = Messages.Get("TooManyRequests", new CultureInfo("ru"), "{0}");
        var sentence = new Regex("^" + Regex.Escape(template).Replace(@"\{0}", @"\d+") + "$");
        await Expect(page.Locator("[data-testid=studio-error]")).ToHaveTextAsync(sentence, new() { Timeout = 60_000 });
        await Expect(Field(page, "studio-text")).ToHaveValueAsync(text);
        Assert.Empty(fx.App.WithDb(db => db.Animations.Where(a => a.AvatarId == avatarId).ToList()));
        await page.Context.CloseAsync();
    }
}
