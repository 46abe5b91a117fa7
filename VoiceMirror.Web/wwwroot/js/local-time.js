// The server renders timestamps in UTC (it cannot know the reader's zone); this shows every
// <time data-local datetime="…Z"> in the browser's own time zone, in the page's language.
(function () {
    const selector = 'time[data-local]';
    const show = el => {
        const when = new Date(el.getAttribute('datetime'));
        if (isNaN(when)) return;
        el.textContent = when.toLocaleString(document.documentElement.lang || undefined, { dateStyle: 'short', timeStyle: 'short' });
    };
    const scan = root => { if (root.matches?.(selector)) show(root); root.querySelectorAll?.(selector).forEach(show); };
    new MutationObserver(changes => changes.forEach(change => {
        if (change.type === 'attributes') show(change.target);
        else change.addedNodes.forEach(node => { if (node.nodeType === 1) scan(node); });
    })).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['datetime'] });
    scan(document.documentElement);
})();
