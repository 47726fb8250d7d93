using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace Haven.Web.Security;

/// <inheritdoc cref="EncodedRedirectExecutor"/>
internal sealed class EncodedLocalRedirectExecutor(LocalRedirectResultExecutor inner) : IActionResultExecutor<LocalRedirectResult>
{
    public Task ExecuteAsync(ActionContext context, LocalRedirectResult result) =>
        inner.ExecuteAsync(context, new LocalRedirectResult(LocalUrl.ForLocation(result.Url), result.Permanent, result.PreserveMethod));
}
