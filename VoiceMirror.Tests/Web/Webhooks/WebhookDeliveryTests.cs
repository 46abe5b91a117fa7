using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VoiceMirror.Tests.Engine.Speech;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Webhooks;

namespace VoiceMirror.Tests.Web.Webhooks;

/// Real renders, the real Hangfire queue and a real loopback receiver. The admin allow-list names 127.0.0.1 (with
/// plain http, an explicit admin option) so the receiver is reachable; every other loopback or private target is not.
[Collection(WebCollection.Name)]
public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private readonly VoiceMirrorAppFactory _app = new();
    private LoopbackSpeechServer _receiver = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app.Settings["VoiceMirror:Webhooks:AllowedHosts:0"] = "127.0.0.1";
        _app.Settings["VoiceMirror:Webhooks:AllowInsecureForAllowedHosts"] = "true";
        _app.Settings["VoiceMirror:Webhooks:RetryDelaysSeconds:0"] = "1";
        _app.Settings["VoiceMirror:Webhooks:RetryDelaysSeconds:1"] = "1";
        _receiver = await LoopbackSpeechServer.StartAsync();
        _http = _app.CreateClient();
    }

    [Fact]
    public async Task CompletedRenderIsPostedAsTheStatusJsonSignedWithTheOwnersSecret()
    {
        _receiver.Respond = LoopbackSpeechServer.Json("{}");
        var id = await AnimateAsync("Готово, проверьте подпись.", "/hook/signed");

        var delivered = await WaitForAsync(() => _receiver.Requests.Where(r => r.Path == "/hook/signed").ToList(), n => n.Count >= 1);
        var request = delivered.Single();
        var secret = JsonDocument.Parse(await _http.GetStringAsync("/webhooks/secret")).RootElement.GetProperty("secret").GetString()!;

        // The receiver's check, written out as a client would: HMAC-SHA256 over "{timestamp}.{raw body}".
        var timestamp = request.Header("X-VoiceMirror-Timestamp")!;
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret),
            (byte[])[.. Encoding.UTF8.GetBytes(timestamp + "."), .. request.Body]));
        Assert.Equal(expected, request.Header("X-VoiceMirror-Signature"));
        Assert.InRange(long.Parse(timestamp, CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(),
            DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal("animation.completed", request.Header("X-VoiceMirror-Event"));
        Assert.StartsWith("application/json", request.ContentType);
        Assert.Equal("POST", request.Method);

        var status = JsonDocument.Parse(await _http.GetStringAsync($"/avatar/animations/{id}/status")).RootElement;
        Assert.True(JsonElement.DeepEquals(status, request.JsonBody()), $"{status}\n{request.JsonBody()}");
        Assert.Equal("completed", request.JsonBody().GetProperty("status").GetString());

        var deliveries = await DeliveriesAsync(id);
        var only = Assert.Single(deliveries.EnumerateArray());
        Assert.True(only.GetProperty("succeeded").GetBoolean());
        Assert.Equal(200, only.GetProperty("statusCode").GetInt32());
        Assert.Equal(1, only.GetProperty("attempt").GetInt32());
        Assert.Equal("completed", only.GetProperty("event").GetString());
    }

    [Fact]
    public async Task DeliveryAnswered500IsRetriedAndBothAttemptsAreRecorded()
    {
        var answers = 0;
        _receiver.Respond = (ctx, _) =>
        {
            ctx.Response.StatusCode = Interlocked.Increment(ref answers) == 1 ? 500 : 200;
            return Task.CompletedTask;
        };
        var id = await AnimateAsync("Первый раз ответят ошибкой.", "/hook/retry");

        var delivered = await WaitForAsync(() => _receiver.Requests.Where(r => r.Path == "/hook/retry").ToList(), n => n.Count >= 2);
        var deliveries = await WaitForAsync(async () => (await DeliveriesAsync(id)).EnumerateArray().ToList(), n => n.Count >= 2);

        var (first, second) = (deliveries.Single(d => d.GetProperty("attempt").GetInt32() == 1), deliveries.Single(d => d.GetProperty("attempt").GetInt32() == 2));
        Assert.Equal(500, first.GetProperty("statusCode").GetInt32());
        Assert.False(first.GetProperty("succeeded").GetBoolean());
        Assert.Equal(JsonValueKind.String, first.GetProperty("nextAttemptAt").ValueKind);
        Assert.Equal(200, second.GetProperty("statusCode").GetInt32());
        Assert.True(second.GetProperty("succeeded").GetBoolean());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextAttemptAt").ValueKind);
        Assert.Equal(["1", "2"], delivered.Select(r => r.Header("X-VoiceMirror-Attempt")).Order());
        Assert.Equal(2, delivered.Count); // no third: the second succeeded
    }

    public static TheoryData<string> RefusedTargets => new()
    {
        "https://127.0.0.2/hook", // loopback, though not the allowed 127.0.0.1
        "https://[::1]/hook",
        "https://10.0.0.7/hook",
        "https://192.168.1.20/hook",
        "https://100.64.3.4/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[fd00::5]/hook",
        "https://0.0.0.0/hook",
        "https://2130706434/hook", // 127.0.0.2 written as one number (127.0.0.1 itself is the allowed receiver here)
        "https://0x7f.0.0.2/hook", // and in hex
        "https://[::ffff:127.0.0.1]/hook", // IPv4-mapped IPv6
        "https://[fe80::1]/hook",
        "https://224.0.0.251/hook", // multicast
    };

    [Theory, MemberData(nameof(RefusedTargets))]
    public async Task LoopbackPrivateAndMetadataTargetsAreRefusedAtRequestTime(string callbackUrl)
    {
        var avatarId = await AvatarAsync();
        var rows = _app.WithDb(db => db.Animations.Count());
        using var response = await Client("en").PostAsJsonAsync("/avatar/animate", new { avatarId, text = "Текст", callbackUrl });

        var host = new Uri(callbackUrl).Host;
        var address = IPAddress.Parse(host.Trim('[', ']'));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "CallbackUrlForbiddenAddress", "en", null,
            host, address, AddressClassifier.Classify(address).ToString().ToLowerInvariant());
        Assert.Equal(rows, _app.WithDb(db => db.Animations.Count()));
    }

    [Fact]
    public async Task HostNameThatResolvesToLoopbackIsRefusedAtRequestTime()
    {
        using var response = await Client("ru").PostAsJsonAsync("/avatar/animate",
            new { avatarId = await AvatarAsync(), text = "Текст", callbackUrl = "https://localhost/hook" });
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("CallbackUrlForbiddenAddress", problem.GetProperty("code").GetString());
        Assert.Contains("(loopback)", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("http://example.com/hook", "CallbackUrlNotHttps")]
    [InlineData("ftp://example.com/hook", "CallbackUrlInvalid")]
    [InlineData("/relative/hook", "CallbackUrlInvalid")]
    [InlineData("https://user:pass@example.com/hook", "CallbackUrlCredentials")]
    public async Task MalformedOrInsecureCallbackUrlIsRefused(string callbackUrl, string code)
    {
        using var response = await Client("ru").PostAsJsonAsync("/avatar/animate", new { avatarId = await AvatarAsync(), text = "Текст", callbackUrl });
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, code, "ru", null, code == "CallbackUrlInvalid" ? [2000] : []);
    }

    /// A name that pointed somewhere public when the request came may point at loopback by the time the render ends
    /// (DNS rebinding). Here the row is written as if the request check had passed, and the delivery must still not connect.
    [Fact]
    public async Task DeliveryToANameResolvingToLoopbackIsRefusedWhenConnectingAndNotRetried()
    {
        _receiver.Respond = LoopbackSpeechServer.Json("{}");
        var port = new Uri(_receiver.BaseUrl).Port;
        var avatarId = await AvatarAsync();
        var id = _app.WithDb(db =>
        {
            var row = new Animation
            {
                AvatarId = avatarId, Text = "Перепривязка DNS", RequestHash = Guid.NewGuid().ToString("N"), Status = AnimationStatus.Completed,
                CallbackUrl = $"https://localhost:{port}/hook/rebound", CallbackBaseUrl = "http://localhost",
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            };
            db.Animations.Add(row);
            db.SaveChanges();
            return row.Id;
        });

        await using (var scope = _app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<WebhookJob>().DeliverAsync(id, 1, CancellationToken.None);

        var delivery = Assert.Single((await DeliveriesAsync(id)).EnumerateArray());
        Assert.False(delivery.GetProperty("succeeded").GetBoolean());
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("statusCode").ValueKind);
        Assert.Contains("Loopback", delivery.GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("nextAttemptAt").ValueKind);
        Assert.DoesNotContain(_receiver.Requests, r => r.Path == "/hook/rebound");
    }

    [Fact]
    public async Task FailedRenderIsReportedAsAnErrorEventWithItsCode()
    {
        _receiver.Respond = LoopbackSpeechServer.Json("{}");
        var avatarId = await AvatarAsync();
        var id = _app.WithDb(db =>
        {
            var row = new Animation
            {
                AvatarId = avatarId, Text = "Не вышло", RequestHash = Guid.NewGuid().ToString("N"), Status = AnimationStatus.Error,
                Stage = AnimationStage.Failed, ErrorCode = "NoFace", CallbackUrl = _receiver.BaseUrl + "/hook/error", CallbackBaseUrl = "http://localhost",
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            };
            db.Animations.Add(row);
            db.SaveChanges();
            return row.Id;
        });

        await using (var scope = _app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<WebhookJob>().DeliverAsync(id, 1, CancellationToken.None);

        var request = Assert.Single(_receiver.Requests, r => r.Path == "/hook/error");
        var secret = JsonDocument.Parse(await _http.GetStringAsync("/webhooks/secret")).RootElement.GetProperty("secret").GetString()!;
        Assert.True(WebhookSignature.Verify(secret, long.Parse(request.Header("X-VoiceMirror-Timestamp")!, CultureInfo.InvariantCulture),
            request.Body, request.Header("X-VoiceMirror-Signature")));
        Assert.Equal("animation.error", request.Header("X-VoiceMirror-Event"));
        Assert.Equal("error", request.JsonBody().GetProperty("status").GetString());
        Assert.Equal("NoFace", request.JsonBody().GetProperty("errorCode").GetString());
        var status = JsonDocument.Parse(await _http.GetStringAsync($"/avatar/animations/{id}/status")).RootElement;
        Assert.True(JsonElement.DeepEquals(status, request.JsonBody()), $"{status}\n{request.JsonBody()}");
    }

    [Fact]
    public async Task RotatingTheSecretReplacesIt()
    {
        var before = JsonDocument.Parse(await _http.GetStringAsync("/webhooks/secret")).RootElement.GetProperty("secret").GetString()!;
        using var rotated = await _http.PostAsync("/webhooks/secret/rotate", null);
        var after = JsonDocument.Parse(await rotated.Content.ReadAsStringAsync()).RootElement.GetProperty("secret").GetString()!;

        Assert.Matches("^whsec_[0-9a-f]{64}$", after);
        Assert.NotEqual(before, after);
        Assert.Equal(after, JsonDocument.Parse(await _http.GetStringAsync("/webhooks/secret")).RootElement.GetProperty("secret").GetString());
    }

    private HttpClient Client(string language)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        return client;
    }

    private int? _avatarId;
    private async Task<int> AvatarAsync() => _avatarId ??= await TestUploads.UploadAsync(_http);

    private async Task<int> AnimateAsync(string text, string path)
    {
        using var response = await _http.PostAsJsonAsync("/avatar/animate",
            new { avatarId = await AvatarAsync(), text, callbackUrl = _receiver.BaseUrl + path });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt32();
    }

    private async Task<JsonElement> DeliveriesAsync(int animationId) =>
        JsonDocument.Parse(await _http.GetStringAsync($"/webhooks/deliveries?animationId={animationId}")).RootElement;

    private static Task<T> WaitForAsync<T>(Func<T> read, Func<T, bool> done) => WaitForAsync(() => Task.FromResult(read()), done);

    // Renders of the test models take seconds; the limit only stops a hung test.
    private static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the webhook.");
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _receiver.DisposeAsync();
    }
}
