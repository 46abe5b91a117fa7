using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using VoiceMirror.Web.Access;

namespace VoiceMirror.Web.Limits;

/// The limits in force, so that API clients can pace themselves instead of discovering them through 429s.
[ApiController]
[Route("limits")]
[Tags("🚦 Ограничения")]
[Produces("application/json")]
public sealed class LimitsController(IOptions<LimitsOptions> options, RenderSlots slots, CurrentOwner owner) : ControllerBase
{
    /// <summary>The request limits and the render cap that apply to the caller, with the caller's renders in flight.</summary>
    [HttpGet]
    [ProducesResponseType<LimitsDto>(StatusCodes.Status200OK)]
    public async Task<LimitsDto> Get(CancellationToken ct) =>
        LimitsDto.From(options.Value, await slots.ActiveAsync(owner.Id, ct));
}

/// <summary>The limits that apply to the caller (a class: records may not have a member named Clone).</summary>
public sealed class LimitsDto
{
    /// <summary>POST /avatar/animate.</summary>
    public required WindowLimitDto Animate { get; init; }
    /// <summary>POST /avatar/upload.</summary>
    public required WindowLimitDto Upload { get; init; }
    /// <summary>POST /voices/clone.</summary>
    public required WindowLimitDto Clone { get; init; }
    /// <summary>Animations queued or rendering at once; 0 = no cap.</summary>
    /// <example>3</example>
    public int MaxConcurrentRenders { get; init; }
    /// <summary>The caller's animations queued or rendering now.</summary>
    /// <example>1</example>
    public int ActiveRenders { get; init; }

    public static LimitsDto From(LimitsOptions o, int active) => new()
    {
        Animate = WindowLimitDto.From(o.Animate), Upload = WindowLimitDto.From(o.Upload), Clone = WindowLimitDto.From(o.Clone),
        MaxConcurrentRenders = o.MaxConcurrentRenders, ActiveRenders = active,
    };
}

/// <param name="PermitLimit" example="20">Requests per window; 0 = no limit.</param>
/// <param name="WindowSeconds" example="60">Window length in seconds.</param>
public sealed record WindowLimitDto(int PermitLimit, int WindowSeconds)
{
    public static WindowLimitDto From(WindowLimit l) => new(l.PermitLimit, l.WindowSeconds);
}
