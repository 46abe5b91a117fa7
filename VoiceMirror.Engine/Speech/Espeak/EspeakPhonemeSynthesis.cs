using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace VoiceMirror.Engine.Speech.Espeak;

/// <summary>Speech from libespeak-ng: 16-bit mono samples at the library's rate and the phonemes it spoke.</summary>
internal sealed record EspeakAudio(short[] Samples, int SampleRate, IReadOnlyList<PhonemeMark> Phonemes)
{
    public double Seconds => Samples.Length / (double)SampleRate;
}

/// <summary>
/// Synthesis through libespeak-ng in synchronous mode with phoneme events switched on at initialisation.
/// The library keeps one global state and one callback, so every call runs under one lock; the callback
/// writes into the collector of the call that holds it.
/// </summary>
internal static class EspeakPhonemeSynthesis
{
    private static readonly Lock Gate = new();
    // A static delegate: the native side keeps the pointer for the life of the process.
    private static readonly EspeakLibrary.SynthCallback Callback = OnSynth;
    private static int _sampleRate;
    private static Collector? _current;

    /// <exception cref="DllNotFoundException">libespeak-ng.so.1 is not installed.</exception>
    /// <exception cref="EngineException">SpeechFailed: the library could not start, or refused the voice or text.</exception>
    public static EspeakAudio Synthesize(string text, string espeakVoice, CancellationToken ct)
    {
        lock (Gate)
        {
            EnsureInitialized();
            if (EspeakLibrary.SetVoiceByName(Utf8z(espeakVoice)) != 0)
                throw new EngineException(EngineError.SpeechFailed, $"libespeak-ng has no voice '{espeakVoice}'.");
            // No espeak_SetParameter(espeakRATE, 175): the CLI never calls it without -s, and calling it, even with the
            // nominal default, changes the timing (measured: 45 ms shorter sentences) so the audio would differ from the CLI's.

            var collector = new Collector(ct);
            _current = collector;
            try
            {
                var bytes = Utf8z(text);
                var status = EspeakLibrary.Synth(bytes, (UIntPtr)bytes.Length, 0, EspeakLibrary.PositionCharacter, 0,
                    EspeakLibrary.CharsUtf8 | EspeakLibrary.Phonemes | EspeakLibrary.EndPause, IntPtr.Zero, IntPtr.Zero);
                EspeakLibrary.Synchronize();
                ct.ThrowIfCancellationRequested();
                if (status != 0 || collector.Failure is not null)
                    throw new EngineException(EngineError.SpeechFailed,
                        $"libespeak-ng synthesis failed (status {status}). {collector.Failure?.Message}".Trim(), collector.Failure);
            }
            finally
            {
                _current = null;
            }
            return new EspeakAudio(collector.Samples(), _sampleRate, collector.Phonemes);
        }
    }

    private static void EnsureInitialized()
    {
        if (_sampleRate > 0) return;
        var rate = EspeakLibrary.Initialize(EspeakLibrary.AudioOutputSynchronous, 0, IntPtr.Zero,
            EspeakLibrary.InitializePhonemeEvents | EspeakLibrary.InitializeDontExit);
        if (rate <= 0)
            throw new EngineException(EngineError.SpeechFailed, $"libespeak-ng could not initialise (returned {rate}).");
        EspeakLibrary.SetSynthCallback(Callback);
        _sampleRate = rate;
    }

    private static int OnSynth(IntPtr wav, int sampleCount, IntPtr events)
    {
        var collector = _current;
        if (collector is null) return 1;
        try
        {
            if (collector.Cancellation.IsCancellationRequested) return 1;
            for (var e = events; e != IntPtr.Zero; e += Marshal.SizeOf<EspeakLibrary.Event>())
            {
                var ev = Marshal.PtrToStructure<EspeakLibrary.Event>(e);
                if (ev.Type == EspeakLibrary.EventListTerminated) break;
                if (ev.Type == EspeakLibrary.EventPhoneme)
                    collector.Phonemes.Add(new PhonemeMark(ev.AudioPositionMs / 1000.0, PhonemeName(ev.Id)));
            }
            if (wav != IntPtr.Zero && sampleCount > 0) collector.Append(wav, sampleCount);
            return 0;
        }
        catch (Exception e)
        {
            // Nothing may unwind into native code: remember the failure and ask the library to stop.
            collector.Failure = e;
            return 1;
        }
    }

    /// <summary>The union's char[8]: UTF-8, zero-terminated unless all 8 bytes are used.</summary>
    internal static string PhonemeName(ulong id)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, id);
        var length = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(length < 0 ? bytes : bytes[..length]);
    }

    private static byte[] Utf8z(string s) => Encoding.UTF8.GetBytes(s + "\0");

    private sealed class Collector(CancellationToken ct)
    {
        private short[] _samples = new short[1 << 16];
        private int _count;

        public CancellationToken Cancellation => ct;

        public List<PhonemeMark> Phonemes { get; } = [];
        public Exception? Failure { get; set; }

        public void Append(IntPtr wav, int count)
        {
            if (_count + count > _samples.Length) Array.Resize(ref _samples, Math.Max(_samples.Length * 2, _count + count));
            Marshal.Copy(wav, _samples, _count, count);
            _count += count;
        }

        public short[] Samples() => _samples[.._count];
    }
}
