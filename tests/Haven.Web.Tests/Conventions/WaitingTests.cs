using System.Text.RegularExpressions;
using Haven.Tests;

namespace Haven.Web.Tests.Conventions;

/// <summary>
/// Tests wait only through <c>Eventually</c> (tests/Shared/Eventually.cs): for a positive signal, with a
/// deadline, so that none can hang and none can pass by having slept long enough. A fixed pause is allowed only
/// where it is part of the load a test generates, in the files listed here.
/// </summary>
public sealed partial class WaitingTests
{
    /// <summary>The polling helper itself: the one place that pauses between two looks.</summary>
    private const string Helper = "tests/Shared/Eventually.cs";

    /// <summary>Files whose pauses pace the load they generate (an upload trickling in); they wait for nothing.</summary>
    private static readonly string[] LoadPacing = ["tests/Haven.Web.Tests/Faults/KillDuringLoadTests.cs", "tests/Haven.Web.Tests/Cluster/FileSenders.cs"];

    [Fact]
    public void No_test_sleeps_and_only_load_pacing_delays()
    {
        var root = ConventionTests.RepositoryRoot();
        var files = TestSources(root).ToList();
        Assert.Contains(Helper, files);
        Assert.True(files.Count > 50, $"only {files.Count} test files found under tests/");

        var found = new List<string>();
        foreach (var file in files.Where(f => f != Helper))
        {
            var lines = File.ReadAllLines(Path.Combine(root, file));
            for (var i = 0; i < lines.Length; i++)
            {
                var code = lines[i].TrimStart();
                if (code.StartsWith("//", StringComparison.Ordinal) || code.StartsWith('*'))
                {
                    continue;
                }

                if (Sleep().IsMatch(code) || (Delay().IsMatch(code) && !LoadPacing.Contains(file)))
                {
                    found.Add($"{file}:{i + 1}: {code}");
                }
            }
        }

        Assert.True(found.Count == 0, "Wait with Eventually.UntilAsync (tests/Shared/Eventually.cs) for a positive signal instead of sleeping; a pause that paces generated load belongs in the allow-list of WaitingTests:\n" + string.Join("\n", found));
    }

    [Fact]
    public async Task A_wait_that_never_comes_true_fails_at_its_deadline_naming_what_was_awaited()
    {
        var looks = 0;
        var failure = await Assert.ThrowsAsync<TimeoutException>(() => Eventually.UntilAsync("the moon to turn blue", () => ++looks < 0, deadline: TimeSpan.FromMilliseconds(200), interval: TimeSpan.FromMilliseconds(10), state: () => $"{looks} looks"));
        Assert.Contains("the moon to turn blue", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"{looks} looks", failure.Message, StringComparison.Ordinal);
        Assert.True(looks > 1, $"looked {looks} times");
    }

    /// <summary>Every C# file under tests/ (bin and obj left out), relative to the root with forward slashes.</summary>
    private static IEnumerable<string> TestSources(string root) =>
        Directory.EnumerateFiles(Path.Combine(root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !f.Split('/').Any(part => part is "bin" or "obj"));

    [GeneratedRegex(@"\bThread\s*\.\s*Sleep\s*\(")]
    private static partial Regex Sleep();

    [GeneratedRegex(@"\bTask\s*\.\s*Delay\s*\(")]
    private static partial Regex Delay();
}
