namespace Haven.Web.Tests.Conventions;

/// <summary>
/// One top-level type per file, the file named after its type, so that a type is found by its name (issue 13,
/// point 1). Migrations are generated code and are left out.
/// </summary>
public sealed class SourceLayoutTests
{
    [Fact]
    public void Every_source_file_declares_one_top_level_type_named_like_the_file()
    {
        var root = ConventionTests.RepositoryRoot();
        var wrong = new List<string>();
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.Split('/').Any(part => part is "obj" or "bin" or "Migrations"))
            {
                continue;
            }

            count++;
            var problem = SourceLayout.Check(Path.GetFileName(file), File.ReadAllText(file));
            if (problem is not null)
            {
                wrong.Add(relative + ": " + problem);
            }
        }

        Assert.True(count > 150, $"only {count} source files found");
        Assert.True(wrong.Count == 0, wrong.Count + " files:\n" + string.Join("\n", wrong));
    }

    [Theory]
    [InlineData("A.cs", "namespace N;\n\ninternal sealed class A\n{\n    private sealed class Inner { }\n    private enum Kind { One }\n}\n")]
    [InlineData("A.cs", "namespace N;\n\n/// <summary>x</summary>\n[Flags]\ninternal enum A\n{\n    None = 0,\n}\n")]
    [InlineData("A.cs", "namespace N;\n\ninternal sealed record A(int B, string C);\n")]
    [InlineData("A.cs", "namespace N;\n\ninternal sealed class A<T>\n    where T : class\n{\n}\n")]
    [InlineData("A.cs", "namespace N;\n\ninternal static class A\n{\n    // class B { }\n    /* class C { } */\n    private const string D = \"}\\\" class E {\";\n    private const string F = @\"}\"\" class G {\";\n    private static string H(int i) => $\"{i}}}{{ {(i > 0 ? \"}\" : \"{\")} class I {{\";\n    private const char J = '}';\n}\n")]
    [InlineData("A.cs", "namespace N;\n\ninternal sealed class A(\n    int b,\n    int c)\n    : Base(b)\n{\n}\n")]
    [InlineData("Sodium.cs", "namespace N;\n\ninternal static partial class Interop\n{\n    internal static partial class Sodium\n    {\n    }\n}\n")]
    [InlineData("Inbox.cshtml.cs", "namespace N;\n\n[Authorize]\npublic sealed class InboxModel : PageModel\n{\n    public sealed record Row(string Id);\n}\n")]
    public void A_file_with_one_type_named_like_it_passes(string fileName, string text)
    {
        Assert.Null(SourceLayout.Check(fileName, text));
    }

    [Theory]
    [InlineData("A.cs", "namespace N;\n\ninternal sealed class A\n{\n}\n\ninternal enum AKind\n{\n    One,\n}\n", "2 top-level types: A, AKind")]
    [InlineData("A.cs", "namespace N;\n\ninternal sealed record B(int C);\n\ninternal sealed class A\n{\n}\n", "2 top-level types: B, A")]
    [InlineData("A.cs", "namespace N;\n\ninternal sealed class A\n{\n    private const string S = \"{\";\n}\n\ninternal delegate void D(int x);\n", "2 top-level types: A, D")]
    [InlineData("Commands.cs", "namespace N;\n\ninternal sealed class ReplyCommand\n{\n}\n", "declares ReplyCommand, not Commands")]
    [InlineData("Case.cshtml.cs", "namespace N;\n\npublic sealed class CaseModel : PageModel\n{\n}\n\npublic sealed record PageError(string Key);\n", "2 top-level types: CaseModel, PageError")]
    [InlineData("Sodium.cs", "namespace N;\n\ninternal static class Interop\n{\n    internal static class Sodium\n    {\n    }\n}\n", "declares Interop, not Sodium")]
    public void A_file_with_another_type_or_another_name_is_reported(string fileName, string text, string problem)
    {
        Assert.EndsWith(problem, SourceLayout.Check(fileName, text), StringComparison.Ordinal);
    }
}
