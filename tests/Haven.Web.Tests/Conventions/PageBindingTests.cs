using System.Reflection;
using Haven.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Tests.Conventions;

/// <summary>
/// Each form binds only its own input. A page-wide bound property is bound for every POST handler of the page,
/// so on a page with several forms one form's handler would take, and show again, another form's fields: such a
/// page binds through its handlers' parameters (names, or a small input model) and keeps no bound property.
/// </summary>
public sealed class PageBindingTests
{
    [Fact]
    public void A_page_model_with_more_than_one_post_handler_has_no_page_wide_bound_property()
    {
        var pages = typeof(HavenApp).Assembly.GetTypes().Where(t => typeof(PageModel).IsAssignableFrom(t) && !t.IsAbstract).ToList();
        var several = pages.Where(t => PostHandlers(t).Count > 1).ToList();
        Assert.True(several.Count >= 4, $"only {several.Count} pages with several POST handlers found");
        var offenders = several.SelectMany(BoundProperties).ToList();
        Assert.True(offenders.Count == 0, "bound for every handler: " + string.Join(", ", offenders));
    }

    [Fact]
    public void The_rule_sees_a_bound_property_and_a_page_that_binds_them_all()
    {
        Assert.Equal(2, PostHandlers(typeof(TwoForms)).Count);
        Assert.Equal(["TwoForms.Text"], BoundProperties(typeof(TwoForms)));
        Assert.Equal(["BoundForms (BindProperties)"], BoundProperties(typeof(BoundForms)));
        Assert.Empty(BoundProperties(typeof(HandlerInputs)));
    }

    private static List<MethodInfo> PostHandlers(Type page) =>
        page.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.Name.StartsWith("OnPost", StringComparison.Ordinal)).ToList();

    /// <summary>The page-wide bound properties of a page, and the page itself when it binds every property.</summary>
    private static IEnumerable<string> BoundProperties(Type page)
    {
        if (page.GetCustomAttribute<BindPropertiesAttribute>(inherit: true) is not null)
        {
            yield return $"{page.Name} (BindProperties)";
        }

        foreach (var property in page.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
        {
            if (property.GetCustomAttributes(inherit: true).Any(a => a is BindPropertyAttribute or IBindingSourceMetadata))
            {
                yield return $"{page.Name}.{property.Name}";
            }
        }
    }

    private sealed class TwoForms : PageModel
    {
        [BindProperty]
        public string? Text { get; set; }

        public void OnPostOne()
        {
        }

        public void OnPostTwo()
        {
        }
    }

    [BindProperties]
    private sealed class BoundForms : PageModel
    {
        public string? Text { get; set; }
    }

    private sealed class HandlerInputs : PageModel
    {
        public string? Text { get; private set; }

        public void OnPostOne(string? text) => Text = text;

        public void OnPostTwo(string? text) => Text = text;
    }
}
