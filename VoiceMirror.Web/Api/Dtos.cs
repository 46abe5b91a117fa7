using System.Globalization;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Localization;
using VoiceMirror.Web.Storage;

namespace VoiceMirror.Web.Api;

/// <summary>Contract §1 response.</summary>
/// <param name="Id" example="1">Avatar id.</param>
/// <param name="Name" example="Мой аватар">Avatar name.</param>
/// <param name="ImageUrl" example="http://localhost:3000/uploads/avatar-3f9c2a7d01b4e856.jpg">The stored photo (JPEG, metadata removed).</param>
/// <param name="Message" example="Аватар успешно создан">Confirmation in the request's language.</param>
/// <param name="Description" example="Описание аватара">Optional description.</param>
/// <param name="Face">Where the face was found in the stored photo.</param>
public sealed record AvatarCreatedDto(int Id, string Name, string ImageUrl, string Message, string Description, FaceDto Face);

/// <param name="X" example="180">Left edge, pixels.</param>
/// <param name="Y" example="60">Top edge, pixels.</param>
/// <param name="Width" example="150">Pixels.</param>
/// <param name="Height" example="150">Pixels.</param>
public sealed record FaceDto(int X, int Y, int Width, int Height);

/// <summary>Contract §2 item.</summary>
/// <param name="Id" example="1">Avatar id.</param>
/// <param name="Name" example="Мой аватар">Avatar name.</param>
/// <param name="ImageUrl" example="http://localhost:3000/uploads/avatar-3f9c2a7d01b4e856.jpg">The stored photo.</param>
/// <param name="Description" example="Описание аватара">Empty when none was given.</param>
/// <param name="CreatedAt" example="2024-01-01T00:00:00Z">UTC.</param>
/// <param name="UpdatedAt" example="2024-01-01T00:00:00Z">UTC.</param>
/// <param name="Face">Where the face was found in the stored photo.</param>
public sealed record AvatarDto(int Id, string Name, string ImageUrl, string Description, DateTime CreatedAt, DateTime UpdatedAt, FaceDto Face)
{
    public static AvatarDto From(Avatar a, MediaStore media, string baseUrl) =>
        new(a.Id, a.Name, media.Url(a.ImageFile, baseUrl), a.Description ?? "", a.CreatedAt, a.UpdatedAt,
            new FaceDto(a.FaceX, a.FaceY, a.FaceWidth, a.FaceHeight));
}

/// <summary>Contract §3 request.</summary>
/// <param name="AvatarId" example="1">The avatar that speaks.</param>
/// <param name="Text" example="Привет! Меня зовут Виктор.">What it says.</param>
/// <param name="VoiceId" example="espeak-ru">Optional; absent means the default voice (chosen from the text's script).</param>
/// <param name="Engine" example="mirror">Optional: mirror (built in) or wav2lip (where installed); absent = the server's default (see GET /engines).</param>
/// <param name="Liveliness" example="true">Optional: blinks and slight head motion (default true); false keeps everything but the mouth still.</param>
/// <param name="CallbackUrl" example="https://example.com/hooks/voicemirror">Optional https URL: when the render completes or fails,
/// the status JSON is POSTed there, signed (see GET /webhooks/secret). Loopback and private addresses are refused.</param>
public sealed record AnimateRequest(int AvatarId, string? Text, string? VoiceId, string? Engine = null, bool? Liveliness = null, string? CallbackUrl = null);

/// <summary>Name and description edits (beyond the contract, for the UI); a null field is left as it is.</summary>
/// <param name="Name" example="Виктор">New name.</param>
/// <param name="Description" example="Ведущий новостей">New description.</param>
public sealed record UpdateAvatarRequest(string? Name, string? Description);

/// <summary>Contract §3/§4 shape, plus progress, stage, error, durationSeconds.</summary>
/// <param name="Id" example="1">Animation id.</param>
/// <param name="AvatarId" example="1">Its avatar.</param>
/// <param name="AudioUrl" example="http://localhost:3000/uploads/speech-9b1d0c44a2e37f10.mp3">The synthesised speech (exists as soon as the request returns).</param>
/// <param name="VideoUrl" example="http://localhost:3000/uploads/animated-5e0f7a12c9d84b36.mp4">"" until status is completed.</param>
/// <param name="Text" example="Привет! Меня зовут Виктор.">The spoken text.</param>
/// <param name="Status" example="processing">processing, completed or error.</param>
/// <param name="CreatedAt" example="2024-01-01T00:00:00Z">UTC.</param>
/// <param name="Progress" example="42">0–100.</param>
/// <param name="Stage" example="inference">queued, audio, face, inference, composite, encode, done, retrying, failed.</param>
/// <param name="Error" example="">Why it failed (request language), null unless status is error.</param>
/// <param name="ErrorCode" example="">Machine-readable reason (e.g. NoFace, ModelMissing), null unless status is error.</param>
/// <param name="DurationSeconds" example="5.4">Video length once completed.</param>
/// <param name="VoiceId" example="espeak-ru">The voice that spoke.</param>
/// <param name="CompletedAt" example="2024-01-01T00:00:40Z">UTC, once completed.</param>
/// <param name="Engine" example="mirror">The engine that renders it: mirror or wav2lip.</param>
/// <param name="Liveliness" example="true">Whether blinks and head motion are on.</param>
public sealed record AnimationDto(
    int Id, int AvatarId, string AudioUrl, string VideoUrl, string Text, string Status, DateTime CreatedAt,
    int Progress, string Stage, string? Error, string? ErrorCode, double? DurationSeconds, string? VoiceId, DateTime? CompletedAt,
    string? Engine, bool Liveliness)
{
    /// <param name="culture">Language of the error text; the request's (CurrentUICulture) when null.</param>
    public static AnimationDto From(Animation a, MediaStore media, string baseUrl, CultureInfo? culture = null)
    {
        var completed = a.Status == AnimationStatus.Completed;
        var failed = a.Status == AnimationStatus.Error;
        return new(a.Id, a.AvatarId, media.Url(a.AudioFile, baseUrl), completed ? media.Url(a.VideoFile, baseUrl) : "",
            a.Text, a.Status, a.CreatedAt, a.Progress, a.Stage,
            failed ? Messages.Get(a.ErrorCode ?? "RenderFailed", culture ?? CultureInfo.CurrentUICulture) : null, failed ? a.ErrorCode : null,
            a.DurationSeconds, a.VoiceId, a.CompletedAt, a.Engine, a.Liveliness);
    }
}
