using Microsoft.AspNetCore.Mvc;
using VoiceMirror.Engine.Animators;

namespace VoiceMirror.Web.Api;

/// The animation engines this server has, for clients that let users choose one.
[ApiController]
[Route("engines")]
[Tags(AvatarController.Tag)]
[Produces("application/json")]
public sealed class EnginesController(AnimatorCatalog engines) : ControllerBase
{
    /// <summary>List the animation engines: id, name, licence, whether it can render here, and why not.</summary>
    /// <remarks>Pass an id as `engine` to POST /avatar/animate; without it the server's default applies (`auto`: Wav2Lip
    /// where installed, the built-in mirror engine otherwise).</remarks>
    [HttpGet]
    [ProducesResponseType<EngineDto[]>(StatusCodes.Status200OK)]
    public IEnumerable<EngineDto> List() => engines.List().Select(EngineDto.From);
}

/// <param name="Id" example="mirror">Value for `engine` in POST /avatar/animate.</param>
/// <param name="Name" example="VoiceMirror Mirror">Display name.</param>
/// <param name="Licence" example="Apache-2.0">Licence of the engine's model weights.</param>
/// <param name="Available" example="true">Installed and able to render on this server.</param>
/// <param name="Reason" example="">Why it is unavailable (English, with how to install it); null when available.</param>
public sealed record EngineDto(string Id, string Name, string Licence, bool Available, string? Reason)
{
    public static EngineDto From(AnimatorInfo a) => new(a.Id, a.Name, a.Licence, a.Available, a.UnavailableReason);
}
