using Microsoft.Extensions.Options;

namespace VoiceMirror.Web.Webhooks;

public static class WebhookExtensions
{
    /// Every role: a worker finishes renders and sends their webhooks; a web node validates callbackUrls.
    public static void AddVoiceMirrorWebhooks(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookOptions>().Bind(builder.Configuration.GetSection(WebhookOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        builder.Services.AddSingleton<CallbackTargets>();
        builder.Services.AddScoped<WebhookSecrets>();
        builder.Services.AddScoped<WebhookDispatch>();
        builder.Services.AddScoped<WebhookJob>();
        builder.Services.AddHttpClient(WebhookJob.HttpClientName, (sp, client) =>
                client.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<WebhookOptions>>().Value.TimeoutSeconds))
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                // Every new connection dials an address the guard has checked; a proxy would hide the real target.
                ConnectCallback = sp.GetRequiredService<CallbackTargets>().ConnectAsync,
                UseProxy = false,
                AllowAutoRedirect = false, // a redirect is the receiver's business, not a second target to dial
                ConnectTimeout = TimeSpan.FromSeconds(5),
                PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            });
    }
}
