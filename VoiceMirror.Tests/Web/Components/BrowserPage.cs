using Microsoft.Playwright;

namespace VoiceMirror.Tests.Web.Components;

/// Helpers for reading pages. Browser test classes join the "Web" collection (Hangfire's process-wide statics
/// allow one running app at a time) and each gets its own app and Chromium through IClassFixture.
public static class BrowserPage
{
    /// A MudTextField's input or textarea by the data-testid given to the field.
    public static ILocator Field(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea").First;

    /// Elements sticking out past the window's right edge (a phone would scroll sideways); empty when none.
    public static Task<string> OverflowingElementsAsync(IPage page) =>
        page.EvaluateAsync<string>("""
            () => document.documentElement.scrollWidth <= window.innerWidth + 1 ? '' :
                [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                    .slice(0, 5).map(e => e.tagName + '.' + e.className + ' right=' + Math.round(e.getBoundingClientRect().right)).join('; ')
            """);
}
