using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Net.Http.Headers;

namespace Haven.Web.Security;

/// <summary>
/// The framework never reads a form by itself, with any method, on any page. Its multipart reader buffers
/// every file part over 64 KiB to an <c>ASPNETCORE_*.tmp</c> file in the temporary folder, in plaintext, and
/// throws on a <c>filename*=utf-7''</c> part; only <see cref="Files.StreamingForm"/> may read a multipart
/// body. Four locks, each enough alone for what it covers:
/// <list type="number">
/// <item>a form body comes only with a POST, and a GET or HEAD has no body at all
/// (<see cref="FormEncoding.UseFormEncodingCheck"/> refuses the rest before anything reads them);</item>
/// <item>model binding reads only url-encoded POST forms (<see cref="UrlEncodedPostValueProviderFactory"/>,
/// which <see cref="FormEncoding"/> has already read into memory); the framework's own form, jQuery-form and
/// form-file value providers are removed;</item>
/// <item>antiforgery refuses a request whose token it would have to look for in a multipart body
/// (<see cref="FormSafeAntiforgery"/>);</item>
/// <item>the framework's multipart reader is configured to refuse every body before reading a byte
/// (<see cref="FormOptions.MultipartBoundaryLengthLimit"/> is 0, so every boundary is too long).</item>
/// </list>
/// </summary>
internal static class FormReading
{
    public static IServiceCollection AddHavenFormReading(this IServiceCollection services)
    {
        services.PostConfigure<MvcOptions>(o =>
        {
            var factories = o.ValueProviderFactories;
            var at = factories.IndexOf(factories.OfType<FormValueProviderFactory>().FirstOrDefault()!);
            factories.RemoveType<FormValueProviderFactory>();
            factories.RemoveType<JQueryFormValueProviderFactory>();
            factories.RemoveType<FormFileValueProviderFactory>();
            factories.Insert(Math.Max(at, 0), new UrlEncodedPostValueProviderFactory());
        });
        services.PostConfigure<FormOptions>(o =>
        {
            o.MultipartBoundaryLengthLimit = 0;
            o.BufferBody = false;
        });

        // Wraps whichever IAntiforgery the framework registered (AddAntiforgery has run by now).
        var original = services.LastOrDefault(d => d.ServiceType == typeof(IAntiforgery) && d.ImplementationType is not null)
            ?? throw new InvalidOperationException("AddAntiforgery must come before AddHavenFormReading.");
        services.Remove(original);
        services.AddSingleton<IAntiforgery>(sp => new FormSafeAntiforgery((IAntiforgery)ActivatorUtilities.CreateInstance(sp, original.ImplementationType!)));
        return services;
    }

    /// <summary>Whether the request is a url-encoded form (the only kind the framework may read, and only on a POST).</summary>
    public static bool IsUrlEncodedForm(HttpRequest request) =>
        request.HasFormContentType
        && MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
}
