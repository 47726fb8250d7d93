using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Resources;
using System.Text.RegularExpressions;
using Haven.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Tests.Conventions;

public sealed partial class ConventionTests
{
    private static readonly Assembly Web = typeof(HavenApp).Assembly;

    private static IEnumerable<Type> PageModels => Web.GetTypes().Where(t => typeof(PageModel).IsAssignableFrom(t) && !t.IsAbstract);

    [Fact]
    public void Every_page_model_declares_its_authorization()
    {
        var models = PageModels.ToList();
        Assert.True(models.Count >= 15, $"only {models.Count} page models found");
        var undeclared = models.Where(t => t.GetCustomAttribute<AllowAnonymousAttribute>() is null && t.GetCustomAttribute<AuthorizeAttribute>() is null).Select(t => t.FullName).ToList();
        Assert.Empty(undeclared);
    }

    [Fact]
    public void Desk_pages_other_than_login_logout_and_signed_out_require_a_responder()
    {
        // The signed-out page acts on nothing: it only shows a form's text back to the browser that sent it.
        var open = PageModels.Where(t => t.Namespace!.EndsWith(".Desk", StringComparison.Ordinal) && t.GetCustomAttribute<AllowAnonymousAttribute>() is not null).Select(t => t.Name).Order().ToList();
        Assert.Equal(["LoginModel", "LogoutModel", "SignedOutModel"], open);
    }

    [Fact]
    public void No_page_opts_out_of_antiforgery_except_the_error_page_and_streamed_uploads_which_check_it_themselves()
    {
        var optedOut = PageModels.Where(t => t.GetCustomAttribute<IgnoreAntiforgeryTokenAttribute>() is not null && t.GetCustomAttribute<Haven.Web.Files.StreamedUploadAttribute>() is null).Select(t => t.Name).ToList();
        Assert.Equal(["ErrorModel"], optedOut);
    }

    [Fact]
    public void Streamed_upload_pages_have_one_post_handler_and_nothing_the_framework_would_bind_from_the_form()
    {
        var uploads = PageModels.Where(t => t.GetCustomAttribute<Haven.Web.Files.StreamedUploadAttribute>() is not null).ToList();
        Assert.NotEmpty(uploads);
        foreach (var page in uploads)
        {
            var posts = page.GetMethods().Where(m => m.Name.StartsWith("OnPost", StringComparison.Ordinal)).ToList();
            var post = Assert.Single(posts);
            // Any parameter, even a route value, makes the framework build its value providers, which read the whole form.
            Assert.Empty(post.GetParameters());
            Assert.Empty(page.GetProperties().Where(p => p.GetCustomAttribute<BindPropertyAttribute>() is not null || p.GetCustomAttribute<FromFormAttribute>() is not null).Select(p => p.Name));
            Assert.NotNull(page.GetCustomAttribute<IgnoreAntiforgeryTokenAttribute>());
        }
    }

    [Fact]
    public void Crypto_types_are_sealed_or_static()
    {
        var open = typeof(Haven.Crypto.Receipt).Assembly.GetExportedTypes().Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract).Select(t => t.FullName).ToList();
        Assert.Empty(open);
    }

    [Fact]
    public void Every_string_a_page_asks_for_exists()
    {
        var root = RepositoryRoot();
        var manager = new ResourceManager("Haven.Web.Resources.SharedResource", Web);
        var english = Keys(manager, CultureInfo.InvariantCulture);
        var used = new HashSet<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src", "Haven.Web", "Pages"), "*.*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);

            // A counted phrase (Plural.Of) is a family of keys; the check below accepts its English forms.
            used.UnionWith(PluralKey().Matches(text).Select(m => m.Groups[1].Value));
            foreach (Match match in LocalizerKey().Matches(text))
            {
                var key = match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value;
                if (!key.EndsWith('_'))
                {
                    used.Add(key);
                }
            }
        }

        // Keys built from values (Help_*, Kind_*, State_*, Urgency_*, Error_<code>_*) are checked against their domain lists.
        used.UnionWith(Haven.Intake.HelpKinds.All.Select(h => "Help_" + h));
        used.UnionWith(new[] { "request", "message", "reply" }.Select(k => "Kind_" + k));
        used.UnionWith(Enum.GetNames<Haven.Cases.CaseState>().Select(s => "State_" + s));
        used.UnionWith(Enum.GetNames<Haven.Cases.Urgency>().Select(s => "Urgency_" + s));
        foreach (var code in new[] { 400, 403, 404, 405, 408, 413, 415, 429, 431, 500, 503 })
        {
            used.Add($"Error_{code}_Title");
            used.Add($"Error_{code}_Body");
        }

        // A key exists plainly, or as the forms English's plural rule needs (Key_One, Key_Other).
        var englishForms = Haven.Web.Localization.PluralRules.For(new CultureInfo("en")).IntegerCategories;
        Assert.True(used.Count > 100);
        var absent = used.Where(k => !english.Contains(k) && !englishForms.All(c => english.Contains(Haven.Web.Localization.Plural.Key(k, c)))).ToList();
        Assert.Empty(absent);
    }

    private static HashSet<string> Keys(ResourceManager manager, CultureInfo culture) =>
        manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!.Cast<DictionaryEntry>().Select(e => (string)e.Key).ToHashSet();

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Haven.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Haven.slnx not found above the test folder.");
    }

    [GeneratedRegex("(?:T|t)\\[\"([A-Za-z0-9_]+)\"|\"((?:Error|Login|Setup|Request|Conversation)_[A-Za-z0-9]+)\"")]
    private static partial Regex LocalizerKey();

    [GeneratedRegex("Plural\\.Of\\((?:T|t), \"([A-Za-z0-9_]+)\"")]
    private static partial Regex PluralKey();
}
