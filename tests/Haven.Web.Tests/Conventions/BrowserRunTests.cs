using System.Reflection;
using Haven.Web.Tests.Browser;
using Haven.Web.Tests.Infrastructure;

namespace Haven.Web.Tests.Conventions;

/// <summary>
/// Every test class that drives Chromium (it takes a <see cref="ChromiumFixture"/> or an
/// <see cref="AccessibilityFixture"/>) says so with the <see cref="TestRuns"/> trait, which is how test.sh's
/// PostgreSQL run leaves the browser tests to the SQLite run.
/// </summary>
public sealed class BrowserRunTests
{
    [Fact]
    public void Every_class_that_drives_Chromium_carries_the_database_independent_trait()
    {
        var browserClasses = typeof(BrowserRunTests).Assembly.GetTypes()
            .Where(t => t.GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(ChromiumFixture) || p.ParameterType == typeof(AccessibilityFixture))))
            .ToList();
        Assert.True(browserClasses.Count >= 15, $"only {browserClasses.Count} browser test classes found");
        var untagged = browserClasses
            .Where(t => !CustomAttributeData.GetCustomAttributes(t).Any(a =>
                a.AttributeType == typeof(TraitAttribute)
                && (string?)a.ConstructorArguments[0].Value == TestRuns.Database
                && (string?)a.ConstructorArguments[1].Value == TestRuns.Independent))
            .Select(t => t.Name)
            .ToList();
        Assert.Empty(untagged);
    }
}
