using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi.Any;
using Microsoft.OpenApi.Models;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace VoiceMirror.Web.Extensions;

public static class SwaggerExtensions
{
    public static void AddVoiceMirrorSwagger(this WebApplicationBuilder builder)
    {
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "VoiceMirror Avatars",
                Version = "v1",
                Description = "Photo of a face + text → MP4 of that face speaking the text. Errors are RFC 9457 ProblemDetails " +
                    "in Russian by default, in English with Accept-Language: en. Progress is also pushed on the SignalR hub /hubs/animations.",
            });
            var xml = Path.Combine(AppContext.BaseDirectory, $"{Assembly.GetExecutingAssembly().GetName().Name}.xml");
            if (File.Exists(xml)) o.IncludeXmlComments(xml, includeControllerXmlComments: true);
            o.SchemaFilter<ProblemDetailsExample>();
            // Accounts mode: "Authorize" in Swagger UI sends a key from the API keys page with every call.
            o.AddSecurityDefinition("ApiKey", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-Api-Key",
                Description = "Accounts mode: an API key (or Authorization: Bearer <key>). Open mode needs none.",
            });
            o.AddSecurityRequirement(new OpenApiSecurityRequirement
            {
                [new OpenApiSecurityScheme { Reference = new OpenApiReference { Type = ReferenceType.SecurityScheme, Id = "ApiKey" } }] = [],
            });
        });
    }

    public static void UseVoiceMirrorSwagger(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "api";
            o.SwaggerEndpoint("/swagger/v1/swagger.json", "VoiceMirror Avatars v1");
            o.DocumentTitle = "VoiceMirror API";
        });
    }

    private sealed class ProblemDetailsExample : ISchemaFilter
    {
        public void Apply(OpenApiSchema schema, SchemaFilterContext context)
        {
            if (context.Type != typeof(ProblemDetails)) return;
            schema.Example = new OpenApiObject
            {
                ["type"] = new OpenApiString("https://tools.ietf.org/html/rfc9110#section-15.5.21"),
                ["title"] = new OpenApiString("Фото не подходит"),
                ["status"] = new OpenApiInteger(422),
                ["detail"] = new OpenApiString("На фото не найдено лицо. Загрузите фото, где лицо хорошо видно анфас."),
                ["code"] = new OpenApiString("NoFace"),
                ["traceId"] = new OpenApiString("0HN7KQ2B1UJ4S:00000001"),
            };
        }
    }
}
