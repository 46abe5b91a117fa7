using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using VoiceMirror.Tests.Web.Access;
using VoiceMirror.Web.Access;

namespace VoiceMirror.Tests.Web.Limits;

/// Accounts mode: the windows are per user (a key counts as its user), so one user's burst does not refuse another.
[Collection(WebCollection.Name)]
public sealed class PerUserRateLimitTests : IDisposable
{
    private readonly VoiceMirrorAppFactory _app = new();

    public PerUserRateLimitTests()
    {
        AccountsApp.UseAccounts(_app.Settings);
        _app.Settings["VoiceMirror:Jobs:RunServer"] = "false";
        _app.Settings["VoiceMirror:Limits:Animate:PermitLimit"] = "1";
        _app.Settings["VoiceMirror:Limits:Animate:WindowSeconds"] = "600";
    }

    [Fact]
    public async Task OneUsersExhaustedWindowLeavesAnotherUsersOpen()
    {
        using var alice = await ClientAsync("alice@example.com");
        using var bob = await ClientAsync("bob@example.com");
        var request = new { avatarId = 424242, text = "Текст" };

        Assert.Equal(HttpStatusCode.NotFound, (await alice.PostAsJsonAsync("/avatar/animate", request)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await alice.PostAsJsonAsync("/avatar/animate", request)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsJsonAsync("/avatar/animate", request)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await bob.PostAsJsonAsync("/avatar/animate", request)).StatusCode);
    }

    private async Task<HttpClient> ClientAsync(string email)
    {
        _ = _app.Server; // start the app (and its initial admin) before using its services
        using var scope = _app.Services.CreateScope();
        var (user, errors) = await scope.ServiceProvider.GetRequiredService<AccountAdmin>().CreateAsync(email, AccountsApp.Password, false);
        Assert.True(user is not null, string.Join(" ", errors));
        var (_, key) = await scope.ServiceProvider.GetRequiredService<ApiKeys>().CreateAsync(user!.Id, "tests", CancellationToken.None);
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public void Dispose() => _app.Dispose();
}
