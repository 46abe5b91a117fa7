using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VoiceMirror.Tests.Web.Access;
using VoiceMirror.Web.Access;
using VoiceMirror.Web.Api;
using VoiceMirror.Web.Components.Shared;
using VoiceMirror.Web.Errors;
using VoiceMirror.Web.Hubs;
using VoiceMirror.Web.Limits;
using VoiceMirror.Web.Localization;
using VoiceMirror.Web.Storage;

namespace VoiceMirror.Tests.Web.Limits;

/// The browser UI and the API spend one window per owner: neither is a way around the other's limit.
[Collection(WebCollection.Name)]
public sealed class SharedWindowTests : IDisposable
{
    private readonly VoiceMirrorAppFactory _app = new();

    public SharedWindowTests() => _app.Settings["VoiceMirror:Jobs:RunServer"] = "false";

    [Fact]
    public async Task UploadFromTheUiSpendsTheWindowSoTheApisNextUploadGets429WithRetryAfter()
    {
        _app.Settings["VoiceMirror:Limits:Upload:PermitLimit"] = "1";
        _app.Settings["VoiceMirror:Limits:Upload:WindowSeconds"] = "300";
        using var http = _app.CreateClient();

        // What the gallery's upload panel takes for a circuit with nobody signed in (Open mode), before reading the photo.
        _app.Services.GetRequiredService<OwnerRateLimits>().Take(LimitsExtensions.Upload, new ClaimsPrincipal(new ClaimsIdentity()));
        using var refused = await http.PostAsync("/avatar/upload", TestUploads.Form(TestUploads.Image("astronaut.png"), "После UI"));

        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 300);
        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests, "TooManyRequests", "ru", null, retryAfter);
        Assert.Equal(retryAfter, problem.GetProperty("retryAfterSeconds").GetInt32());
        Assert.Empty(_app.UploadedFiles());
    }

    [Fact]
    public async Task AnimateThroughTheApiSpendsTheWindowSoTheStudioIsRefusedWithTheWaitInSeconds()
    {
        _app.Settings["VoiceMirror:Limits:Animate:PermitLimit"] = "1";
        _app.Settings["VoiceMirror:Limits:Animate:WindowSeconds"] = "600";
        using var http = _app.CreateClient();
        using var allowed = await http.PostAsJsonAsync("/avatar/animate", new { avatarId = 424242, text = "Текст" });
        Assert.Equal(HttpStatusCode.NotFound, allowed.StatusCode); // within the window: the request reached the API

        // The avatar does not exist either: a RateLimitedException rather than a NotFound shows the limit came first.
        var refused = await Assert.ThrowsAsync<RateLimitedException>(() => Studio(Anonymous).AnimateAsync(new AnimateRequest(424242, "Текст", null)));

        Assert.InRange(refused.RetryAfterSeconds, 1, 600);
        Assert.Equal(Messages.Get("TooManyRequests", refused.RetryAfterSeconds), UiErrors.Describe(refused));
        Assert.Contains(refused.RetryAfterSeconds.ToString(CultureInfo.CurrentCulture), UiErrors.Describe(refused));
    }

    [Fact]
    public async Task InAccountsModeAUsersKeyAndTheirBrowserSessionShareAWindowThatOtherUsersDoNot()
    {
        AccountsApp.UseAccounts(_app.Settings);
        _app.Settings["VoiceMirror:Limits:Animate:PermitLimit"] = "1";
        _app.Settings["VoiceMirror:Limits:Animate:WindowSeconds"] = "600";
        var (aliceId, aliceKey) = await UserAsync("alice@example.com");
        var (bobId, _) = await UserAsync("bob@example.com");
        using var alice = _app.CreateClient();
        alice.DefaultRequestHeaders.Add("X-Api-Key", aliceKey);
        var request = new AnimateRequest(424242, "Текст", null);

        Assert.Equal(HttpStatusCode.NotFound, (await alice.PostAsJsonAsync("/avatar/animate", request)).StatusCode);

        await Assert.ThrowsAsync<RateLimitedException>(() => Studio(SignedIn(aliceId)).AnimateAsync(request));
        var bobs = await Assert.ThrowsAsync<ApiProblemException>(() => Studio(SignedIn(bobId)).AnimateAsync(request));
        Assert.Equal("AvatarNotFound", bobs.MessageKey); // Bob's window is his own: his request got through to the API's checks
    }

    private static ClaimsPrincipal Anonymous => new(new ClaimsIdentity());

    // A browser session's user as the Identity cookie gives it: the user id, authenticated.
    private static ClaimsPrincipal SignedIn(string userId) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "Identity.Application"));

    /// The studio's state service as a circuit of <paramref name="user"/> has it.
    private StudioState Studio(ClaimsPrincipal user)
    {
        var sp = _app.Services;
        return new StudioState(sp.GetRequiredService<IServiceScopeFactory>(), sp.GetRequiredService<MediaStore>(),
            sp.GetRequiredService<AnimationNotifier>(), new FixedUser(user), sp.GetRequiredService<IOptions<AuthOptions>>());
    }

    private async Task<(string Id, string Key)> UserAsync(string email)
    {
        _ = _app.Server; // start the app (and its initial admin) before using its services
        using var scope = _app.Services.CreateScope();
        var (user, errors) = await scope.ServiceProvider.GetRequiredService<AccountAdmin>().CreateAsync(email, AccountsApp.Password, false);
        Assert.True(user is not null, string.Join(" ", errors));
        var (_, key) = await scope.ServiceProvider.GetRequiredService<ApiKeys>().CreateAsync(user!.Id, "tests", CancellationToken.None);
        return (user.Id, key);
    }

    private sealed class FixedUser(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }

    public void Dispose() => _app.Dispose();
}
