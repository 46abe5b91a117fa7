using System.Text.Json;
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

    /// Runs axe-core (vendored in TestData/axe) on the page as it is now; returns the violations as
    /// "impact rule: help @ first elements" lines, each with its impact first.
    public static async Task<IReadOnlyList<(string Impact, string Line)>> AccessibilityViolationsAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => !!window.axe"))
            await page.AddScriptTagAsync(new() { Path = VoiceMirrorAppFactory.TestDataPath("axe", "axe.min.js") });
        var found = await page.EvaluateAsync<JsonElement>("""
            async () => (await axe.run(document, { resultTypes: ['violations'] })).violations.map(v => ({
                impact: v.impact || 'unknown',
                line: v.impact + ' ' + v.id + ': ' + v.help + ' @ ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ') }))
            """);
        return found.EnumerateArray().Select(v => (v.GetProperty("impact").GetString()!, v.GetProperty("line").GetString()!)).ToList();
    }

    /// Presses Tab until the focused element matches the selector (or is inside a match), as a keyboard user would.
    public static async Task TabToAsync(IPage page, string selector, int maxPresses = 80)
    {
        for (var i = 0; i < maxPresses; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => !!document.activeElement && !!document.activeElement.closest(s)", selector)) return;
        }
        var at = await page.EvaluateAsync<string>("() => document.activeElement ? document.activeElement.outerHTML.slice(0, 200) : 'nothing'");
        throw new Xunit.Sdk.XunitException($"{maxPresses} presses of Tab never reached {selector}; focus is on {at}");
    }

    /// The computed outline of the element that has focus: "style width color".
    public static Task<string> FocusedOutlineAsync(IPage page, string? ofSelector = null) =>
        page.EvaluateAsync<string>("""
            s => { const e = s ? document.querySelector(s) : document.activeElement; const c = getComputedStyle(e);
                   return c.outlineStyle + ' ' + c.outlineWidth + ' ' + c.outlineColor; }
            """, ofSelector);
}
