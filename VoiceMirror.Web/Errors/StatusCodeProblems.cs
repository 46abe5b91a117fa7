using Microsoft.AspNetCore.Diagnostics;
using VoiceMirror.Web.Localization;

namespace VoiceMirror.Web.Errors;

/// <summary>
/// Routing and content negotiation answer some bad API requests (unknown path, wrong method, a form where JSON
/// is expected) with an empty 404/405/415. API clients get the same localized ProblemDetails as for every other
/// refusal; the browser UI's own pages are left alone.
/// </summary>
public static class StatusCodeProblems
{
    private static readonly string[] ApiPrefixes = ["/avatar", "/voices", "/uploads", "/limits", "/webhooks"];

    public static void UseApiStatusCodeProblems(this WebApplication app) =>
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            var status = http.Response.StatusCode;
            if (!ApiPrefixes.Any(p => http.Request.Path.StartsWithSegments(p))) return;
            var (code, detail) = status switch
            {
                404 => ("RouteNotFound", Messages.Get("RouteNotFound", http.Request.Path.Value)),
                405 => ("MethodNotAllowed", Messages.Get("MethodNotAllowed", http.Request.Method, http.Request.Path.Value)),
                415 => ("UnsupportedMediaType", Messages.Get("UnsupportedMediaType")),
                _ => ("BadRequest", Messages.Get("BodyRequired")),
            };
            var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = ProblemExceptionHandler.Create(status, code, detail),
            });
        });
}
