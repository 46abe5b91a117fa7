using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VoiceMirror.Tests.Web.Access;
using VoiceMirror.Web.Access;
using VoiceMirror.Web.Localization;
using static Microsoft.Playwright.Assertions;
using static VoiceMirror.Tests.Web.Components.BrowserPage;

namespace VoiceMirror.Tests.Web.Components;

/// The app in Accounts mode, driven by Chromium: the initial admin from the settings plus users made like the Users
/// page makes them.
public sealed class AccountsBrowserFixture : BrowserAppFixture
{
    public AccountsBrowserFixture() => AccountsApp.UseAccounts(App.Settings);

    public async Task<string> UserAsync(string email)
    {
        using var scope = App.Services.CreateScope();
        var (user, errors) = await scope.ServiceProvider.GetRequiredService<AccountAdmin>().CreateAsync(email, AccountsApp.Password, admin: false);
        Assert.True(user is not null, string.Join(" ", errors));
        return user.Id;
    }
}

/// Sign-in, sign-out, API keys and each user's own gallery, in a real browser.
[Collection(WebCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AccountPagesTests(AccountsBrowserFixture fx) : IClassFixture<AccountsBrowserFixture>
{
    private static readonly CultureInfo Russian = new("ru");

    [BrowserFact]
    public async Task APageSendsToSignInWhichReturnsThereAndSignOutEndsTheSession()
    {
        var email = await NewUserAsync();
        var page = await fx.OpenAsync("/keys");
        await Expect(page).ToHaveURLAsync(new Regex(@"/login\?ReturnUrl=%2Fkeys$"));
        await page.ScreenshotAsync(new() { Path = BrowserAppFixture.ScreenshotPath("login-ru.png") });

        await Field(page, "login-email").FillAsync(email);
        await Field(page, "login-password").FillAsync("Wrong!pass1");
        await page.Locator("[data-testid=login-submit]").ClickAsync();
        await Expect(page.Locator("[data-testid=login-error]")).ToHaveTextAsync(Messages.Get("LoginFailed", Russian));

        await Field(page, "login-password").FillAsync(AccountsApp.Password);
        await page.Locator("[data-testid=login-submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/keys$"));
        await page.Locator("[data-interactive]").WaitForAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("API-ключи");

        await page.Locator("[data-testid=account-menu] button").ClickAsync();
        await Expect(page.Locator("[data-testid=account-email]")).ToHaveTextAsync(email);
        await page.Locator("[data-testid=nav-logout]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/login\?signedOut=true$"));
        await Expect(page.Locator("[data-testid=login-signed-out]")).ToBeVisibleAsync();

        await BrowserAppFixture.GoToAsync(page, "/");
        await Expect(page).ToHaveURLAsync(new Regex(@"/login\?ReturnUrl=%2F$"));
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task TheSignInPageSpeaksEnglishAfterTheSwitch()
    {
        var page = await fx.OpenAsync("/login");

        await page.Locator("[data-culture=en]").ClickAsync();

        await Expect(page.Locator("[data-testid=login-submit]")).ToHaveTextAsync("Sign in");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
        await page.ScreenshotAsync(new() { Path = BrowserAppFixture.ScreenshotPath("login-en.png") });
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task SignInKeysAndUsersPagesHaveNoSeriousAccessibilityViolations()
    {
        var problems = new List<string>();
        var login = await fx.OpenAsync("/login");
        await Field(login, "login-email").FillAsync("nobody@example.com");
        await Field(login, "login-password").FillAsync("Wrong!pass1");
        await login.Locator("[data-testid=login-submit]").ClickAsync();
        await login.Locator("[data-testid=login-error]").WaitForAsync();
        await CollectAsync(login, "login", problems);
        await login.Context.CloseAsync();

        var admin = await SignedInAsync(AccountsApp.AdminEmail, "/keys");
        await CollectAsync(admin, "keys", problems);
        await BrowserAppFixture.GoToAsync(admin, "/users");
        await admin.Locator("[data-testid=users-table]").WaitForAsync();
        await CollectAsync(admin, "users", problems);
        await admin.Context.CloseAsync();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static async Task CollectAsync(IPage page, string name, List<string> problems)
    {
        foreach (var (impact, line) in await AccessibilityViolationsAsync(page))
            if (impact is "serious" or "critical") problems.Add($"{name}: {line}");
    }

    [BrowserFact]
    public async Task OnAPhoneTheSignInAndKeysPagesFitTheScreen()
    {
        var page = await fx.OpenAsync("/login", width: 375, height: 740);
        Assert.Equal("", await OverflowingElementsAsync(page));
        await page.Context.CloseAsync();

        var keys = await SignedInAsync(await NewUserAsync(), "/keys", width: 375);
        await Field(keys, "key-name").FillAsync("Phone");
        await keys.Locator("[data-testid=key-create]").ClickAsync();
        await Expect(keys.Locator("[data-testid=key-row]")).ToHaveCountAsync(1);
        await keys.ScreenshotAsync(new() { Path = BrowserAppFixture.ScreenshotPath("api-keys-phone.png"), FullPage = true });
        Assert.Equal("", await OverflowingElementsAsync(keys));
        await keys.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task AKeyMadeOnTheKeysPageWorksOnTheApiUntilRevokedThere()
    {
        var page = await SignedInAsync(await NewUserAsync(), "/keys");

        await Field(page, "key-name").FillAsync("My frontend");
        await page.Locator("[data-testid=key-create]").ClickAsync();
        var secret = (await page.Locator("[data-testid=key-secret]").TextContentAsync())!.Trim();
        await Expect(page.Locator("[data-testid=key-row]")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=key-row]")).ToContainTextAsync(secret[..10] + "…");
        await Expect(page.Locator("[data-testid=key-row]")).Not.ToContainTextAsync(secret);
        await page.ScreenshotAsync(new() { Path = BrowserAppFixture.ScreenshotPath("api-keys.png") });

        using var http = new HttpClient { BaseAddress = fx.BaseUrl };
        http.DefaultRequestHeaders.Add("X-Api-Key", secret);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/avatar")).StatusCode);

        await page.Locator("[data-testid=key-revoke]").ClickAsync();
        await Expect(page.Locator("[data-testid=key-row]")).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/avatar")).StatusCode);
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task EachUserSeesOnlyTheirOwnAvatarsInTheGalleryAndStudio()
    {
        var (first, second) = (await NewUserAsync(), await NewUserAsync());
        var page = await SignedInAsync(first, "/");
        var name = $"Своё {Guid.NewGuid().ToString()[..6]}";
        await page.Locator("[data-testid=photo-input]").SetInputFilesAsync(VoiceMirrorAppFactory.TestDataPath("images", "astronaut.png"));
        await Field(page, "avatar-name-input").FillAsync(name);
        await page.Locator("[data-testid=upload-submit]").ClickAsync();
        var card = page.Locator("[data-testid=avatar-card]", new() { HasText = name });
        await Expect(card).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var id = await card.GetAttributeAsync("data-avatar-id");
        await page.Context.CloseAsync();

        var other = await SignedInAsync(second, "/");
        await Expect(other.Locator("[data-testid=gallery-empty]")).ToBeVisibleAsync();
        await BrowserAppFixture.GoToAsync(other, $"/studio/{id}");
        await Expect(other.Locator("[data-testid=studio-not-found]")).ToBeVisibleAsync();
        await other.Context.CloseAsync();

        var admin = await SignedInAsync(AccountsApp.AdminEmail, "/");
        await Expect(admin.Locator($"[data-avatar-id='{id}']")).ToBeVisibleAsync();
        await admin.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task AnAdminCreatesAUserWhoSignsInButMayNotOpenTheUsersPage()
    {
        var page = await SignedInAsync(AccountsApp.AdminEmail, "/users");
        var email = $"invited-{Guid.NewGuid().ToString()[..8]}@example.com";

        await Field(page, "user-email").FillAsync(email);
        await Field(page, "user-password").FillAsync("short");
        await page.Locator("[data-testid=user-create]").ClickAsync();
        await Expect(page.Locator("[data-testid=user-error]").First).ToContainTextAsync(Messages.Get("IdentityPasswordTooShort", Russian, 8));
        await page.Locator("[data-testid=user-generate]").ClickAsync();
        // The generated password arrives with the next render: read it only once it has replaced the typed one.
        await Expect(Field(page, "user-password")).Not.ToHaveValueAsync("short");
        var password = await Field(page, "user-password").InputValueAsync();
        await page.Locator("[data-testid=user-create]").ClickAsync();
        await Expect(page.Locator("[data-testid=user-row]", new() { HasText = email })).ToContainTextAsync("пользователь");
        await Expect(page.Locator("[data-testid=user-row]", new() { HasText = AccountsApp.AdminEmail })).ToContainTextAsync("администратор");
        await page.ScreenshotAsync(new() { Path = BrowserAppFixture.ScreenshotPath("users.png") });
        await page.Context.CloseAsync();

        var invited = await SignedInAsync(email, "/", password);
        await BrowserAppFixture.GoToAsync(invited, "/users");
        await Expect(invited).ToHaveURLAsync(new Regex(@"/access-denied\?ReturnUrl=%2Fusers$"));
        await Expect(invited.Locator("[data-testid=access-denied]")).ToBeVisibleAsync();
        await invited.Context.CloseAsync();
    }

    private async Task<string> NewUserAsync()
    {
        var email = $"user-{Guid.NewGuid().ToString()[..8]}@example.com";
        await fx.UserAsync(email);
        return email;
    }

    private async Task<IPage> SignedInAsync(string email, string path, string password = AccountsApp.Password, int width = 1280)
    {
        var page = await fx.OpenAsync($"/login?ReturnUrl={Uri.EscapeDataString(path)}", width);
        await Field(page, "login-email").FillAsync(email);
        await Field(page, "login-password").FillAsync(password);
        await page.Locator("[data-testid=login-submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(path) + "$"), new() { Timeout = 30_000 });
        await page.Locator("[data-interactive]").WaitForAsync();
        return page;
    }
}
