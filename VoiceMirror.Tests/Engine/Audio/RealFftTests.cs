using System.Numerics;
using VoiceMirror.Engine.Audio;

namespace VoiceMirror.Tests.Engine.Audio;

public sealed class RealFftTests
{
    [Theory]
    [InlineData(800)]   // Wav2Lip's n_fft: half = 400 = 4·4·5·5
    [InlineData(2)]
    [InlineData(16)]
    [InlineData(42)]    // half = 21 = 3·7
    [InlineData(46)]    // half = 23, a prime radix
    [InlineData(60)]    // half = 30 = 2·3·5
    public void MagnitudesMatchANaiveDft(int n)
    {
        var random = new Random(n);
        var x = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var fft = new RealFft(n);
        var magnitudes = new double[n / 2 + 1];

        fft.Magnitudes(x, magnitudes, new Complex[fft.ScratchLength]);

        for (var k = 0; k <= n / 2; k++)
        {
            var sum = Complex.Zero;
            for (var j = 0; j < n; j++) sum += x[j] * Complex.FromPolarCoordinates(1, -2 * Math.PI * (j * k % n) / n);
            Assert.Equal(sum.Magnitude, magnitudes[k], 9);
        }
    }

    [Fact]
    public void CosineAtBinFiveHasAllItsEnergyInBinFive()
    {
        var x = Enumerable.Range(0, 800).Select(j => Math.Cos(2 * Math.PI * 5 * j / 800)).ToArray();
        var fft = new RealFft(800);
        var magnitudes = new double[401];

        fft.Magnitudes(x, magnitudes, new Complex[fft.ScratchLength]);

        Assert.Equal(400, magnitudes[5], 9);
        Assert.All(magnitudes.Where((_, k) => k != 5), m => Assert.True(m < 1e-9));
    }

    [Fact]
    public void OddLengthIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RealFft(801));
}
