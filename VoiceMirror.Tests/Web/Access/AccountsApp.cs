using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VoiceMirror.Tests.Engine.Speech;
using VoiceMirror.Web.Access;

namespace VoiceMirror.Tests.Web.Access;

/// The real app in Accounts mode (temp SQLite file, tiny models, a loopback ElevenLabs for cloning) with an initial
/// admin and two users, each with an API key. Alice owns an avatar, one of its animations and a cloned voice.
public sealed class AccountsApp : IAsyncLifetime
{
    public const string AdminEmail = "admin@example.com";
    public const string Password = "Str0ng!pass";
    public const string ClonedVoiceId = "voice_id_123456"; // listed as cloned by the loopback server

    public VoiceMirrorAppFactory App { get; } = new();
    public LoopbackSpeechServer Speech { get; private set; } = null!;
    public SpeechAudio Audio { get; } = new();

    public User Admin { get; private set; } = null!;
    public User Alice { get; private set; } = null!;
    public User Bob { get; private set; } = null!;
    public int AliceAvatarId { get; private set; }
    public int AliceAnimationId { get; private set; }

    public sealed record User(string Id, string Email, string Key);

    public static void UseAccounts(Dictionary<string, string?> settings)
    {
        settings["VoiceMirror:Auth:Mode"] = "Accounts";
        settings["VoiceMirror:Auth:InitialAdmin:Email"] = AdminEmail;
        settings["VoiceMirror:Auth:InitialAdmin:Password"] = Password;
    }

    public async Task InitializeAsync()
    {
        await Audio.InitializeAsync();
        Speech = await LoopbackSpeechServer.StartAsync();
        Speech.Respond = (ctx, request) => request.Path switch
        {
            "/v1/voices" => LoopbackSpeechServer.Json(ElevenLabsSynthesizerTests.VoicesJson)(ctx, request),
            "/v1/voices/add" => LoopbackSpeechServer.Json($$"""{ "voice_id": "{{ClonedVoiceId}}" }""")(ctx, request),
            _ => LoopbackSpeechServer.Bytes(Audio.Mp3, "audio/mpeg")(ctx, request), // speech: previews of the cloned voice
        };
        foreach (var (key, value) in SpeechHost.ElevenLabs(Speech.BaseUrl)) App.Settings[key] = value;
        App.Settings["VoiceMirror:Voices:ElevenLabs:VoiceCacheSeconds"] = "0";
        UseAccounts(App.Settings);

        Admin = await UserAsync(AdminEmail, admin: true);
        Alice = await UserAsync("alice@example.com", admin: false);
        Bob = await UserAsync("bob@example.com", admin: false);

        using var alice = Client(Alice);
        AliceAvatarId = await TestUploads.UploadAsync(alice, name: "Alice");
        using var animate = await alice.PostAsJsonAsync("/avatar/animate", new { avatarId = AliceAvatarId, text = "Привет" });
        var body = await animate.Content.ReadAsStringAsync();
        Assert.True(animate.IsSuccessStatusCode, body);
        AliceAnimationId = JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt32();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("Alice's voice"), "name" }, { new StringContent("true"), "consent" },
            { new ByteArrayContent(Audio.Wav), "samples", "me.wav" },
        };
        using var clone = await alice.PostAsync("/voices/clone", form);
        Assert.True(clone.IsSuccessStatusCode, await clone.Content.ReadAsStringAsync());
    }

    /// A client that sends <paramref name="user"/>'s key (none: no credentials at all).
    public HttpClient Client(User? user, bool bearer = false)
    {
        var client = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (user is null) return client;
        if (bearer) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.Key);
        else client.DefaultRequestHeaders.Add("X-Api-Key", user.Key);
        return client;
    }

    /// The admin comes from the settings (created at start); other accounts the way the Users page makes them.
    private async Task<User> UserAsync(string email, bool admin)
    {
        using var scope = App.Services.CreateScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountAdmin>();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Microsoft.AspNetCore.Identity.IdentityUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            var (created, errors) = await accounts.CreateAsync(email, Password, admin);
            Assert.True(created is not null, string.Join(" ", errors));
            user = created;
        }
        var (_, secret) = await scope.ServiceProvider.GetRequiredService<ApiKeys>().CreateAsync(user!.Id, "tests", CancellationToken.None);
        return new User(user.Id, email, secret);
    }

    public async Task DisposeAsync()
    {
        App.Dispose();
        await Speech.DisposeAsync();
        await Audio.DisposeAsync();
    }
}
