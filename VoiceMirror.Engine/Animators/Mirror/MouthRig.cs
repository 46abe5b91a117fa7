using System.Numerics;
using VoiceMirror.Engine.Vision.FaceMesh;

namespace VoiceMirror.Engine.Animators.Mirror;

/// <summary>
/// Moves mesh points for a <see cref="MouthPose"/>. Everything is measured in the face frame from the lip seam (the
/// line midway between the inner lips) and precomputed per point as weights, so a pose costs one multiply-add per
/// point. These fields add up:
/// closing — the photo's own inner-lip gap is shut (upper half of it pulled down, lower half up, fading over the
/// lips), so Open 0 means touching lips even on a smiling photo;
/// opening — the jaw (lower lip, chin, jaw line) drops by 3/4 of the wanted gap and the upper lip lifts by 1/4,
/// both shaped by a half-ellipse across the mouth that widens toward the chin, fading to nothing at the nose base
/// and at the jaw hinge;
/// spread — the corners move out (и/э) or in (о/у), the lips between them proportionally, fading over the cheeks;
/// pout — rounded lips also grow fuller, their outer contours moving away from the inner ones, and lose the smile;
/// rest — shut (and nearly shut) lips lose the smile as well, when the photo smiled with parted lips.
/// </summary>
internal sealed class MouthRig
{
    /// <summary>Inner-lip gap at Open 1, as a fraction of the face height (forehead 10 to chin 152).</summary>
    public const float MaxGap = 0.15f;
    private const float UpperShare = 0.25f;
    private const float SpreadOut = 0.10f, SpreadIn = 0.3f;
    /// <summary>How much fuller (each lip, fraction of the face height) fully rounded lips look.</summary>
    private const float Pout = 0.012f;
    /// <summary>Openings below this take the smile out of the lips, fully at Open 0.</summary>
    private const float RestBelow = 0.1f;

    private readonly FaceAxes _axes;
    private readonly float _halfWidth;
    // How much the rest pose flattens: only a smile with parted lips needs it; lips that touch rest as they are, and
    // a level mouth closes fine on its own.
    private readonly float _rest;
    private readonly float[] _close, _side, _upper, _lower, _spread, _pout, _flatten;

    /// <param name="points">Source mesh points; the first 468 are the face landmarks, any further ones (a skirt) get weights too.</param>
    public MouthRig(ReadOnlySpan<Vector2> points)
    {
        var centre = (points[13] + points[14]) / 2;
        _axes = FaceAxes.Of(points, centre);
        var h = _axes.Height;

        var upper = _axes.ContourSortedByU(points, FaceMeshTopology.InnerLipUpper);
        var lower = _axes.ContourSortedByU(points, FaceMeshTopology.InnerLipLower);
        var left = _axes.ToFace(points[61]).X;
        var right = _axes.ToFace(points[291]).X;
        _halfWidth = MathF.Max((right - left) / 2, 0.05f * h);
        var mid = (left + right) / 2;
        var cornerLeft = MathF.Min(upper[0].X, lower[0].X);
        var cornerRight = MathF.Max(upper[^1].X, lower[^1].X);
        // The opening tapers to the inner corners (78, 308), which lie inside the outer ones (61, 291).
        var innerHalfWidth = MathF.Max((cornerRight - cornerLeft) / 2, 0.04f * h);

        float Seam(float u) => (Shape.AtU(upper, u) + Shape.AtU(lower, u)) / 2;
        // Lips already together measure a hair apart where the two contours' samples interleave; closing that
        // would resample a still photo for nothing.
        var touching = MathF.Min(0.5f, 0.004f * h);
        float Gap(float u) => u <= cornerLeft || u >= cornerRight ? 0f : MathF.Max(0f, Shape.AtU(lower, u) - Shape.AtU(upper, u) - touching);

        var seamMid = Seam(mid);
        var smile = seamMid - (Seam(cornerLeft) + Seam(cornerRight)) / 2;
        _rest = Shape.SmoothStep(0.01f * h, 0.03f * h, Gap(mid)) * Shape.SmoothStep(0.01f * h, 0.03f * h, smile);
        // Nose base (subnasale, 2) and chin (152) depth from the seam bound what moves.
        var noseDepth = Math.Clamp(seamMid - _axes.ToFace(points[2]).Y, 0.05f * h, 0.2f * h);
        var chinDepth = Math.Clamp(_axes.ToFace(points[152]).Y - seamMid, 0.12f * h, 0.4f * h);
        var lowerLipScale = 0.1f * h;

        var outerUpper = _axes.ContourSortedByU(points, FaceMeshTopology.OuterLipUpper);
        var outerLower = _axes.ContourSortedByU(points, FaceMeshTopology.OuterLipLower);
        var skinReach = 0.06f * h;

        var n = points.Length;
        _close = new float[n];
        _side = new float[n];
        _upper = new float[n];
        _lower = new float[n];
        _spread = new float[n];
        _pout = new float[n];
        _flatten = new float[n];
        for (var i = 0; i < n; i++)
        {
            var p = _axes.ToFace(points[i]);
            var s = MathF.Abs(p.X - mid) / _halfWidth;
            var si = MathF.Abs(p.X - mid) / innerHalfWidth;
            var vs = p.Y - Seam(p.X);
            var g0 = Gap(p.X);

            // Which jaw a point rides with. Lip points are known by topology: when the photo's lips touch, upper and
            // lower inner-lip points sit on the same line and only their labels can pull them apart. Elsewhere the
            // seam decides; the fields all vanish where the seam runs out past the corners, so this is no tear.
            var side = i < FaceLandmarks.Count ? LipSide(i) : -1f;
            if (side < 0f) side = vs < 0 ? 0f : 1f;
            _side[i] = side;

            var closeUp = g0 / 2 * (1f - Shape.SmoothStep(g0 / 2, g0 / 2 + 0.8f * noseDepth, -vs));
            var closeDown = -g0 / 2 * (1f - Shape.SmoothStep(g0 / 2, g0 / 2 + lowerLipScale, vs));
            _close[i] = (1f - side) * closeUp + side * closeDown;

            var above = Math.Clamp(-vs / noseDepth, 0f, 1f);
            _upper[i] = Shape.Lens(si / (1f + 0.6f * above), 1f) * (1f - Shape.SmoothStep(0f, noseDepth, -vs - g0 / 2));
            // Lens-shaped at the lips; toward the chin wider (the jaw turns as one) and with a soft edge at the jaw line.
            var depth = Shape.SmoothStep(0f, chinDepth, vs);
            _lower[i] = Shape.Lens(si / (1f + 1.3f * depth), 0.8f + 1.2f * depth);

            var across = s <= 1f ? s : 1f - Shape.SmoothStep(1f, 2.2f, s);
            var reach = vs < 0 ? noseDepth : 0.8f * chinDepth;
            _spread[i] = MathF.Sign(p.X - mid) * across * (1f - Shape.SmoothStep(0f, reach, MathF.Abs(vs)));

            // A smile lifts the corners, and with them the seam the fields above are measured from; measured from
            // the seam's middle instead, nothing at or above the nose base may move.
            var belowNose = 1f - Shape.SmoothStep(0.75f * noseDepth, noseDepth, seamMid - p.Y);
            _close[i] *= belowNose;
            _upper[i] *= belowNose;
            _spread[i] *= belowNose;

            // Rounded lips push forward, which from the front makes them fuller: the outer contours move away from
            // the inner ones (which stay), and the skin just beyond gives way.
            if (side != 0.5f)
            {
                var inner = Shape.AtU(side < 0.5f ? upper : lower, p.X);
                var outerV = Shape.AtU(side < 0.5f ? outerUpper : outerLower, p.X);
                var thickness = MathF.Max(MathF.Abs(outerV - inner), 1f);
                var beyond = side < 0.5f ? outerV - p.Y : p.Y - outerV;
                var w = beyond <= 0f ? Math.Clamp(MathF.Abs(p.Y - inner) / thickness, 0f, 1f) : 1f - Shape.SmoothStep(0f, skinReach, beyond);
                _pout[i] = (side < 0.5f ? -w : w) * Shape.Lens(s, 1f) * belowNose;
            }

            // Rounding also takes the smile out of the mouth: the seam flattens toward the level of its middle. Both
            // lips move alike over the photo's gap, so lips that meet keep meeting.
            var reachV = vs < 0 ? noseDepth : chinDepth;
            _flatten[i] = (seamMid - Seam(Math.Clamp(p.X, cornerLeft, cornerRight))) * (1f - Shape.SmoothStep(1f, 1.8f, s))
                * (1f - Shape.SmoothStep(0f, reachV, MathF.Max(0f, MathF.Abs(vs) - g0 / 2))) * belowNose;
        }
    }

    public FaceAxes Axes => _axes;

    public float FaceHeight => _axes.Height;

    /// <summary>Adds this pose's displacement (pixels) of every point to <paramref name="displacement"/>.</summary>
    public void AddDisplacement(MouthPose pose, Span<Vector2> displacement)
    {
        var open = Math.Clamp(pose.Open, 0f, 1f);
        var spread = Math.Clamp(pose.Spread, -1f, 1f);
        // Lips pressed shut (п/б/м next to и/э or у) do not stay stretched, and keep only half their rounding: a
        // stretched or pouted shut mouth reads as parted.
        spread *= spread > 0f ? Shape.SmoothStep(0f, 0.15f, open) : 0.5f + 0.5f * Shape.SmoothStep(0f, 0.15f, open);
        var gap = MaxGap * _axes.Height * open;
        var lift = UpperShare * gap;
        var drop = gap - lift;
        var corner = _halfWidth * spread * (spread >= 0 ? SpreadOut : SpreadIn);
        var rounding = MathF.Max(0f, -spread);
        var pout = Pout * _axes.Height * rounding;
        // Lips pulled shut from a parted smile lose the smile too: its thin, upturned lips pressed together still
        // read as parted (the face mesh model put them 2–3 % of the face height apart), and a mouth at rest is
        // neutral anyway. It eases in over the smallest openings, so speech is not jerked between two shapes.
        var shut = _rest * (1f - Shape.SmoothStep(0f, RestBelow, open));
        var flatten = 1f - (1f - 0.9f * rounding) * (1f - shut);
        for (var i = 0; i < displacement.Length; i++)
        {
            var side = _side[i];
            var dv = _close[i] + side * drop * _lower[i] - (1f - side) * lift * _upper[i] + pout * _pout[i] + flatten * _flatten[i];
            displacement[i] += _axes.VectorToImage(corner * _spread[i], dv);
        }
    }

    private static float LipSide(int index)
    {
        if (index is 61 or 291 or 78 or 308) return 0.5f;
        if (FaceMeshTopology.OuterLipUpper.Contains(index) || FaceMeshTopology.InnerLipUpper.Contains(index)) return 0f;
        if (FaceMeshTopology.OuterLipLower.Contains(index) || FaceMeshTopology.InnerLipLower.Contains(index)) return 1f;
        return -1f;
    }
}
