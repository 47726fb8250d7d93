using System.Reflection;
using System.Runtime.CompilerServices;
using System.Xml.Linq;

namespace Haven.Core.Tests.Conventions;

/// <summary>
/// Each Core area's entry points carry an XML summary: its <c>AddHaven…</c> registration, every <c>*Command</c> and
/// <c>*Query</c> with its <c>ExecuteAsync</c>, and every <c>*Options</c> type. Core is internal, so CS1591 does not
/// see them; this reads the documentation file the build writes next to Haven.Core.dll. That file only holds members
/// that have docs, so the entry points are found by reflection and looked up in it.
/// </summary>
public sealed class EntryPointDocsTests
{
    private static readonly Assembly Core = typeof(CoreServiceCollectionExtensions).Assembly;

    [Fact]
    public void Every_registration_command_query_and_options_type_of_Core_has_a_summary()
    {
        var types = Core.GetTypes();
        Assert.True(types.Count(IsEntryPoint) >= 60, $"only {types.Count(IsEntryPoint)} entry point types found");
        var missing = Undocumented(types, Documentation(Core)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} entry points have no <summary>:\n{string.Join('\n', missing)}");
    }

    [Fact]
    public void An_entry_point_without_a_summary_is_reported_and_one_with_a_summary_is_not()
    {
        var samples = typeof(EntryPointDocsTests).GetNestedTypes(BindingFlags.NonPublic);
        string[] expected =
        [
            "T:Haven.Core.Tests.Conventions.EntryPointDocsTests.SampleServiceCollectionExtensions",
            "M:Haven.Core.Tests.Conventions.EntryPointDocsTests.SampleServiceCollectionExtensions.AddHavenSample (0 of 1 documented)",
            "T:Haven.Core.Tests.Conventions.EntryPointDocsTests.UndocumentedCommand",
            "M:Haven.Core.Tests.Conventions.EntryPointDocsTests.UndocumentedQuery.ExecuteAsync (1 of 2 documented)",
            "T:Haven.Core.Tests.Conventions.EntryPointDocsTests.UndocumentedOptions",
        ];
        var found = Undocumented(samples, Documentation(typeof(EntryPointDocsTests).Assembly));
        Assert.Equal(expected.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
    }

    private static bool IsEntryPoint(Type type) =>
        !type.IsDefined(typeof(CompilerGeneratedAttribute)) && !type.Name.Contains('<', StringComparison.Ordinal)
        && (type.Name.EndsWith("Command", StringComparison.Ordinal) || type.Name.EndsWith("Query", StringComparison.Ordinal)
            || type.Name.EndsWith("Options", StringComparison.Ordinal) || type.Name.EndsWith("ServiceCollectionExtensions", StringComparison.Ordinal));

    /// <summary>The entry points among <paramref name="types"/> that have no summary in <paramref name="docs"/>, by documentation id.</summary>
    private static IEnumerable<string> Undocumented(IEnumerable<Type> types, IReadOnlyDictionary<string, bool> docs)
    {
        foreach (var type in types.Where(IsEntryPoint))
        {
            var id = type.FullName!.Replace('+', '.');
            if (!docs.GetValueOrDefault("T:" + id))
            {
                yield return "T:" + id;
            }

            // Overloads share a name; the documentation ids differ only in the parameter list, so they are counted.
            var methods = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => (m.IsPublic || m.IsAssembly || m.IsFamilyOrAssembly) && (m.Name == "ExecuteAsync" || m.Name.StartsWith("AddHaven", StringComparison.Ordinal)
                    || (m.Name.StartsWith("Add", StringComparison.Ordinal) && type.Name.EndsWith("ServiceCollectionExtensions", StringComparison.Ordinal))));
            foreach (var group in methods.GroupBy(m => m.Name))
            {
                var prefix = $"M:{id}.{group.Key}";
                var documented = docs.Count(d => d.Value && (d.Key == prefix || d.Key.StartsWith(prefix + "(", StringComparison.Ordinal) || d.Key.StartsWith(prefix + "``", StringComparison.Ordinal)));
                if (documented < group.Count())
                {
                    yield return $"{prefix} ({documented} of {group.Count()} documented)";
                }
            }
        }
    }

    /// <summary>Each member of the assembly's documentation file, and whether it has a non-empty summary or inherits one.</summary>
    private static Dictionary<string, bool> Documentation(Assembly assembly)
    {
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        Assert.True(File.Exists(path), $"{path} is missing: GenerateDocumentationFile must stay on");
        return XDocument.Load(path).Descendants("member").ToDictionary(
            m => (string)m.Attribute("name")!,
            m => !string.IsNullOrWhiteSpace(m.Element("summary")?.Value) || m.Element("inheritdoc") is not null,
            StringComparer.Ordinal);
    }

    // Samples for the check above: only their names and docs matter.
    /// <summary>Documented.</summary>
    private sealed class DocumentedCommand
    {
        /// <summary>Documented.</summary>
        internal Task ExecuteAsync() => Task.CompletedTask;
    }

    private sealed class UndocumentedCommand
    {
    }

    /// <summary>Documented, but one overload of ExecuteAsync is not.</summary>
    private sealed class UndocumentedQuery
    {
        /// <summary>Documented.</summary>
        internal Task ExecuteAsync() => Task.CompletedTask;

        internal Task ExecuteAsync(int id) => Task.CompletedTask;

        private Task ExecuteAsync(string name) => Task.CompletedTask;
    }

    private sealed class UndocumentedOptions
    {
    }

    private static class SampleServiceCollectionExtensions
    {
        internal static void AddHavenSample()
        {
        }

        private static void AddHidden()
        {
        }
    }
}
