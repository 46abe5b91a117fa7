using Microsoft.JSInterop;

namespace VoiceMirror.Web.Components.Shared;

/// The RU/EN switch must reload the page (a circuit's culture is fixed when it starts). A page with unsaved input
/// registers it here; the switch keeps it, and the scroll position, in the tab's sessionStorage, and the page
/// takes it back after the reload. One per circuit.
public sealed class DraftKeeper(IJSRuntime js)
{
    private (string Key, Func<string> Capture)? _draft;

    public IDisposable Register(string key, Func<string> capture)
    {
        _draft = (key, capture);
        return new Registration(this, key);
    }

    public async Task KeepAsync()
    {
        if (_draft is { } draft) await js.InvokeVoidAsync("vmUi.keep", draft.Key, draft.Capture());
        await js.InvokeVoidAsync("vmUi.saveScroll");
    }

    public ValueTask<string?> TakeAsync(string key) => js.InvokeAsync<string?>("vmUi.take", key);

    public ValueTask RestoreScrollAsync() => js.InvokeVoidAsync("vmUi.restoreScroll");

    private sealed class Registration(DraftKeeper keeper, string key) : IDisposable
    {
        public void Dispose()
        {
            if (keeper._draft?.Key == key) keeper._draft = null;
        }
    }
}
