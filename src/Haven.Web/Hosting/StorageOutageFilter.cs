using Haven.Storage;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Hosting;

/// <summary>
/// The one place that turns a storage failure (<see cref="StorageFailure"/>) during a form's POST into a
/// localized 503 with <c>Retry-After</c> and the same page with everything typed, instead of a bare 500 that
/// loses the text. Only pages that implement <see cref="IKeepsTypedForm"/> are answered this way; any other
/// request reaches the exception handler, which answers a storage failure with the 503 error page
/// (<see cref="Security.ErrorStatus"/>). The log line names the kind of failure and the exception's type,
/// never its message or anything from the form.
/// </summary>
internal sealed partial class StorageOutageFilter : IAsyncPageFilter
{
    /// <summary>Seconds a browser is told to wait before sending again.</summary>
    public const string RetryAfterSeconds = "60";

    public const string ErrorKey = "Error_StorageUnavailable";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        var http = executed.HttpContext;
        if (executed.Exception is not { } exception || executed.ExceptionHandled || http.RequestAborted.IsCancellationRequested
            || !HttpMethods.IsPost(http.Request.Method) || executed.HandlerInstance is not IKeepsTypedForm page
            || StorageFailure.Classify(exception) is var kind && kind == StorageFailureKind.None)
        {
            return;
        }

        var logger = http.RequestServices.GetRequiredService<ILogger<StorageOutageFilter>>();
        LogOutage(logger, kind, exception.GetType().Name);
        if (kind == StorageFailureKind.Unavailable)
        {
            StorageServiceCollectionExtensions.ClearPostgresPool(http.RequestServices.GetRequiredService<DataDirectory>());
        }

        executed.ExceptionHandled = true;
        await page.ShowStorageProblemAsync(ErrorKey, http.RequestAborted);
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = RetryAfterSeconds;
        executed.Result = new PageResult();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage unavailable ({Kind}, {Type}): a form was answered 503 and shown back to its sender.")]
    private static partial void LogOutage(ILogger logger, StorageFailureKind kind, string type);
}
