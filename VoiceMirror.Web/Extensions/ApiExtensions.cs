using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.FileProviders;
using VoiceMirror.Web.Api;
using VoiceMirror.Web.Errors;
using VoiceMirror.Web.Storage;

namespace VoiceMirror.Web.Extensions;

public static class ApiExtensions
{
    public static readonly CultureInfo[] Cultures = [new("ru"), new("en")];

    public static void AddVoiceMirrorApi(this WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<UploadOptions>(UploadOptions.Section);
        builder.AddValidatedOptions<AnimationOptions>(AnimationOptions.Section);

        builder.Services.AddScoped<AvatarService>();
        builder.Services.AddScoped<AnimationService>();
        builder.Services.AddSingleton<Voices.VoicePreviewCache>();
        builder.Services.AddSingleton<Voices.VoiceLibrary>();

        builder.Services.AddControllers()
            .AddJsonOptions(o => o.JsonSerializerOptions.Converters.Add(new UtcDateTimeConverter()))
            .ConfigureApiBehaviorOptions(o => o.InvalidModelStateResponseFactory = InvalidModelState);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
            c.ProblemDetails.Extensions.TryAdd("traceId", c.HttpContext.TraceIdentifier));
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddRequestLocalization(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("ru");
            o.SupportedCultures = o.SupportedUICultures = Cultures;
            o.FallBackToParentCultures = o.FallBackToParentUICultures = true;
        });
        builder.AddVoiceMirrorSwagger();
    }

    public static void UseVoiceMirrorApi(this WebApplication app)
    {
        // Localization first: the exception handler runs outside the inner middleware and needs the culture too.
        app.UseRequestLocalization();
        app.UseExceptionHandler();
        app.UseApiStatusCodeProblems();
        var media = app.Services.GetRequiredService<MediaStore>();
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(media.UploadsPath), RequestPath = "/uploads" });
        app.UseVoiceMirrorSwagger();
        app.MapControllers().RequireAuthorization(AccessExtensions.UserPolicy);
    }

    // Malformed JSON or form values: the same localized ProblemDetails as every other refusal.
    private static IActionResult InvalidModelState(ActionContext context)
    {
        var problem = ProblemExceptionHandler.Create(StatusCodes.Status400BadRequest, "BodyRequired", Localization.Messages.Get("BodyRequired"));
        problem.Extensions["errors"] = context.ModelState.Where(e => e.Value?.Errors.Count > 0)
            .ToDictionary(e => e.Key, e => e.Value!.Errors.Select(x => x.ErrorMessage).ToArray());
        return new ObjectResult(problem) { StatusCode = 400, ContentTypes = { "application/problem+json" } };
    }
}
