using Haven.Files;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Haven.Web.Files;

/// <summary>Raises the request body limit for pages marked <see cref="StreamedUploadAttribute"/>.</summary>
internal static class UploadLimits
{
    public static IApplicationBuilder UseUploadLimits(this IApplicationBuilder app) => app.Use(static (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<StreamedUploadAttribute>() is not null
            && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = context.RequestServices.GetRequiredService<IOptions<AttachmentOptions>>().Value.MaxUploadBytes;
        }

        return next(context);
    });
}
