using System.Net;
using System.Net.Http.Json;
using VoiceMirror.Web.Access;

namespace VoiceMirror.Tests.Web.Access;

/// Which mode the app starts in, and when it refuses to start: the real VoiceMirror.Web.dll as a child process.
[Collection(WebCollection.Name)]
public sealed class AccessModeStartupTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("voicemirror-auth-").FullName;

    private Dictionary<string, string?> Settings(string urls, string? mode)
    {
        var settings = VoiceMirrorAppFactory.DefaultSettings(_dir);
        settings["ASPNETCORE_URLS"] = urls;
        settings["VoiceMirror:Auth:Mode"] = mode;
        return settings;
    }

    [Fact]
    public async Task OpenModeOnANetworkAddressRefusesToStartAndSaysWhatToSet()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AppProcess.StartAsync(Settings("http://0.0.0.0:0", "Open")));

        Assert.Contains("VoiceMirror:Auth:Mode is Open (no sign-in), but the app listens on http://0.0.0.0:0", error.Message);
        Assert.Contains("Set VoiceMirror:Auth:Mode=Accounts", error.Message);
        Assert.DoesNotContain("Now listening on", error.Message);
    }

    [Fact]
    public async Task UnknownModeRefusesToStartNamingTheChoices()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AppProcess.StartAsync(Settings("http://127.0.0.1:0", "Closed")));

        Assert.Contains("VoiceMirror:Auth:Mode is 'Closed'; set it to Open", error.Message);
    }

    [Fact]
    public async Task WithoutAModeANetworkAddressStartsInAccountsMode()
    {
        await using var app = await AppProcess.StartAsync(Settings("http://0.0.0.0:0", null));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{app.BaseAddress.Port}") };

        await ProblemAssert.IsProblemAsync(await http.GetAsync("/avatar"), HttpStatusCode.Unauthorized, "AuthRequired");
    }

    [Fact]
    public async Task WithoutAModeLoopbackStaysOpenAsBefore()
    {
        await using var app = await AppProcess.StartAsync(Settings("http://127.0.0.1:0", null));
        using var http = new HttpClient { BaseAddress = app.BaseAddress };

        Assert.Equal("[]", await http.GetStringAsync("/avatar"));
    }

    [Fact]
    public async Task CreateAdminCommandMakesAnAdminWhoSignsInToAccountsMode()
    {
        var settings = Settings("http://127.0.0.1:0", "Accounts");

        var weak = await AppProcess.RunCommandAsync(settings, CreateAdminCommand.Name, "--email", "root@example.com", "--password", "short");
        var made = await AppProcess.RunCommandAsync(settings, CreateAdminCommand.Name, "--email", "root@example.com", "--password", "R00t!password");

        Assert.True(weak.ExitCode == 1, weak.Output);
        Assert.Contains("The password must have at least 8 characters.", weak.Output);
        Assert.True(made.ExitCode == 0, made.Output);
        Assert.Contains("root@example.com is an admin.", made.Output);
        await using var app = await AppProcess.StartAsync(settings);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await http.PostAsJsonAsync("/account/login", new { email = "root@example.com", password = "wrong-Passw0rd" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent,
            (await http.PostAsJsonAsync("/account/login", new { email = "root@example.com", password = "R00t!password" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/hangfire")).StatusCode); // the cookie of an admin
        Assert.Equal("[]", await http.GetStringAsync("/avatar"));
    }

    [Theory]
    [InlineData("http://localhost:3000", true)]
    [InlineData("http://127.0.0.1:0", true)]
    [InlineData("https://127.10.0.1:443", true)]
    [InlineData("http://[::1]:3000", true)]
    [InlineData("http://0.0.0.0:3000", false)]
    [InlineData("http://[::]:3000", false)]
    [InlineData("http://*:3000", false)]
    [InlineData("http://+:3000", false)]
    [InlineData("http://avatars.example.com:80", false)]
    [InlineData("http://192.168.1.10:3000", false)]
    public void LoopbackMeansLocalhostOr127Or1Only(string url, bool loopback) =>
        Assert.Equal(loopback, ListenAddresses.IsLoopback(url));

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }
}
