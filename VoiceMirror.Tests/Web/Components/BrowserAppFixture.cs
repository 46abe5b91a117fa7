using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Playwright;

namespace VoiceMirror.Tests.Web.Components;

/// The real app on a Kestrel loopback port (temp SQLite, Hangfire, uploads, tiny models) and one headless
/// Chromium for one test class. Each test opens its own browser context (own cookies, own viewport).
/// A subclass may add Chromium flags and prepare the app's settings before it starts.
public class BrowserAppFixture : IAsyncLifetime
{
    private readonly IReadOnlyList<string> _extraArgs;
    private IPlaywright? _playwright;

    public BrowserAppFixture() : this([]) { }

    protected BrowserAppFixture(IReadOnlyList<string> extraArgs) => _extraArgs = extraArgs;

    public VoiceMirrorAppFactory App { get; } = new BrowserAppFactory();
    public Uri BaseUrl { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(BrowserFactAttribute.ChromiumPath)) return; // every test skips
        await BeforeStartAsync();
        BaseUrl = App.StartKestrel();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = BrowserFactAttribute.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", .. _extraArgs],
        });
    }

    /// Runs before the app starts: the place to change <see cref="VoiceMirrorAppFactory.Settings"/>.
    protected virtual Task BeforeStartAsync() => Task.CompletedTask;

    /// A page at desktop size unless told otherwise, already interactive (the Blazor circuit is up).
    public async Task<IPage> OpenAsync(string path, int width = 1280, int height = 800, string? timezoneId = null)
    {
        var context = await Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height }, BaseURL = BaseUrl.ToString(), TimezoneId = timezoneId,
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await GoToAsync(page, path);
        return page;
    }

    public static async Task GoToAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.Locator("[data-interactive]").WaitForAsync();
    }

    /// Creates an avatar through the public API (the UI path is tested on its own).
    public async Task<int> CreateAvatarAsync(string name, string image = "astronaut.png")
    {
        using var http = new HttpClient { BaseAddress = BaseUrl };
        using var form = new MultipartFormDataContent();
        var bytes = new ByteArrayContent(await File.ReadAllBytesAsync(VoiceMirrorAppFactory.TestDataPath("images", image)));
        bytes.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(bytes, "image", image);
        form.Add(new StringContent(name), "name");
        using var response = await http.PostAsync("avatar/upload", form);
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<Created>();
        return created!.Id;
    }

    /// artifacts/screenshots at the repository root (found by walking up to VoiceMirror.sln).
    public static string ScreenshotPath(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "VoiceMirror.sln"))) dir = dir.Parent;
        var folder = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    public virtual async Task DisposeAsync()
    {
        if (_playwright is not null)
        {
            await Browser.DisposeAsync();
            _playwright.Dispose();
        }
        await App.DisposeAsync();
    }

    private sealed record Created(int Id);
}
