namespace Haven.Web.Security;

/// <summary>
/// Refuses a body whose declared length is over the limit before anything reads it, so that the person
/// gets a clear 413 page instead of a form that fails half-way.
/// </summary>
internal static class RequestSizeCheck
{
    public static IApplicationBuilder UseRequestSizeCheck(this IApplicationBuilder app) => app.Use(static (context, next) =>
    {
        var limit = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (limit is not null && context.Request.ContentLength > limit && context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            context.Response.Headers.Connection = "close";
            return Task.CompletedTask;
        }

        return next(context);
    });
}
