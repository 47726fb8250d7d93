using System.Reflection;
using System.Text.RegularExpressions;
using Haven.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Tests.Conventions;

/// <summary>
/// Enum values from text (forms, addresses, the audit log, the command line) are read by their declared name
/// only, through <c>Haven.Text.EnumNames</c>: the framework's parsers also take numbers, names with spaces and
/// comma-separated lists read as flags ("Coordinator, Caseworker" is Analyst).
/// </summary>
public sealed partial class EnumParsingTests
{
    private const string Parser = "Haven.Core/Text/EnumNames.cs";

    [Fact]
    public void No_source_file_but_the_name_parser_calls_the_frameworks_enum_parser()
    {
        var src = Path.Combine(ConventionTests.RepositoryRoot(), "src");
        var files = Directory.EnumerateFiles(src, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Select(f => (File: f, Relative: Path.GetRelativePath(src, f).Replace('\\', '/')))
            .Where(f => !f.Relative.Contains("/obj/", StringComparison.Ordinal) && !f.Relative.Contains("/bin/", StringComparison.Ordinal) && f.Relative != Parser)
            .ToList();
        Assert.True(files.Count >= 200, $"only {files.Count} source files found");
        Assert.True(File.Exists(Path.Combine(src, Parser)), Parser + " is gone");
        var offenders = files.SelectMany(f => FrameworkParse().Matches(File.ReadAllText(f.File)).Select(m => $"{f.Relative}: {m.Value}")).ToList();
        Assert.Empty(offenders);
    }

    [Theory]
    [InlineData("Enum.TryParse(role, out ResponderRole parsed)")]
    [InlineData("Enum.TryParse<ResponderRole>(role, true, out var parsed)")]
    [InlineData("System.Enum.Parse<CaseState>(text)")]
    [InlineData("Enum.Parse(typeof(CaseState), text)")]
    public void A_call_of_the_frameworks_enum_parser_is_seen(string code) => Assert.Single(FrameworkParse().Matches(code));

    [Fact]
    public void No_page_binds_an_enum_which_the_framework_would_read_with_its_own_parser()
    {
        var pages = typeof(HavenApp).Assembly.GetTypes().Where(t => typeof(PageModel).IsAssignableFrom(t) && !t.IsAbstract).ToList();
        Assert.True(pages.Count >= 15, $"only {pages.Count} page models found");
        var offenders = pages.SelectMany(EnumInputs).ToList();
        Assert.Empty(offenders);
        Assert.Equal(["Roles.OnPostInvite(role)", "Roles.Filter"], EnumInputs(typeof(Roles)));
    }

    /// <summary>Handler parameters and bound properties of a page whose type is an enum or holds one as a property.</summary>
    private static IEnumerable<string> EnumInputs(Type page)
    {
        foreach (var handler in page.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.Name.StartsWith("On", StringComparison.Ordinal)))
        {
            foreach (var parameter in handler.GetParameters().Where(p => p.GetCustomAttribute<FromServicesAttribute>() is null && HoldsEnum(p.ParameterType, 0)))
            {
                yield return $"{page.Name}.{handler.Name}({parameter.Name})";
            }
        }

        var bindsAll = page.GetCustomAttribute<BindPropertiesAttribute>() is not null;
        foreach (var property in page.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
        {
            var bound = bindsAll || property.GetCustomAttributes(inherit: true).Any(a => a is BindPropertyAttribute or IBindingSourceMetadata);
            if (bound && HoldsEnum(property.PropertyType, 0))
            {
                yield return $"{page.Name}.{property.Name}";
            }
        }
    }

    /// <summary>An enum, a nullable enum, a collection of them, or an input class with such a property (two levels down).</summary>
    private static bool HoldsEnum(Type type, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            return true;
        }

        if (type.IsArray)
        {
            return HoldsEnum(type.GetElementType()!, depth);
        }

        if (type.IsGenericType && type.GetGenericArguments().Any(a => HoldsEnum(a, depth)))
        {
            return true;
        }

        return depth < 2 && type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("Haven", StringComparison.Ordinal) == true
            && type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Any(p => p.CanWrite && HoldsEnum(p.PropertyType, depth + 1));
    }

    [GeneratedRegex(@"\bEnum\s*\.\s*(?:Try)?Parse\b")]
    private static partial Regex FrameworkParse();

    private sealed class Roles : PageModel
    {
        [BindProperty]
        public List<Haven.Accounts.ResponderRole> Filter { get; set; } = [];

        public void OnPostInvite(Haven.Accounts.ResponderRole? role) => _ = role;

        public void OnPostName(string? role) => _ = role;
    }
}
