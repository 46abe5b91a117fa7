using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static VoiceMirror.Tests.Web.Components.BrowserPage;

namespace VoiceMirror.Tests.Web.Components;

[Collection(WebCollection.Name)]
[Trait("Category", "Browser")]
public sealed class GalleryEditDeleteTests(BrowserAppFixture fx) : IClassFixture<BrowserAppFixture>
{
    [BrowserFact]
    public async Task TheEditDialogRenamesTheAvatarAndChangesItsDescription()
    {
        var suffix = Guid.NewGuid().ToString()[..6];
        var id = await fx.CreateAvatarAsync($"Старое имя {suffix}");
        var page = await fx.OpenAsync("/");
        var card = page.Locator($"[data-testid=avatar-card][data-avatar-id='{id}']");

        await card.Locator("[data-testid=edit-avatar]").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.Locator("input").First.FillAsync($"Новое имя {suffix}");
        await dialog.Locator("textarea").First.FillAsync("Ведущая новостей");
        await dialog.Locator("[data-testid=save-avatar]").ClickAsync();

        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(card.Locator("[data-testid=avatar-name]")).ToHaveTextAsync($"Новое имя {suffix}");
        await Expect(card).ToContainTextAsync("Ведущая новостей");
        var stored = fx.App.WithDb(db => db.Avatars.Single(a => a.Id == id));
        Assert.Equal(($"Новое имя {suffix}", "Ведущая новостей"), (stored.Name, stored.Description));
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task DeletingAfterConfirmationRemovesTheCardTheRowAndThePhotoFile()
    {
        var name = $"Удаляемый {Guid.NewGuid().ToString()[..6]}";
        var id = await fx.CreateAvatarAsync(name);
        var photo = fx.App.WithDb(db => db.Avatars.Single(a => a.Id == id).ImageFile);
        Assert.Contains(photo, fx.App.UploadedFiles());
        var page = await fx.OpenAsync("/");
        var card = page.Locator($"[data-testid=avatar-card][data-avatar-id='{id}']");

        await card.Locator("[data-testid=delete-avatar]").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Expect(dialog).ToContainTextAsync(name);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Отмена" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(card).ToBeVisibleAsync(); // cancelling keeps it

        await card.Locator("[data-testid=delete-avatar]").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Удалить" }).ClickAsync();

        await Expect(card).ToHaveCountAsync(0);
        Assert.False(fx.App.WithDb(db => db.Avatars.Any(a => a.Id == id)));
        Assert.DoesNotContain(photo, fx.App.UploadedFiles());
        await page.Context.CloseAsync();
    }
}
