using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Localization;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using static VoiceMirror.Tests.Web.Components.BrowserPage;

namespace VoiceMirror.Tests.Web.Components;

/// Keyboard use with visible focus, an axe-core scan of every page and dialog in both languages (with screenshots
/// at desktop and phone size), and the smaller promises: Russian dialogs, Enter saves, red delete, photo checks at pick.
[Collection(WebCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AccessibilityTests(BrowserAppFixture fx, ITestOutputHelper output) : IClassFixture<BrowserAppFixture>
{
    private static readonly CultureInfo Russian = new("ru");
    private const string Ring = "solid 3px rgb(91, 75, 219)"; // the theme's primary

    // Space on the focused file input must open the chooser. In a loaded full run Chromium now and then drops that
    // first press (no chooser, focus unchanged), so a second press is allowed, as a user would press again; a zone
    // that is not focusable or ignores Space still fails, since focus is checked before each press.
    private static async Task<IFileChooser> OpenFileChooserWithSpaceAsync(IPage page)
    {
        for (var attempt = 1; ; attempt++)
        {
            await page.WaitForFunctionAsync("() => document.activeElement?.matches('[data-testid=photo-input]') === true");
            try
            {
                return await page.RunAndWaitForFileChooserAsync(() => page.Keyboard.PressAsync("Space"), new() { Timeout = 10_000 });
            }
            catch (TimeoutException) when (attempt < 2) { }
        }
    }

    [BrowserFact]
    public async Task KeyboardAloneUploadsOpensTheStudioAndAnimatesWithAVisibleFocusRingAllTheWay()
    {
        var name = $"Клавиатура {Guid.NewGuid().ToString()[..6]}";
        var page = await fx.OpenAsync("/");
        var drop = page.Locator(".vm-drop");
        var box = (await drop.BoundingBoxAsync())!;
        var around = new Clip { X = box.X - 8, Y = box.Y - 8, Width = box.Width + 16, Height = box.Height + 16 };
        var before = await page.ScreenshotAsync(new() { Clip = around });

        await TabToAsync(page, "[data-testid=photo-input]");
        Assert.Equal(Ring, await FocusedOutlineAsync(page, ".vm-drop"));
        var after = await page.ScreenshotAsync(new() { Clip = around, Path = BrowserAppFixture.ScreenshotPath("focus-drop-zone.png") });
        // The ring is drawn in the 8 px margin around the zone, where nothing changed but the focus.
        var (ringPixels, edgePixels) = RingPixels(before, after);
        output.WriteLine($"ring pixels around the drop zone: {ringPixels} of {edgePixels}");
        Assert.True(ringPixels > edgePixels / 2, $"no visible focus ring: {ringPixels} of {edgePixels} margin pixels changed to the ring colour");

        var chooser = await OpenFileChooserWithSpaceAsync(page);
        await chooser.SetFilesAsync(VoiceMirrorAppFactory.TestDataPath("images", "astronaut.png"));
        await Expect(page.Locator("[data-testid=upload-preview]")).ToBeVisibleAsync();
        await TabToAsync(page, "[data-testid=avatar-name-input]");
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync(name);
        await TabToAsync(page, "[data-testid=upload-submit]");
        Assert.Equal(Ring, await FocusedOutlineAsync(page));
        await page.Keyboard.PressAsync("Enter");

        var card = page.Locator("[data-testid=avatar-card]", new() { HasText = name });
        await Expect(card).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var id = fx.App.WithDb(db => db.Avatars.Single(a => a.Name == name).Id);
        await TabToAsync(page, $"[data-avatar-id='{id}'] [data-testid=card-photo]");
        Assert.Equal(Ring, await FocusedOutlineAsync(page));
        await page.ScreenshotAsync(new() { Path = BrowserAppFixture.ScreenshotPath("focus-card-photo.png") });
        await page.Keyboard.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(new Regex($"/studio/{id}$"));
        await Expect(page.Locator("[data-testid=studio-name]")).ToHaveTextAsync(name);
        await TabToAsync(page, "[data-testid=studio-text]");
        await page.Keyboard.TypeAsync("Всё с клавиатуры.");
        await TabToAsync(page, "[data-testid=animate]");
        Assert.Equal(Ring, await FocusedOutlineAsync(page));
        await page.ScreenshotAsync(new() { Path = BrowserAppFixture.ScreenshotPath("focus-animate.png") });
        await page.Keyboard.PressAsync("Enter");

        var chip = page.Locator("[data-testid=result] [data-testid=status-chip]");
        await Expect(chip).ToHaveAttributeAsync("data-status", AnimationStatus.Completed, new() { Timeout = 180_000 });
        await Expect(page.Locator("[data-testid=progress-bar]")).ToHaveAttributeAsync("aria-label", "Ход анимации");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task GalleryStudioVoicesDialogsAndNotFoundHaveNoSeriousAccessibilityViolationsInEitherLanguage()
    {
        var name = $"Ирина {Guid.NewGuid().ToString()[..6]}";
        var id = await fx.CreateAvatarAsync(name);
        AddRows(id);
        var problems = new List<string>();
        foreach (var (lang, width, height) in new[] { ("ru", 1280, 800), ("ru", 390, 844), ("en", 1280, 800), ("en", 390, 844) })
        {
            var size = $"{(width > 600 ? "desktop" : "phone")}-{width}x{height}-{lang}";
            var page = await fx.OpenAsync("/", width, height);
            if (lang == "en")
            {
                await page.Locator("[data-culture=en]").ClickAsync();
                await Expect(page.Locator("h1")).ToHaveTextAsync("Your avatars");
            }
            var card = page.Locator($"[data-avatar-id='{id}']");
            await Expect(card).ToBeVisibleAsync();
            await ScanAsync(page, $"gallery-{size}", problems);

            await card.Locator("[data-testid=edit-avatar]").ClickAsync();
            await Expect(page.Locator(".mud-dialog")).ToBeVisibleAsync();
            await ScanAsync(page, $"dialog-edit-{size}", problems);
            await page.Locator("[data-testid=edit-cancel]").ClickAsync();
            await Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);

            await card.Locator("[data-testid=delete-avatar]").ClickAsync();
            await Expect(page.Locator("[data-testid=delete-confirm]")).ToBeVisibleAsync();
            await ScanAsync(page, $"dialog-delete-{size}", problems);
            await page.Locator("[data-testid=delete-cancel]").ClickAsync();
            await Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);

            await BrowserAppFixture.GoToAsync(page, $"/studio/{id}");
            await Expect(page.Locator("[data-testid=history-item]")).ToHaveCountAsync(3);
            await ScanAsync(page, $"studio-{size}", problems);

            await BrowserAppFixture.GoToAsync(page, "/voice-library");
            await Expect(page.Locator("[data-testid=cloning-unavailable]")).ToBeVisibleAsync();
            await ScanAsync(page, $"voices-{size}", problems);

            await BrowserAppFixture.GoToAsync(page, "/nope");
            await Expect(page.Locator("[data-testid=not-found]")).ToBeVisibleAsync();
            await ScanAsync(page, $"not-found-{size}", problems);
            await page.Context.CloseAsync();
        }
        Assert.True(problems.Count == 0, "serious or critical accessibility violations:\n" + string.Join("\n", problems));
    }

    [BrowserFact]
    public async Task HistoryButtonsNameTheirAnimationFailedItemsOfferNoSpeechAndDownloadsAreNamedAfterTheAvatar()
    {
        var id = await fx.CreateAvatarAsync("Анна Мария");
        AddRows(id);
        var page = await fx.OpenAsync($"/studio/{id}");
        var failed = page.Locator("[data-testid=history-item]", new() { HasText = "Слишком далеко" });
        await Expect(failed.Locator("[data-testid=history-error]")).ToHaveTextAsync(Messages.Get("FaceTooSmall", Russian));
        await Expect(failed.Locator("[data-testid=download-mp3]")).ToHaveCountAsync(0);
        await failed.Locator("[data-testid=history-show]").ClickAsync();
        await Expect(page.Locator("[data-testid=result-error]")).ToHaveAttributeAsync("role", "alert");
        await Expect(page.Locator("[data-testid=result-audio]")).ToHaveCountAsync(0);

        var done = page.Locator("[data-testid=history-item]", new() { HasText = "Готовое видео" });
        await Expect(done.Locator("[data-testid=download-mp4]")).ToHaveAttributeAsync("download", "Анна_Мария-2026-11-25-1405.mp4");
        await Expect(done.Locator("[data-testid=download-mp4]")).ToHaveAttributeAsync("aria-label", "MP4: скачать видео «Готовое видео»");
        await Expect(done.Locator("[data-testid=history-show]")).ToHaveAttributeAsync("aria-label", "Показать анимацию «Готовое видео»");
        await Expect(Field(page, "studio-text")).ToHaveAttributeAsync("placeholder", new Regex("Анна Мария"));

        // On a phone the result panel is far above the history: «Показать» brings it into view.
        await page.SetViewportSizeAsync(390, 844);
        await done.Locator("[data-testid=history-show]").ClickAsync();
        await Expect(page.Locator("[data-testid=result-video]")).ToHaveCountAsync(1);
        await page.WaitForFunctionAsync("() => { const r = document.querySelector('[data-testid=result]').getBoundingClientRect(); return r.top >= -1 && r.top < innerHeight / 2; }");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task TheEditDialogSpeaksRussianAndSavesOnEnterAndDeleteIsRedAndNamesTheAvatar()
    {
        var suffix = Guid.NewGuid().ToString()[..6];
        var id = await fx.CreateAvatarAsync($"Правка {suffix}");
        var page = await fx.OpenAsync("/");
        var card = page.Locator($"[data-avatar-id='{id}']");
        await Expect(card.Locator("[data-testid=delete-avatar]")).ToHaveAttributeAsync("aria-label", $"Удалить аватар «Правка {suffix}»");

        await card.Locator("[data-testid=edit-avatar]").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        var nameField = dialog.Locator("input[data-testid=edit-name], [data-testid=edit-name] input").First;
        await nameField.ClickAsync();
        await nameField.PressAsync("Control+A");
        await nameField.PressAsync("Backspace");
        await nameField.PressAsync("Tab");
        await Expect(nameField).ToHaveValueAsync("");
        await Expect(dialog).ToContainTextAsync("Укажите имя");
        await Expect(dialog).Not.ToContainTextAsync("Required");
        await nameField.FillAsync($"Новое {suffix}");
        await nameField.PressAsync("Enter");
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(card.Locator("[data-testid=avatar-name]")).ToHaveTextAsync($"Новое {suffix}");

        await card.Locator("[data-testid=delete-avatar]").ClickAsync();
        var confirm = page.Locator("[data-testid=delete-confirm]");
        await Expect(confirm).ToHaveAttributeAsync("aria-label", $"Удалить аватар «Новое {suffix}»");
        Assert.Equal("rgb(220, 38, 38)", await confirm.EvaluateAsync<string>("b => getComputedStyle(b).backgroundColor"));
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task APhotoOfTheWrongTypeOrTooManyPixelsIsRefusedAtPickBeforeAnyUpload()
    {
        var folder = Directory.CreateTempSubdirectory("vm-pick-").FullName;
        var gif = Path.Combine(folder, "anim.gif");
        await File.WriteAllBytesAsync(gif, Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"));
        var wide = Path.Combine(folder, "wide.png");
        using (var image = new Image<Rgb24>(9000, 8)) await image.SaveAsPngAsync(wide);
        var page = await fx.OpenAsync("/");
        var input = page.Locator("[data-testid=photo-input]");
        var error = page.Locator("[data-testid=upload-error]");

        await input.SetInputFilesAsync(gif);
        await Expect(error).ToHaveTextAsync(Messages.Get("UnsupportedImage", Russian));
        await Expect(error).ToHaveAttributeAsync("role", "alert");
        await input.SetInputFilesAsync(wide);
        await Expect(error).ToHaveTextAsync(Messages.Get("ImageDimensionsTooLarge", Russian, 9000, 8, 8192));
        await Expect(page.Locator("[data-testid=upload-submit]")).ToBeDisabledAsync();
        await Expect(page.Locator("[data-testid=upload-why]")).ToHaveTextAsync("Чтобы создать аватар, выберите фото.");
        await page.Context.CloseAsync();
        Directory.Delete(folder, recursive: true);
    }

    private async Task ScanAsync(IPage page, string name, List<string> problems)
    {
        await page.ScreenshotAsync(new() { Path = BrowserAppFixture.ScreenshotPath(name + ".png"), FullPage = !name.StartsWith("dialog") });
        foreach (var (impact, line) in await AccessibilityViolationsAsync(page))
        {
            output.WriteLine($"{name}: {line}");
            if (impact is "serious" or "critical") problems.Add($"{name}: {line}");
        }
    }

    // A completed, a failed and a running animation, as the job leaves them (the page only reads them).
    private void AddRows(int avatarId) => fx.App.WithDb(db =>
    {
        var at = new DateTime(2026, 11, 25, 14, 5, 0, DateTimeKind.Utc);
        db.Animations.AddRange(
            new Animation
            {
                AvatarId = avatarId, Text = "Готовое видео", RequestHash = Guid.NewGuid().ToString("N"), Status = AnimationStatus.Completed,
                Stage = AnimationStage.Done, Progress = 100, VideoFile = "animated-missing.mp4", AudioFile = "speech-missing.mp3",
                DurationSeconds = 1.5, CreatedAt = at, UpdatedAt = at,
            },
            new Animation
            {
                AvatarId = avatarId, Text = "Слишком далеко", RequestHash = Guid.NewGuid().ToString("N"), Status = AnimationStatus.Error,
                Stage = AnimationStage.Failed, ErrorCode = "FaceTooSmall", AudioFile = "speech-silent.mp3", CreatedAt = at.AddMinutes(1),
                UpdatedAt = at.AddMinutes(1),
            },
            new Animation
            {
                AvatarId = avatarId, Text = "Ещё в работе", RequestHash = Guid.NewGuid().ToString("N"), Status = AnimationStatus.Processing,
                Stage = "inference", Progress = 31, AudioFile = "speech-running.mp3", CreatedAt = at.AddMinutes(2), UpdatedAt = at.AddMinutes(2),
            });
        return db.SaveChanges();
    });

    /// Pixels of the 8 px margin that turned to the ring's colour between two shots, of all margin pixels.
    private static (int Ring, int Margin) RingPixels(byte[] before, byte[] after)
    {
        using var a = Image.Load<Rgb24>(before);
        using var b = Image.Load<Rgb24>(after);
        var ring = new Rgb24(91, 75, 219);
        int changed = 0, margin = 0;
        for (var y = 0; y < b.Height; y++)
            for (var x = 0; x < b.Width; x++)
            {
                // The band 3 to 5 px outside the zone: where a 3 px outline at 2 px offset lies.
                var d = Math.Min(Math.Min(x, y), Math.Min(b.Width - 1 - x, b.Height - 1 - y));
                if (d is < 3 or > 5) continue;
                margin++;
                var p = b[x, y];
                if (!a[x, y].Equals(p) && Math.Abs(p.R - ring.R) + Math.Abs(p.G - ring.G) + Math.Abs(p.B - ring.B) < 60) changed++;
            }
        return (changed, margin);
    }
}
