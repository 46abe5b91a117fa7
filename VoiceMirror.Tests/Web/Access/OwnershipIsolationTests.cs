extern alias web;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace VoiceMirror.Tests.Web.Access;

/// Accounts mode: Bob's key never reaches Alice's avatar, animation or voice. Every endpoint that takes an id is listed
/// here, and a test fails when the app gains one that is not.
[Collection(WebCollection.Name)]
public sealed class OwnershipIsolationTests(AccountsApp accounts) : IClassFixture<AccountsApp>
{
    /// Method, path and JSON body; {avatar}, {animation} and {voice} stand for Alice's ids.
    public static TheoryData<string, string, string?> EndpointsWithAnId => new()
    {
        { "GET", "/avatar/{avatar}", null },
        { "PUT", "/avatar/{avatar}", """{ "name": "Taken" }""" },
        { "PATCH", "/avatar/{avatar}", """{ "description": "Taken" }""" },
        { "DELETE", "/avatar/{avatar}", null },
        { "GET", "/avatar/{avatar}/animations", null },
        { "GET", "/avatar/animations/{animation}/status", null },
        { "POST", "/avatar/animate", """{ "avatarId": {avatar}, "text": "Чужой текст" }""" },
        { "GET", "/voices/{voice}/preview", null },
        { "DELETE", "/voices/{voice}", null },
    };

    // Lists that hold owned rows, and those that hold none (the engines are the server's, not anyone's).
    private static readonly string[] OwnedLists = ["/avatar", "/voices"];
    // Server-wide facts, the same for everyone: the engines, and which provider clones with which consent phrases.
    private static readonly string[] UnownedLists = ["/engines", "/voices/cloning"];
    // The caller's own settings and log, keyed by the caller alone (WebhookOwnershipTests checks them per user).
    private static readonly string[] CallersOwn = ["/limits", "/webhooks/deliveries", "/webhooks/secret"];

    [Theory]
    [MemberData(nameof(EndpointsWithAnId))]
    public async Task AnotherUsersIdAnswers404AndChangesNothing(string method, string path, string? body)
    {
        using var bob = accounts.Client(accounts.Bob);

        using var response = await bob.SendAsync(Request(method, path, body));

        var (code, id) = path.Contains("{animation}") ? ("AnimationNotFound", (object)accounts.AliceAnimationId)
            : path.Contains("{voice}") ? ("UnknownVoiceId", AccountsApp.ClonedVoiceId)
            : ("AvatarNotFound", accounts.AliceAvatarId);
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, code, "ru", null, id);
        Assert.DoesNotContain("Alice", problem.ToString());
        Assert.DoesNotContain(accounts.Speech.Requests, r => r.Method == "DELETE"); // the provider never heard of it
        using var alice = accounts.Client(accounts.Alice);
        var avatar = JsonDocument.Parse(await alice.GetStringAsync($"/avatar/{accounts.AliceAvatarId}")).RootElement;
        Assert.Equal("Alice", avatar.GetProperty("name").GetString());
        Assert.NotEqual("Taken", avatar.GetProperty("description").GetString());
        var history = JsonDocument.Parse(await alice.GetStringAsync($"/avatar/{accounts.AliceAvatarId}/animations")).RootElement;
        Assert.Equal([accounts.AliceAnimationId], history.EnumerateArray().Select(a => a.GetProperty("id").GetInt32()));
        Assert.Contains(AccountsApp.ClonedVoiceId, await IdsAsync<string>(alice, "/voices"));
    }

    [Theory]
    [MemberData(nameof(EndpointsWithAnId))]
    public async Task OwnerAndAdminReachTheSameId(string method, string path, string? body)
    {
        if (method is not "GET") return; // the changing calls are proven not to reach others' rows above; here reads suffice
        foreach (var user in new[] { accounts.Alice, accounts.Admin })
        {
            using var client = accounts.Client(user);
            using var response = await client.SendAsync(Request(method, path, body));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{user.Email}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task ListsNeverShowAnotherUsersAvatarsOrClonedVoices()
    {
        using var bob = accounts.Client(accounts.Bob);
        using var alice = accounts.Client(accounts.Alice);
        using var admin = accounts.Client(accounts.Admin);

        Assert.DoesNotContain(accounts.AliceAvatarId, await IdsAsync<int>(bob, "/avatar"));
        Assert.DoesNotContain(AccountsApp.ClonedVoiceId, await IdsAsync<string>(bob, "/voices"));
        Assert.Contains("espeak-ru", await IdsAsync<string>(bob, "/voices")); // the built-in voices are everyone's

        Assert.Equal([accounts.AliceAvatarId], await IdsAsync<int>(alice, "/avatar"));
        Assert.Contains(AccountsApp.ClonedVoiceId, await IdsAsync<string>(alice, "/voices"));
        Assert.Contains(accounts.AliceAvatarId, await IdsAsync<int>(admin, "/avatar"));
        Assert.Contains(AccountsApp.ClonedVoiceId, await IdsAsync<string>(admin, "/voices"));
    }

    [Fact]
    public async Task AnotherUsersClonedVoiceIsAnUnknownVoice()
    {
        using var bob = accounts.Client(accounts.Bob);
        var bobsAvatar = await TestUploads.UploadAsync(bob, name: "Bob");

        using var response = await bob.SendAsync(Request("POST", "/avatar/animate",
            $$"""{ "avatarId": {{bobsAvatar}}, "text": "Привет", "voiceId": "{{AccountsApp.ClonedVoiceId}}" }"""));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "UnknownVoiceId", "ru", null, AccountsApp.ClonedVoiceId);
        Assert.DoesNotContain(bobsAvatar, await IdsAsync<int>(accounts.Client(accounts.Alice), "/avatar"));
    }

    [Fact]
    public async Task HubGivesNothingOfAnotherUsersAnimation()
    {
        await using var bob = Hub(accounts.Bob);
        await using var alice = Hub(accounts.Alice);
        await bob.StartAsync();
        await alice.StartAsync();

        var bobsView = await bob.InvokeAsync<JsonElement?>("SubscribeAnimation", accounts.AliceAnimationId);
        var alicesView = await alice.InvokeAsync<JsonElement?>("SubscribeAnimation", accounts.AliceAnimationId);

        Assert.True(bobsView is null || bobsView.Value.ValueKind == JsonValueKind.Null, bobsView?.ToString());
        Assert.Equal(accounts.AliceAnimationId, alicesView!.Value.GetProperty("id").GetInt32());
    }

    /// The isolation list above must name every controller route that takes an id, and every list must be known.
    [Fact]
    public void EveryEndpointWithAnIdIsInTheIsolationList()
    {
        var routes = accounts.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ControllerActionDescriptor>() is not null)
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods
                .Select(m => (Method: m, Path: Normalize("/" + e.RoutePattern.RawText), HasId: e.RoutePattern.Parameters.Count > 0)))
            .ToList();
        var listed = EndpointsWithAnId.Select(row => ((string)row[0], Normalize((string)row[1]))).ToHashSet();

        var missing = routes.Where(r => r.HasId && !listed.Contains((r.Method, r.Path))).ToList();
        Assert.True(missing.Count == 0, "Not in EndpointsWithAnId: " + string.Join(", ", missing));
        var lists = routes.Where(r => !r.HasId && r.Method == "GET").Select(r => r.Path).ToList();
        Assert.Equal(OwnedLists.Concat(UnownedLists).Concat(CallersOwn).Order(), lists.Order());
        var otherWrites = routes.Where(r => !r.HasId && r.Method != "GET").Select(r => r.Path).ToList();
        // Upload and clone create rows for the caller; animate takes Alice's avatar id in its body (listed above);
        // rotate replaces the caller's own webhook secret.
        Assert.Equal(["/avatar/animate", "/avatar/upload", "/voices/clone", "/webhooks/secret/rotate"], otherWrites.Order());
    }

    private HttpRequestMessage Request(string method, string path, string? body)
    {
        string Fill(string text) => text.Replace("{avatar}", accounts.AliceAvatarId.ToString())
            .Replace("{animation}", accounts.AliceAnimationId.ToString()).Replace("{voice}", AccountsApp.ClonedVoiceId);
        var request = new HttpRequestMessage(new HttpMethod(method), Fill(path));
        if (body is not null) request.Content = new StringContent(Fill(body), Encoding.UTF8, "application/json");
        return request;
    }

    private HubConnection Hub(AccountsApp.User user) =>
        new HubConnectionBuilder().WithUrl(new Uri(accounts.App.Server.BaseAddress, "hubs/animations"), o =>
        {
            o.HttpMessageHandlerFactory = _ => accounts.App.Server.CreateHandler();
            o.Transports = HttpTransportType.LongPolling;
            o.Headers["X-Api-Key"] = user.Key;
        }).Build();

    private static async Task<List<T>> IdsAsync<T>(HttpClient client, string path) =>
        [.. JsonDocument.Parse(await client.GetStringAsync(path)).RootElement.EnumerateArray().Select(e => e.GetProperty("id").Deserialize<T>()!)];

    private static string Normalize(string path) =>
        System.Text.RegularExpressions.Regex.Replace(path, @"\{[^}]+\}", "{}");
}
