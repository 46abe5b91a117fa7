namespace VoiceMirror.Web.Hubs;

/// A minimal hot observable: every subscriber sees every value published after it subscribed.
/// A throwing subscriber is logged and does not stop the others.
public sealed class UpdateStream<T>(ILogger logger) : IObservable<T>
{
    private readonly Lock _gate = new();
    private IObserver<T>[] _observers = [];

    public IDisposable Subscribe(IObserver<T> observer)
    {
        lock (_gate) _observers = [.. _observers, observer];
        return new Subscription(this, observer);
    }

    public IDisposable Subscribe(Action<T> onNext) => Subscribe(new ActionObserver(onNext));

    public void Publish(T value)
    {
        foreach (var observer in Volatile.Read(ref _observers))
        {
            try { observer.OnNext(value); }
            catch (Exception e) { logger.LogError(e, "An update subscriber failed"); }
        }
    }

    private void Remove(IObserver<T> observer)
    {
        lock (_gate) _observers = _observers.Where(o => !ReferenceEquals(o, observer)).ToArray();
    }

    private sealed class Subscription(UpdateStream<T> owner, IObserver<T> observer) : IDisposable
    {
        public void Dispose() => owner.Remove(observer);
    }

    private sealed class ActionObserver(Action<T> onNext) : IObserver<T>
    {
        public void OnNext(T value) => onNext(value);
        public void OnError(Exception error) { }
        public void OnCompleted() { }
    }
}
