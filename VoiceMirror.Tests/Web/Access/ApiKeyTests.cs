using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VoiceMirror.Web.Access;

namespace VoiceMirror.Tests.Web.Access;

/// Accounts mode at the door: keys in either header, 401 ProblemDetails without one, revocation, storage as a hash.
[Collection(WebCollection.Name)]
public sealed class ApiKeyTests(AccountsApp accounts) : IClassFixture<AccountsApp>
{
    [Theory]
    [InlineData("GET", "/avatar")]
    [InlineData("GET", "/avatar/1")]
    [InlineData("POST", "/avatar/animate")]
    [InlineData("POST", "/avatar/upload")]
    [InlineData("GET", "/voices")]
    [InlineData("GET", "/engines")]
    public async Task ApiWithoutCredentialsAnswers401ProblemDetailsNotARedirect(string method, string path)
    {
        using var anonymous = accounts.Client(null);

        using var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "AuthRequired");
        Assert.Contains("X-Api-Key", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task RefusalSpeaksEnglishOnRequest()
    {
        using var anonymous = accounts.Client(null);
        anonymous.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));

        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/avatar"), HttpStatusCode.Unauthorized, "AuthRequired", "en");
    }

    [Fact]
    public async Task PagesWithoutSignInRedirectToTheLoginPage()
    {
        using var anonymous = accounts.Client(null);

        using var response = await anonymous.GetAsync("/studio/1");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?ReturnUrl=%2Fstudio%2F1", response.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task KeyActsAsItsUserInEitherHeader(bool bearer)
    {
        using var alice = accounts.Client(accounts.Alice, bearer);

        var ids = JsonDocument.Parse(await alice.GetStringAsync("/avatar")).RootElement.EnumerateArray().Select(a => a.GetProperty("id").GetInt32());

        Assert.Equal([accounts.AliceAvatarId], ids);
    }

    [Fact]
    public async Task UnknownKeyAnswers401()
    {
        using var client = accounts.Client(accounts.Alice with { Key = accounts.Alice.Key[..^2] + "xx" });

        await ProblemAssert.IsProblemAsync(await client.GetAsync("/avatar"), HttpStatusCode.Unauthorized, "AuthRequired");
    }

    [Fact]
    public async Task KeyIsKeptOnlyAsItsHashAndWorksUntilRevoked()
    {
        using var scope = accounts.App.Services.CreateScope();
        var keys = scope.ServiceProvider.GetRequiredService<ApiKeys>();
        var (key, secret) = await keys.CreateAsync(accounts.Bob.Id, "frontend", CancellationToken.None);

        var stored = accounts.App.WithDb(db => db.ApiKeys.AsNoTracking().Single(k => k.Id == key.Id));
        Assert.StartsWith("vm_", secret);
        Assert.True(secret.Length >= 40, secret);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))), stored.Hash);
        Assert.Equal(secret[..10], stored.Prefix);
        Assert.DoesNotContain(secret, JsonSerializer.Serialize(stored));

        using var bob = accounts.Client(accounts.Bob with { Key = secret });
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/avatar")).StatusCode);
        Assert.NotNull(accounts.App.WithDb(db => db.ApiKeys.AsNoTracking().Single(k => k.Id == key.Id).LastUsedAt));

        Assert.False(await keys.RevokeAsync(accounts.Alice.Id, key.Id, CancellationToken.None)); // not Alice's to revoke
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/avatar")).StatusCode);
        Assert.True(await keys.RevokeAsync(accounts.Bob.Id, key.Id, CancellationToken.None));
        await ProblemAssert.IsProblemAsync(await bob.GetAsync("/avatar"), HttpStatusCode.Unauthorized, "AuthRequired");
    }

    [Fact]
    public async Task HubRefusesAConnectionWithoutCredentials()
    {
        using var anonymous = accounts.Client(null);

        using var refused = await anonymous.PostAsync("/hubs/animations/negotiate?negotiateVersion=1", null);
        // Browsers cannot set headers on a WebSocket: the key also works as access_token.
        using var withToken = await anonymous.PostAsync($"/hubs/animations/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(accounts.Bob.Key)}", null);

        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Unauthorized, "AuthRequired");
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
        await using var client = new HubConnectionBuilder()
            .WithUrl(new Uri(accounts.App.Server.BaseAddress, "hubs/animations"), o =>
            {
                o.HttpMessageHandlerFactory = _ => accounts.App.Server.CreateHandler();
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling;
            }).Build();
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.True(JsonDocument.Parse(await withToken.Content.ReadAsStringAsync()).RootElement.TryGetProperty("connectionToken", out _));
    }

    [Fact]
    public async Task JobsDashboardIsForAdminsOnly()
    {
        using var anonymous = accounts.Client(null);
        using var bob = accounts.Client(accounts.Bob);
        using var admin = accounts.Client(accounts.Admin);

        using var toLogin = await anonymous.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, toLogin.StatusCode);
        Assert.StartsWith("/login?ReturnUrl=", toLogin.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/hangfire")).StatusCode);
    }
}
