using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;
using VoiceMirror.Web.Errors;

namespace VoiceMirror.Web.Api;

/// Reads the multipart form before model binding, under limits derived from VoiceMirror:Upload, so an oversized
/// body becomes a 413 ProblemDetails (model binding would otherwise swallow the error into a generic 400).
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadUploadFormAttribute : Attribute, IAsyncResourceFilter
{
    // Room for the name, description and multipart boundaries on top of the image itself.
    private const long FormOverhead = 64 * 1024;

    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var http = context.HttpContext;
        var limits = http.RequestServices.GetRequiredService<IOptions<UploadOptions>>().Value;
        var maxBody = limits.MaxImageBytes + FormOverhead;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            bodySize.MaxRequestBodySize = maxBody;
        if (http.Request.ContentLength > maxBody) throw TooLarge(limits);

        if (http.Request.HasFormContentType)
        {
            var options = new FormOptions { MultipartBodyLengthLimit = maxBody, ValueLengthLimit = (int)FormOverhead };
            http.Features.Set<IFormFeature>(new FormFeature(http.Request, options));
            try
            {
                await http.Request.ReadFormAsync(http.RequestAborted);
            }
            catch (InvalidDataException) { throw TooLarge(limits); }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { throw TooLarge(limits); }
        }
        await next();
    }

    private static ApiProblemException TooLarge(UploadOptions limits) =>
        new(StatusCodes.Status413PayloadTooLarge, "ImageTooLarge", limits.MaxImageMegabytes);
}
