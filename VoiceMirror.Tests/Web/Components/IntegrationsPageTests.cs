using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Webhooks;
using static Microsoft.Playwright.Assertions;
using static VoiceMirror.Tests.Web.Components.BrowserPage;

namespace VoiceMirror.Tests.Web.Components;

/// The integrations page: the limits in force, the webhook secret (shown, rotated) and the delivery log, as the API has them.
[Collection(WebCollection.Name)]
[Trait("Category", "Browser")]
public sealed class IntegrationsPageTests(BrowserAppFixture fx) : IClassFixture<BrowserAppFixture>
{
    [BrowserFact]
    public async Task PageShowsLimitsTheApiSecretAndDeliveriesAndRotatesTheSecret()
    {
        var avatarId = await fx.CreateAvatarAsync("Интеграции");
        var animationId = fx.App.WithDb(db =>
        {
            var row = new Animation
            {
                AvatarId = avatarId, Text = "Журнал доставок", RequestHash = Guid.NewGuid().ToString("N"), Status = AnimationStatus.Completed,
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            };
            db.Animations.Add(row);
            db.SaveChanges();
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                AnimationId = row.Id, OwnerId = "local", Url = "https://hooks.example.com/voicemirror", Event = "completed", Attempt = 1,
                StatusCode = 500, Error = "HTTP 500 Internal Server Error", AttemptedAt = DateTime.UtcNow, NextAttemptAt = DateTime.UtcNow.AddMinutes(1),
            });
            db.SaveChanges();
            return row.Id;
        });
        using var http = new HttpClient { BaseAddress = fx.BaseUrl };
        var apiSecret = (await http.GetFromJsonAsync<JsonElement>("/webhooks/secret")).GetProperty("secret").GetString()!;

        var page = await fx.OpenAsync("/integrations");
        await Expect(page.Locator("[data-testid=limit-animate]")).ToContainTextAsync("20 за 1 мин");
        await Expect(page.Locator("[data-testid=limit-clone]")).ToContainTextAsync("5 за 1 ч");
        await Expect(page.Locator("[data-testid=limit-upload]")).ToContainTextAsync("без ограничения");
        var secret = Field(page, "webhook-secret");
        await Expect(secret).Not.ToHaveValueAsync(apiSecret); // masked until asked for
        await page.GetByRole(AriaRole.Button, new() { Name = "Показать секрет" }).ClickAsync();
        await Expect(secret).ToHaveValueAsync(apiSecret);
        var delivery = page.Locator("[data-testid=webhook-delivery]");
        await Expect(delivery).ToHaveCountAsync(1);
        await Expect(delivery).ToContainTextAsync($"#{animationId}");
        await Expect(delivery).ToContainTextAsync("500");
        await Expect(delivery).ToContainTextAsync("https://hooks.example.com/voicemirror");
        await page.ScreenshotAsync(new() { Path = BrowserAppFixture.ScreenshotPath("integrations-1280x800-ru.png"), FullPage = true });

        await page.Locator("[data-testid=webhook-secret-rotate]").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Заменить секрет" }).ClickAsync();
        await Expect(secret).Not.ToHaveValueAsync(apiSecret);
        var rotated = await secret.InputValueAsync();
        Assert.Matches("^whsec_[0-9a-f]{64}$", rotated);
        Assert.Equal(rotated, (await http.GetFromJsonAsync<JsonElement>("/webhooks/secret")).GetProperty("secret").GetString());
        await page.Context.CloseAsync();
    }

    // Below 960 px the header's four links fold into the menu; at 960 they are spelled out (Russian labels are the longest).
    [BrowserFact]
    public async Task FromPhoneToTabletNothingSticksOutSideways()
    {
        foreach (var width in new[] { 390, 720, 960 })
        {
            var page = await fx.OpenAsync("/integrations", width, 844);
            await Expect(page.Locator("[data-testid=limits-panel]")).ToBeVisibleAsync();
            await Expect(page.Locator("[data-testid=nav-integrations]")).ToBeVisibleAsync(new() { Visible = width >= 960 });
            await Expect(page.Locator("[data-testid=nav-menu]")).ToBeVisibleAsync(new() { Visible = width < 960 });
            await page.ScreenshotAsync(new() { Path = BrowserAppFixture.ScreenshotPath($"integrations-{width}x844-ru.png"), FullPage = true });
            Assert.True(await OverflowingElementsAsync(page) == "", $"{width} px: {await OverflowingElementsAsync(page)}");
            await page.Context.CloseAsync();
        }
    }
}
