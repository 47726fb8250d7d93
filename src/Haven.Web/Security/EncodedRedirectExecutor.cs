using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace Haven.Web.Security;

/// <summary>
/// Every redirect result, whatever page returns it, goes out with its URL encoded for the header
/// (<see cref="LocalUrl.Encode"/>), so that no value from a request can make the <c>Location</c> header throw
/// (a 500) or carry a raw control character; a local redirect that is not local leads to <c>/</c>.
/// </summary>
internal sealed class EncodedRedirectExecutor(RedirectResultExecutor inner) : IActionResultExecutor<RedirectResult>
{
    public Task ExecuteAsync(ActionContext context, RedirectResult result) =>
        inner.ExecuteAsync(context, new RedirectResult(LocalUrl.Encode(result.Url), result.Permanent, result.PreserveMethod));
}
