// Why RealFft stays: the Wav2Lip mel with the engine's RealFft against the same mel with MathNet.Numerics' real FFT,
// for accuracy (max abs difference from the librosa reference in TestData) and speed (60 s of audio).
// Run: dotnet run -c Release --project tools/mel-fft-bench -- VoiceMirror.Tests/TestData/audio
// Not part of VoiceMirror.sln: MathNet is not a product dependency.
using System.Diagnostics;
using MathNet.Numerics.IntegralTransforms;
using VoiceMirror.Engine.Audio;

var root = args[0];
var samples = ReadPcm16(Path.Combine(root, "speech_ru_16k.wav"));
var reference = ReadReference(Path.Combine(root, "speech_ru_16k.mel.f32"));
Console.WriteLine($"speech: {samples.Length / 16000.0:F2} s; reference mel 80 x {reference.GetLength(1)}");
var check = MelSpectrogram.Compute(samples); Console.WriteLine($"frame 100 bins 0-2: {check[0,100]} {check[1,100]} {check[2,100]} / reference {reference[0,100]} {reference[1,100]} {reference[2,100]}");
Console.WriteLine($"RealFft  max abs error vs reference: {MaxAbs(MelSpectrogram.Compute(samples), reference):E3}");
Console.WriteLine($"MathNet  max abs error vs reference: {MaxAbs(MathNetMel.Compute(samples), reference):E3}");

var minute = new float[60 * 16000];
for (var i = 0; i < minute.Length; i++) minute[i] = samples[i % samples.Length];
foreach (var (name, mel) in new (string, Func<float[], float[,]>)[] { ("RealFft", s => MelSpectrogram.Compute(s)), ("MathNet", MathNetMel.Compute) })
{
    for (var i = 0; i < 3; i++) _ = mel(minute); // warm-up, tiered JIT
    var times = new List<double>();
    for (var i = 0; i < 10; i++)
    {
        var clock = Stopwatch.StartNew();
        mel(minute);
        times.Add(clock.Elapsed.TotalMilliseconds);
    }
    times.Sort();
    Console.WriteLine($"{name,-8} 60 s of audio: median {times[5]:F1} ms, best {times[0]:F1} ms (10 runs)");
}

static double MaxAbs(float[,] a, float[,] b)
{
    var frames = Math.Min(a.GetLength(1), b.GetLength(1));
    var max = 0.0;
    for (var m = 0; m < 80; m++) for (var f = 0; f < frames; f++) max = Math.Max(max, Math.Abs(a[m, f] - b[m, f]));
    return max;
}

static float[,] ReadReference(string path)
{
    var bytes = File.ReadAllBytes(path);
    var frames = bytes.Length / 4 / 80;
    var mel = new float[80, frames];
    for (var b = 0; b < 80; b++) for (var f = 0; f < frames; f++) mel[b, f] = BitConverter.ToSingle(bytes, (b * frames + f) * 4);
    return mel;
}

static float[] ReadPcm16(string path)
{
    var bytes = File.ReadAllBytes(path);
    var offset = 12;
    while (offset + 8 <= bytes.Length)
    {
        var id = System.Text.Encoding.ASCII.GetString(bytes, offset, 4);
        var size = BitConverter.ToInt32(bytes, offset + 4);
        if (id == "data")
        {
            var count = Math.Min(size, bytes.Length - offset - 8) / 2;
            var s = new float[count];
            for (var i = 0; i < count; i++) s[i] = BitConverter.ToInt16(bytes, offset + 8 + 2 * i) / 32768f;
            return s;
        }
        offset += 8 + size + (size & 1);
    }
    throw new InvalidDataException();
}

/// The same mel as MelSpectrogram.Compute with MathNet's real FFT (Bluestein for n = 800) in place of RealFft.
static class MathNetMel
{
    const int N = MelSpectrogram.FftSize, Hop = MelSpectrogram.Hop, Bands = MelSpectrogram.MelBands;
    static readonly double[] Window = MelSpectrogram.PeriodicHann(N);
    static readonly double[,] Bank = MelFilterBank.Create(16000, N, Bands, 55, 7600);
    static readonly (int First, double[] W)[] Sparse = Enumerable.Range(0, Bands).Select(b =>
    {
        int first = 0, last = N / 2;
        while (first < last && Bank[b, first] == 0) first++;
        while (last > first && Bank[b, last] == 0) last--;
        return (first, Enumerable.Range(first, last - first + 1).Select(k => Bank[b, k]).ToArray());
    }).ToArray();

    public static float[,] Compute(float[] samples)
    {
        var frames = 1 + samples.Length / Hop;
        var padded = MelSpectrogram.ReflectPad(MelSpectrogram.ApplyPreEmphasis(samples), N / 2);
        var mel = new float[Bands, frames];
        var data = new double[N + 2];
        var mag = new double[N / 2 + 1];
        for (var f = 0; f < frames; f++)
        {
            for (var j = 0; j < N; j++) data[j] = padded[f * Hop + j] * Window[j];
            data[N] = data[N + 1] = 0;
            Fourier.ForwardReal(data, N, FourierOptions.NoScaling);
            for (var k = 0; k <= N / 2; k++) mag[k] = Math.Sqrt(data[2 * k] * data[2 * k] + data[2 * k + 1] * data[2 * k + 1]);
            for (var b = 0; b < Bands; b++)
            {
                var (first, w) = Sparse[b];
                var sum = 0.0;
                for (var k = 0; k < w.Length; k++) sum += w[k] * mag[first + k];
                mel[b, f] = (float)MelSpectrogram.Normalize(sum);
            }
        }
        return mel;
    }
}
