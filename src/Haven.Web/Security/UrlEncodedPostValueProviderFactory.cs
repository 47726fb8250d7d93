using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Haven.Web.Security;

/// <summary>
/// The form value provider, for url-encoded POST forms only: a multipart body, or a form sent with any other
/// method, binds nothing (and is never read).
/// </summary>
internal sealed class UrlEncodedPostValueProviderFactory : IValueProviderFactory
{
    private readonly FormValueProviderFactory _inner = new();

    public Task CreateValueProviderAsync(ValueProviderFactoryContext context)
    {
        var request = context.ActionContext.HttpContext.Request;
        return HttpMethods.IsPost(request.Method) && FormReading.IsUrlEncodedForm(request)
            ? _inner.CreateValueProviderAsync(context)
            : Task.CompletedTask;
    }
}
