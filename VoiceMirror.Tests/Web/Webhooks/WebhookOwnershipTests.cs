using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VoiceMirror.Tests.Web.Access;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Limits;
using VoiceMirror.Web.Webhooks;

namespace VoiceMirror.Tests.Web.Webhooks;

/// Accounts mode: each user has their own signing secret, sees only their own deliveries, and their renders in flight
/// are theirs alone.
[Collection(WebCollection.Name)]
public sealed class WebhookOwnershipTests(AccountsApp accounts) : IClassFixture<AccountsApp>
{
    private static async Task<string> SecretAsync(HttpClient client) =>
        JsonDocument.Parse(await client.GetStringAsync("/webhooks/secret")).RootElement.GetProperty("secret").GetString()!;

    [Fact]
    public async Task EachUserHasTheirOwnSecretAndRotatingOneLeavesTheOtherAlone()
    {
        using var alice = accounts.Client(accounts.Alice);
        using var bob = accounts.Client(accounts.Bob);
        var aliceSecret = await SecretAsync(alice);

        Assert.NotEqual(aliceSecret, await SecretAsync(bob));
        using var rotated = await bob.PostAsync("/webhooks/secret/rotate", null);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.Equal(aliceSecret, await SecretAsync(alice));
    }

    [Fact]
    public async Task DeliveriesAreListedOnlyToTheAnimationsOwner()
    {
        accounts.App.WithDb(db =>
        {
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                AnimationId = accounts.AliceAnimationId, OwnerId = accounts.Alice.Id, Url = "https://hooks.example.com/alice",
                Event = "completed", Attempt = 1, StatusCode = 200, Succeeded = true, AttemptedAt = DateTime.UtcNow,
            });
            return db.SaveChanges();
        });

        using var alice = accounts.Client(accounts.Alice);
        using var bob = accounts.Client(accounts.Bob);
        var mine = JsonDocument.Parse(await alice.GetStringAsync($"/webhooks/deliveries?animationId={accounts.AliceAnimationId}")).RootElement;
        var theirs = JsonDocument.Parse(await bob.GetStringAsync($"/webhooks/deliveries?animationId={accounts.AliceAnimationId}")).RootElement;

        Assert.Equal("https://hooks.example.com/alice", Assert.Single(mine.EnumerateArray()).GetProperty("url").GetString());
        Assert.Empty(theirs.EnumerateArray());
        using var anonymous = accounts.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/webhooks/deliveries")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/limits")).StatusCode);
    }

    [Fact]
    public async Task RendersInFlightAreCountedPerOwner()
    {
        var avatarId = accounts.AliceAvatarId;
        accounts.App.WithDb(db =>
        {
            foreach (var (owner, status) in new[] { (accounts.Bob.Id, AnimationStatus.Processing), (accounts.Bob.Id, AnimationStatus.Processing),
                         (accounts.Bob.Id, AnimationStatus.Completed) })
                db.Animations.Add(new Animation
                {
                    AvatarId = avatarId, OwnerId = owner, Status = status, Text = "x", RequestHash = Guid.NewGuid().ToString("N"),
                    CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
                });
            return db.SaveChanges();
        });
        await using var scope = accounts.App.Services.CreateAsyncScope();
        var slots = scope.ServiceProvider.GetRequiredService<RenderSlots>();

        Assert.Equal(2, await slots.ActiveAsync(accounts.Bob.Id, CancellationToken.None));
        using var bob = accounts.Client(accounts.Bob);
        var limits = JsonDocument.Parse(await bob.GetStringAsync("/limits")).RootElement;
        Assert.Equal(2, limits.GetProperty("activeRenders").GetInt32());
        Assert.Equal(0, await slots.ActiveAsync(accounts.Admin.Id, CancellationToken.None));
    }
}
