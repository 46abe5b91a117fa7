using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using VoiceMirror.Web.Access;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Errors;
using VoiceMirror.Web.Limits;
using VoiceMirror.Web.Localization;
using VoiceMirror.Web.Storage;

namespace VoiceMirror.Web.Api;

/// The /avatar contract (docs/avatar-api.md) plus edit and delete for the UI. Each caller sees only their own rows
/// (everything in Open mode): another user's id answers 404 like one that does not exist.
[ApiController]
[Route("avatar")]
[Tags(Tag)]
[Produces("application/json")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status500InternalServerError, "application/problem+json")]
public sealed class AvatarController(VoiceMirrorDbContext db, MediaStore media, CurrentOwner owner) : ControllerBase
{
    public const string Tag = "🎭 Аватар и анимация лица";

    private string BaseUrl => media.BaseUrl(Request);

    /// <summary>Upload a face photo and create an avatar.</summary>
    /// <remarks>JPG or PNG (decided from the bytes), at most 5 MB, exactly one face that is not too small.
    /// The photo is stored upright as a JPEG without metadata.</remarks>
    /// <param name="image">The photo file.</param>
    /// <param name="name" example="Мой аватар">The avatar's name (required, at most 100 characters).</param>
    /// <param name="description" example="Описание аватара">Optional description.</param>
    [HttpPost("upload")]
    [EnableRateLimiting(LimitsExtensions.Upload)]
    [Consumes("multipart/form-data")]
    [ReadUploadForm]
    [ProducesResponseType<AvatarCreatedDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public async Task<AvatarCreatedDto> Upload(
        [FromServices] AvatarService avatars, IFormFile? image, [FromForm] string? name, [FromForm] string? description, CancellationToken ct)
    {
        await using var photo = image?.OpenReadStream();
        var avatar = await avatars.CreateAsync(photo, image?.Length ?? 0, image?.FileName, name, description, ct);
        var dto = AvatarDto.From(avatar, media, BaseUrl);
        return new AvatarCreatedDto(dto.Id, dto.Name, dto.ImageUrl, Messages.Get("AvatarCreated"), dto.Description, dto.Face);
    }

    /// <summary>List avatars, newest first.</summary>
    [HttpGet]
    [ProducesResponseType<AvatarDto[]>(StatusCodes.Status200OK)]
    public async Task<IEnumerable<AvatarDto>> List(CancellationToken ct)
    {
        var all = await db.Avatars.VisibleTo(owner).AsNoTracking().OrderByDescending(a => a.Id).ToListAsync(ct);
        return all.Select(a => AvatarDto.From(a, media, BaseUrl));
    }

    /// <summary>One avatar.</summary>
    [HttpGet("{id:int}")]
    [ProducesResponseType<AvatarDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<AvatarDto> Get(int id, CancellationToken ct)
    {
        var avatar = await db.Avatars.VisibleTo(owner).AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct)
            ?? throw ApiProblemException.NotFound("AvatarNotFound", id);
        return AvatarDto.From(avatar, media, BaseUrl);
    }

    /// <summary>Rename an avatar or change its description (fields left null stay as they are).</summary>
    [HttpPut("{id:int}")]
    [HttpPatch("{id:int}")]
    [Consumes("application/json")]
    [ProducesResponseType<AvatarDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<AvatarDto> Update(int id, [FromBody] UpdateAvatarRequest? request, [FromServices] AvatarService avatars, CancellationToken ct)
    {
        var avatar = await avatars.UpdateAsync(id, request ?? throw ApiProblemException.BadRequest("BodyRequired"), ct);
        return AvatarDto.From(avatar, media, BaseUrl);
    }

    /// <summary>Delete an avatar with its photo, its animations and their files.</summary>
    [HttpDelete("{id:int}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<NoContentResult> Delete(int id, [FromServices] AvatarService avatars, CancellationToken ct)
    {
        await avatars.DeleteAsync(id, ct);
        return NoContent();
    }

    /// <summary>Make the avatar speak a text: the speech is ready at once, the video is rendered in the background.</summary>
    /// <remarks>Text with no letter or digit ("...") is refused before synthesis (400, code NothingToPronounce).
    /// An identical request (same avatar, text, voice, engine and liveliness) returns the animation already completed or in progress.
    /// Poll /avatar/animations/{id}/status or subscribe on the SignalR hub /hubs/animations.</remarks>
    [HttpPost("animate")]
    [EnableRateLimiting(LimitsExtensions.Animate)]
    [Consumes("application/json")]
    [ProducesResponseType<AnimationDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status502BadGateway, "application/problem+json")]
    public async Task<AnimationDto> Animate([FromBody] AnimateRequest? request, [FromServices] AnimationService animations, CancellationToken ct)
    {
        var animation = await animations.StartAsync(request ?? throw ApiProblemException.BadRequest("BodyRequired"), BaseUrl, ct);
        return AnimationDto.From(animation, media, BaseUrl);
    }

    /// <summary>Status of one animation; videoUrl is "" until status is completed.</summary>
    [HttpGet("animations/{id:int}/status")]
    [ProducesResponseType<AnimationDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<AnimationDto> Status(int id, CancellationToken ct)
    {
        var animation = await db.Animations.VisibleTo(owner).AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct)
            ?? throw ApiProblemException.NotFound("AnimationNotFound", id);
        return AnimationDto.From(animation, media, BaseUrl);
    }

    /// <summary>All animations of an avatar, newest first.</summary>
    [HttpGet("{avatarId:int}/animations")]
    [ProducesResponseType<AnimationDto[]>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IEnumerable<AnimationDto>> Animations(int avatarId, CancellationToken ct)
    {
        if (!await db.Avatars.VisibleTo(owner).AnyAsync(a => a.Id == avatarId, ct)) throw ApiProblemException.NotFound("AvatarNotFound", avatarId);
        var list = await db.Animations.AsNoTracking().Where(a => a.AvatarId == avatarId).OrderByDescending(a => a.Id).ToListAsync(ct);
        return list.Select(a => AnimationDto.From(a, media, BaseUrl));
    }
}
