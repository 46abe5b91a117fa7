using System.Numerics;
using System.Runtime.CompilerServices;

namespace VoiceMirror.Engine.Audio;

/// <summary>
/// Magnitude spectrum of a real signal of even length n, for any n (Wav2Lip's n_fft is 800 = 2^5·5^2,
/// not a power of two). The n real samples are packed as n/2 complex ones, transformed by a recursive
/// mixed-radix Cooley–Tukey FFT (radix 4, 2, then any prime), and unpacked into bins 0…n/2.
/// Tables are built once; <see cref="Magnitudes"/> allocates nothing and is safe to call concurrently.
/// </summary>
internal sealed class RealFft
{
    private static readonly double C1 = Math.Cos(2 * Math.PI / 5), C2 = Math.Cos(4 * Math.PI / 5);
    private static readonly double S1 = Math.Sin(2 * Math.PI / 5), S2 = Math.Sin(4 * Math.PI / 5);

    private readonly int _half;
    private readonly int[] _factors;
    private readonly Complex[] _roots;   // e^(-2πi·j/half): twiddles of the half-size complex FFT
    private readonly Complex[] _unpack;  // e^(-2πi·k/n): rotates the odd-sample spectrum into place

    public RealFft(int n)
    {
        if (n < 2 || n % 2 != 0) throw new ArgumentOutOfRangeException(nameof(n), "Length must be even and at least 2.");
        Length = n;
        _half = n / 2;
        _factors = Factor(_half);
        _roots = new Complex[_half];
        for (var j = 0; j < _half; j++) _roots[j] = Complex.FromPolarCoordinates(1, -2 * Math.PI * j / _half);
        _unpack = new Complex[_half + 1];
        for (var k = 0; k <= _half; k++) _unpack[k] = Complex.FromPolarCoordinates(1, -2 * Math.PI * k / n);
    }

    public int Length { get; }

    /// <summary>Length of the scratch span <see cref="Magnitudes"/> needs.</summary>
    public int ScratchLength => 2 * _half;

    /// <summary>|X[k]| for k = 0…n/2, X[k] = Σ x[j]·e^(-2πi·jk/n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // every render: see MelSpectrogram.Compute
    public void Magnitudes(ReadOnlySpan<double> x, Span<double> magnitudes, Span<Complex> scratch)
    {
        var packed = scratch[.._half];
        var spectrum = scratch.Slice(_half, _half);
        for (var j = 0; j < _half; j++) packed[j] = new Complex(x[2 * j], x[2 * j + 1]);
        Transform(packed, 1, spectrum, _half, 0);

        // Z = E + iO with E, O the spectra of the even and odd samples; X[k] = E[k] + e^(-2πik/n)·O[k].
        var minusHalfI = new Complex(0, -0.5);
        for (var k = 0; k <= _half; k++)
        {
            var a = spectrum[k % _half];
            var b = Complex.Conjugate(spectrum[(_half - k) % _half]);
            var even = (a + b) * 0.5;
            var odd = (a - b) * minusHalfI;
            var bin = even + _unpack[k] * odd;
            magnitudes[k] = Math.Sqrt(bin.Real * bin.Real + bin.Imaginary * bin.Imaginary);
        }
    }

    /// <summary>Decimation in time: output[0…n) = DFT of input[0], input[stride], … (n terms).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // every render: see MelSpectrogram.Compute
    private void Transform(ReadOnlySpan<Complex> input, int stride, Span<Complex> output, int n, int level)
    {
        var p = _factors[level];
        var m = n / p;
        Span<Complex> t = p <= 16 ? stackalloc Complex[p] : new Complex[p];
        if (m == 1)
        {
            for (var q = 0; q < p; q++) t[q] = input[q * stride];
            Butterfly(t);
            t.CopyTo(output);
            return;
        }

        for (var q = 0; q < p; q++)
            Transform(input[(q * stride)..], stride * p, output.Slice(q * m, m), m, level + 1);

        // Combine p sub-transforms of length m: twiddle by e^(-2πi·qk/n), then a length-p DFT.
        var twiddleStep = _half / n;
        for (var k = 0; k < m; k++)
        {
            t[0] = output[k];
            for (var q = 1; q < p; q++) t[q] = output[q * m + k] * _roots[q * k * twiddleStep];
            Butterfly(t);
            for (var s = 0; s < p; s++) output[s * m + k] = t[s];
        }
    }

    /// <summary>In-place length-p DFT; radix 2, 4 and 5 (the factors of 400) written out, others generic.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // every render: see MelSpectrogram.Compute
    private void Butterfly(Span<Complex> t)
    {
        switch (t.Length)
        {
            case 1:
                return;
            case 2:
            {
                var a = t[0];
                t[0] = a + t[1];
                t[1] = a - t[1];
                return;
            }
            case 4:
            {
                Complex a0 = t[0] + t[2], a1 = t[0] - t[2], a2 = t[1] + t[3], d = t[1] - t[3];
                var a3 = new Complex(d.Imaginary, -d.Real); // d·(−i)
                t[0] = a0 + a2;
                t[1] = a1 + a3;
                t[2] = a0 - a2;
                t[3] = a1 - a3;
                return;
            }
            case 5:
            {
                Complex b1 = t[1] + t[4], b2 = t[2] + t[3], d1 = t[1] - t[4], d2 = t[2] - t[3];
                Complex r1 = t[0] + C1 * b1 + C2 * b2, r2 = t[0] + C2 * b1 + C1 * b2;
                Complex i1 = S1 * d1 + S2 * d2, i2 = S2 * d1 - S1 * d2;
                t[0] += b1 + b2;
                t[1] = new Complex(r1.Real + i1.Imaginary, r1.Imaginary - i1.Real); // r1 − i·i1
                t[4] = new Complex(r1.Real - i1.Imaginary, r1.Imaginary + i1.Real); // r1 + i·i1
                t[2] = new Complex(r2.Real + i2.Imaginary, r2.Imaginary - i2.Real);
                t[3] = new Complex(r2.Real - i2.Imaginary, r2.Imaginary + i2.Real);
                return;
            }
            default:
                GenericButterfly(t);
                return;
        }
    }

    private void GenericButterfly(Span<Complex> t)
    {
        var p = t.Length;
        var radixStep = _half / p;
        Span<Complex> x = p <= 16 ? stackalloc Complex[p] : new Complex[p];
        for (var s = 0; s < p; s++)
        {
            var sum = Complex.Zero;
            for (var q = 0; q < p; q++) sum += t[q] * _roots[q * s % p * radixStep];
            x[s] = sum;
        }
        x.CopyTo(t);
    }

    private static int[] Factor(int n)
    {
        var factors = new List<int>();
        while (n % 4 == 0) { factors.Add(4); n /= 4; }
        while (n % 2 == 0) { factors.Add(2); n /= 2; }
        for (var f = 3; f * f <= n; f += 2)
            while (n % f == 0) { factors.Add(f); n /= f; }
        if (n > 1 || factors.Count == 0) factors.Add(n);
        return factors.ToArray();
    }
}
