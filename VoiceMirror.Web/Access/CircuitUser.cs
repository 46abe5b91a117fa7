using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace VoiceMirror.Web.Access;

/// The signed-in user of a Blazor circuit, for the scopes its operations open (ScopedRun): those scopes have no
/// request and no AuthenticationStateProvider of their own. Set around every inbound activity of the circuit.
public sealed class CircuitUser(AuthenticationStateProvider auth) : CircuitHandler
{
    private static readonly AsyncLocal<ClaimsPrincipal?> Ambient = new();

    public static ClaimsPrincipal? Current => Ambient.Value;

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            Ambient.Value = (await auth.GetAuthenticationStateAsync()).User;
            await next(context);
        };
}
