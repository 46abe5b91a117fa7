namespace VoiceMirror.Engine.Pipeline;

public enum PipelineStage { Speech, Audio, Face, Inference, Composite, Encode, Done }

/// <summary>One progress report: the stage running now and the overall percent (0–100) of the whole render.</summary>
public readonly record struct PipelineProgress(PipelineStage Stage, double Percent);
