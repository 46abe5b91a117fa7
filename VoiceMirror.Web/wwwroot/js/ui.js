// Small browser-side helpers the Blazor components call through JS interop.
window.vmUi = {
    // Sign-in and sign-out set cookies, which a Blazor circuit cannot: the page posts JSON here and then reloads.
    // Returns null on success, else the server's localized reason.
    account: async (path, body) => {
        const response = await fetch(path, {
            method: 'POST', credentials: 'same-origin',
            headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body ?? {}),
        });
        if (response.ok) return null;
        try { return (await response.json()).detail ?? String(response.status); } catch { return String(response.status); }
    },
    // The RU/EN switch reloads the page: what the user typed waits in sessionStorage (this tab only) until the new page takes it.
    keep: (key, value) => sessionStorage.setItem(key, value),
    take: key => {
        const value = sessionStorage.getItem(key);
        sessionStorage.removeItem(key);
        return value;
    },
    saveScroll: () => sessionStorage.setItem('vm-scroll:' + location.pathname, String(Math.round(window.scrollY))),
    // The page grows while its data loads, so the saved position is retried for a short while.
    restoreScroll: () => {
        const key = 'vm-scroll:' + location.pathname;
        const saved = sessionStorage.getItem(key);
        if (saved === null) return;
        sessionStorage.removeItem(key);
        const y = Number(saved), until = Date.now() + 3000;
        const go = () => {
            window.scrollTo(0, y);
            if (Math.abs(window.scrollY - y) > 2 && Date.now() < until) setTimeout(go, 50);
        };
        go();
    },
    // On a phone the result panel sits above the history, out of sight: bring it into view.
    reveal: selector => {
        const el = document.querySelector(selector);
        if (!el) return;
        const rect = el.getBoundingClientRect();
        if (rect.top >= 0 && rect.top < window.innerHeight / 2) return;
        const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
        el.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
    },
    // Type, size and pixel size of the picked photo, read in the browser before any byte goes to the server.
    inspectImage: input => {
        const file = input && input.files && input.files[0];
        if (!file) return null;
        return new Promise(done => {
            const url = URL.createObjectURL(file);
            const img = new Image();
            const finish = (width, height) => { URL.revokeObjectURL(url); done({ type: file.type, size: file.size, width, height }); };
            img.onload = () => finish(img.naturalWidth, img.naturalHeight);
            img.onerror = () => finish(0, 0);
            img.src = url;
        });
    },
};

// MudBlazor 8 renders its dialogs as role=dialog with neither a name nor aria-modal: screen readers would announce
// "dialog" and nothing else. Each dialog is named by its own title as it appears.
new MutationObserver(() => document.querySelectorAll('.mud-dialog[role=dialog]:not([aria-labelledby])').forEach(dialog => {
    const title = dialog.querySelector('.mud-dialog-title');
    if (!title) return;
    if (!title.id) title.id = (dialog.id || 'vm-dialog') + '-title';
    dialog.setAttribute('aria-labelledby', title.id);
    dialog.setAttribute('aria-modal', 'true');
})).observe(document.documentElement, { childList: true, subtree: true });
