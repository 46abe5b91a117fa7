namespace VoiceMirror.Engine.Vision;

/// <summary>A detected face in image pixels: top-left corner, size and detector confidence in [0,1].</summary>
public readonly record struct FaceBox(int X, int Y, int Width, int Height, float Score);
