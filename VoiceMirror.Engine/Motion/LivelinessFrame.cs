namespace VoiceMirror.Engine.Motion;

/// <summary>
/// Liveliness in one video frame. <see cref="Blink"/>: eyelid closure, 0 open to 1 shut (the renderer draws it).
/// The rest is a whole-frame head motion for <see cref="HeadMotion.Apply"/>: <see cref="RollDegrees"/> counter-clockwise
/// on screen about the face centre; <see cref="ShiftX"/> / <see cref="ShiftY"/> as fractions of the frame's width /
/// height (x right, y down); <see cref="Scale"/> a zoom factor, 1 = none.
/// </summary>
public readonly record struct LivelinessFrame(float Blink, float RollDegrees, float ShiftX, float ShiftY, float Scale)
{
    /// <summary>Eyes open, head still: <see cref="HeadMotion.Apply"/> copies the frame unchanged.</summary>
    public static readonly LivelinessFrame Still = new(0, 0, 0, 0, 1);

    /// <summary>False when the head does not move, whatever the eyes do.</summary>
    public bool MovesHead => RollDegrees != 0 || ShiftX != 0 || ShiftY != 0 || Scale != 1;
}
