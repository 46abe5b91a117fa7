using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Filters;
using VoiceMirror.Web.Errors;

namespace VoiceMirror.Web.Api;

/// Reads the clone form before model binding under the voice-sample limits, so an oversized body is a
/// 413 ProblemDetails naming the limit rather than a generic binding error.
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadVoiceSamplesFormAttribute : Attribute, IAsyncResourceFilter
{
    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var http = context.HttpContext;
        const long maxBody = VoicesController.MaxTotalMegabytes * 1024L * 1024L;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            bodySize.MaxRequestBodySize = maxBody;
        if (http.Request.ContentLength > maxBody) throw TooLarge();

        if (http.Request.HasFormContentType)
        {
            http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = maxBody }));
            try
            {
                await http.Request.ReadFormAsync(http.RequestAborted);
            }
            catch (InvalidDataException) { throw TooLarge(); }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { throw TooLarge(); }
        }
        await next();
    }

    private static ApiProblemException TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, "SamplesTooLarge", VoicesController.MaxTotalMegabytes);
}
