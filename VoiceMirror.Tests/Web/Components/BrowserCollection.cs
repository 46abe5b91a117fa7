using Microsoft.Playwright;

namespace VoiceMirror.Tests.Web.Components;

/// One app and one Chromium for all browser tests: starting them is the slow part.
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserAppFixture>
{
    public const string Name = "Browser";

    /// A MudTextField's input or textarea by the data-testid given to the field.
    public static ILocator Field(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea").First;

    /// True when the page is wider than the window (a phone would scroll sideways).
    public static Task<bool> ScrollsSidewaysAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
}
