namespace VoiceMirror.Web.Components.Shared;

/// A circuit lives for minutes; its scoped DbContext would be shared by overlapping event handlers.
/// Each UI operation gets its own scope (and DbContext) instead. The circuit's user reaches that scope's CurrentOwner
/// through Access/CircuitUser (set around every UI event), so services there see only that user's rows.
public static class ScopedRun
{
    public static async Task<T> RunAsync<TService, T>(this IServiceScopeFactory scopes, Func<TService, Task<T>> work) where TService : notnull
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public static async Task RunAsync<TService>(this IServiceScopeFactory scopes, Func<TService, Task> work) where TService : notnull
    {
        await using var scope = scopes.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
