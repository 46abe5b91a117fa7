namespace VoiceMirror.Engine.Animators.Mirror;

/// <summary>
/// The mouth in one frame. <see cref="Open"/>: 0 = lips together (silence, п/б/м), 1 = widest (а).
/// <see cref="Spread"/>: -1 = rounded and pushed forward (о/у/w), 0 = neutral, +1 = spread (и/э/ee).
/// </summary>
public readonly record struct MouthPose(float Open, float Spread)
{
    public static readonly MouthPose Closed = new(0, 0);
}
