using System.Runtime.InteropServices;

namespace VoiceMirror.Engine.Speech.Espeak;

/// <summary>
/// The parts of libespeak-ng's C API (speak_lib.h, 1.51) that synthesis with phoneme events needs.
/// Every call must hold <see cref="EspeakPhonemeSynthesis"/>'s lock: the library is one global state.
/// </summary>
internal static class EspeakLibrary
{
    private const string Library = "libespeak-ng.so.1";

    public const int AudioOutputSynchronous = 2;
    public const int InitializePhonemeEvents = 0x0001;
    // Without this flag a missing espeak-ng-data directory makes the library call exit() on our process.
    public const int InitializeDontExit = 0x8000;
    public const int PositionCharacter = 1;
    public const int CharsUtf8 = 1;
    // The CLI's own synth flags (espeak-ng.c): [[…]] phoneme input and a pause at the end of the text.
    // Using the same ones is what makes the library's audio byte-identical to the CLI's.
    public const int Phonemes = 0x100;
    public const int EndPause = 0x1000;

    public const int EventListTerminated = 0;
    public const int EventPhoneme = 7;

    /// <summary>int callback(short* wav, int numsamples, espeak_EVENT* events); return 1 to abort synthesis.</summary>
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int SynthCallback(IntPtr wav, int sampleCount, IntPtr events);

    /// <summary>espeak_EVENT on LP64: 24 bytes of ints, a pointer, then an 8-byte union (40 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Event
    {
        public int Type;
        public uint UniqueIdentifier;
        public int TextPosition;
        public int Length;
        public int AudioPositionMs;
        public int Sample;
        public IntPtr UserData;
        public ulong Id; // union { int number; const char* name; char string[8]; }
    }

    /// <returns>The sample rate in Hz, or -1 when the data directory cannot be read.</returns>
    [DllImport(Library, EntryPoint = "espeak_Initialize")]
    public static extern int Initialize(int output, int bufferLengthMs, IntPtr path, int options);

    [DllImport(Library, EntryPoint = "espeak_SetSynthCallback")]
    public static extern void SetSynthCallback(SynthCallback callback);

    [DllImport(Library, EntryPoint = "espeak_SetVoiceByName")]
    public static extern int SetVoiceByName(byte[] nameUtf8);

    [DllImport(Library, EntryPoint = "espeak_Synth")]
    public static extern int Synth(byte[] textUtf8, UIntPtr size, uint position, int positionType, uint endPosition,
        int flags, IntPtr uniqueIdentifier, IntPtr userData);

    [DllImport(Library, EntryPoint = "espeak_Synchronize")]
    public static extern int Synchronize();
}
