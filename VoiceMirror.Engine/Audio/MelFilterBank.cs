namespace VoiceMirror.Engine.Audio;

/// <summary>
/// Slaney-style mel filter bank with area normalisation, the definition of librosa 0.7's
/// <c>filters.mel(htk=False, norm=1)</c> that Wav2Lip's audio.py uses (facts from its documentation).
/// </summary>
internal static class MelFilterBank
{
    // Slaney's scale: linear below 1 kHz (200/3 Hz per mel), logarithmic above (27 mels per factor 6.4).
    private const double LinearHzPerMel = 200.0 / 3.0;
    private const double BreakHz = 1000.0;
    private const double BreakMel = BreakHz / LinearHzPerMel;
    private static readonly double LogStep = Math.Log(6.4) / 27.0;

    internal static double HzToMel(double hz) =>
        hz < BreakHz ? hz / LinearHzPerMel : BreakMel + Math.Log(hz / BreakHz) / LogStep;

    internal static double MelToHz(double mel) =>
        mel < BreakMel ? mel * LinearHzPerMel : BreakHz * Math.Exp(LogStep * (mel - BreakMel));

    /// <summary>
    /// Weights [melCount, nFft/2+1]: triangle i rises from edge i to edge i+1 and falls to edge i+2, where the
    /// melCount+2 edges are evenly spaced in mel between fMin and fMax; each triangle is scaled by
    /// 2/(edge[i+2]-edge[i]) so its area is constant.
    /// </summary>
    internal static double[,] Create(int sampleRate, int nFft, int melCount, double fMin, double fMax)
    {
        var bins = nFft / 2 + 1;
        var edges = new double[melCount + 2];
        double melMin = HzToMel(fMin), melMax = HzToMel(fMax);
        for (var i = 0; i < edges.Length; i++)
            edges[i] = MelToHz(melMin + (melMax - melMin) * i / (melCount + 1));

        var weights = new double[melCount, bins];
        for (var i = 0; i < melCount; i++)
        {
            double lowWidth = edges[i + 1] - edges[i], highWidth = edges[i + 2] - edges[i + 1];
            var areaNorm = 2.0 / (edges[i + 2] - edges[i]);
            for (var k = 0; k < bins; k++)
            {
                var hz = (double)k * sampleRate / nFft;
                var rising = (hz - edges[i]) / lowWidth;
                var falling = (edges[i + 2] - hz) / highWidth;
                weights[i, k] = Math.Max(0, Math.Min(rising, falling)) * areaNorm;
            }
        }
        return weights;
    }
}
