using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using VoiceMirror.Web.Localization;

namespace VoiceMirror.Tests.Web.Limits;

/// Tiny windows so that a handful of requests reach them; each test has its own app, so its own counters.
[Collection(WebCollection.Name)]
public sealed class RateLimitTests
{
    private static VoiceMirrorAppFactory App(Action<Dictionary<string, string?>> settings)
    {
        var app = new VoiceMirrorAppFactory();
        app.Settings["VoiceMirror:Jobs:RunServer"] = "false"; // nothing here needs a render
        settings(app.Settings);
        return app;
    }

    private static HttpClient Client(VoiceMirrorAppFactory app, string language)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        return client;
    }

    [Fact]
    public async Task AnimateOverTheLimitIsRefusedWith429RetryAfterAndProblemInTheCallersLanguage()
    {
        using var app = App(s =>
        {
            s["VoiceMirror:Limits:Animate:PermitLimit"] = "2";
            s["VoiceMirror:Limits:Animate:WindowSeconds"] = "600";
        });
        var request = new { avatarId = 424242, text = "Текст" };
        for (var i = 0; i < 2; i++) // within the limit the request reaches the API (and its avatar does not exist)
        {
            using var allowed = await Client(app, "ru").PostAsJsonAsync("/avatar/animate", request);
            Assert.Equal(HttpStatusCode.NotFound, allowed.StatusCode);
        }

        foreach (var language in new[] { "en", "ru" })
        {
            using var refused = await Client(app, language).PostAsJsonAsync("/avatar/animate", request);
            var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
            Assert.InRange(retryAfter, 1, 600);
            var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests, "TooManyRequests", language, null, retryAfter);
            Assert.Equal(retryAfter, problem.GetProperty("retryAfterSeconds").GetInt32());
            Assert.Equal(Messages.Get("Title429", new CultureInfo(language)), problem.GetProperty("title").GetString());
        }

        // Other endpoints have their own budgets.
        using var list = await Client(app, "ru").GetAsync("/avatar");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task UploadOverTheLimitIsRefusedBeforeThePhotoIsRead()
    {
        using var app = App(s =>
        {
            s["VoiceMirror:Limits:Upload:PermitLimit"] = "1";
            s["VoiceMirror:Limits:Upload:WindowSeconds"] = "300";
        });
        await TestUploads.UploadAsync(app.CreateClient());

        using var refused = await Client(app, "en").PostAsync("/avatar/upload", TestUploads.Form(TestUploads.Image("astronaut.png"), "Second"));

        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture), 1, 300);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal("TooManyRequests", problem.GetProperty("code").GetString());
        Assert.Single(app.UploadedFiles());
    }

    [Fact]
    public async Task CloneOverTheLimitIsRefused()
    {
        using var app = App(s => s["VoiceMirror:Limits:Clone:PermitLimit"] = "1");
        using var first = await app.CreateClient().PostAsync("/voices/clone", new MultipartFormDataContent { { new StringContent("x"), "name" } });
        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode); // no cloning provider here: refused by the API, yet counted

        using var refused = await Client(app, "ru").PostAsync("/voices/clone", new MultipartFormDataContent { { new StringContent("x"), "name" } });
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests, "TooManyRequests", "ru", null, retryAfter);
    }

    [Fact]
    public async Task LimitsInForceAreListedForApiClients()
    {
        using var app = App(s =>
        {
            s["VoiceMirror:Limits:Animate:PermitLimit"] = "7";
            s["VoiceMirror:Limits:Animate:WindowSeconds"] = "30";
            s["VoiceMirror:Limits:Clone:PermitLimit"] = "0";
            s["VoiceMirror:Limits:MaxConcurrentRenders"] = "2";
            s.Remove("VoiceMirror:Limits:Upload:PermitLimit"); // the test factory turns it off; here the default shows
        });
        var limits = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/limits")).RootElement;

        Assert.Equal(7, limits.GetProperty("animate").GetProperty("permitLimit").GetInt32());
        Assert.Equal(30, limits.GetProperty("animate").GetProperty("windowSeconds").GetInt32());
        Assert.Equal(20, limits.GetProperty("upload").GetProperty("permitLimit").GetInt32()); // the default
        Assert.Equal(0, limits.GetProperty("clone").GetProperty("permitLimit").GetInt32());
        Assert.Equal(2, limits.GetProperty("maxConcurrentRenders").GetInt32());
        Assert.Equal(0, limits.GetProperty("activeRenders").GetInt32());
    }

    [Theory]
    [InlineData("VoiceMirror:Limits:Animate:WindowSeconds", "0", "VoiceMirror:Limits:Animate:WindowSeconds is 0; set 1–86400 seconds")]
    [InlineData("VoiceMirror:Limits:Upload:PermitLimit", "-1", "VoiceMirror:Limits:Upload:PermitLimit is -1; set 0 (no limit) or 1–100000")]
    [InlineData("VoiceMirror:Limits:MaxConcurrentRenders", "-3", "VoiceMirror:Limits:MaxConcurrentRenders is -3")]
    [InlineData("VoiceMirror:Webhooks:TimeoutSeconds", "0", "VoiceMirror:Webhooks:TimeoutSeconds is 0; set 1–60 seconds")]
    [InlineData("VoiceMirror:Webhooks:AllowedHosts:0", "https://intranet/", "not a bare host name")]
    public void BadLimitOrWebhookSettingStopsStartUpNamingTheSetting(string key, string value, string expected)
    {
        using var app = App(s => s[key] = value);
        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains(expected, error.ToString());
    }
}
