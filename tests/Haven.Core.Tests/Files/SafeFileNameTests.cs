using System.Globalization;
using System.Text;
using Haven.Files;

namespace Haven.Core.Tests.Files;

public sealed class SafeFileNameTests
{
    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\boot.ini", "boot.ini")]
    [InlineData("C:\\Users\\olga\\Desktop\\scan.pdf", "scan.pdf")]
    [InlineData("/var/tmp/", "")]
    [InlineData("a\u0001b\r\nc.txt", "abc.txt")]
    [InlineData("tab\there.txt", "tabhere.txt")]
    [InlineData("report \"final\"; v2.docx", "report \"final\"; v2.docx")]
    [InlineData("invoice\u202Egpj.exe", "invoice\u202Egpj.exe")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void The_record_keeps_the_last_segment_without_control_characters(string? received, string expected) =>
        Assert.Equal(expected, SafeFileName.ForRecord(received));

    [Fact]
    public void The_record_name_is_bounded_and_never_splits_a_surrogate_pair()
    {
        var name = new string('a', SafeFileName.MaxStoredLength - 1) + "😀😀😀.txt";
        var stored = SafeFileName.ForRecord(name);
        Assert.True(stored.Length <= SafeFileName.MaxStoredLength);
        Assert.False(char.IsHighSurrogate(stored[^1]));
        Assert.Equal(SafeFileName.MaxStoredLength, SafeFileName.ForRecord(new string('x', 5000)).Length);
    }

    [Fact]
    public void The_record_name_is_normalized_and_survives_invalid_unicode()
    {
        Assert.Equal("caf\u00E9.txt", SafeFileName.ForRecord("cafe\u0301.txt"));

        // A lone surrogate would make normalization throw; it becomes the replacement character instead.
        Assert.Equal("a\uFFFDb.txt", SafeFileName.ForRecord("a\uD800b.txt"));
        Assert.Equal("a\uFFFD.txt", SafeFileName.ForRecord("a\uDC00.txt"));
        Assert.Equal("x\uFFFD", SafeFileName.ForRecord("x\uD83D"));
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\boot.ini", "boot.ini")]
    [InlineData("a\u0001b\r\nc.txt", "abc.txt")]
    [InlineData("invoice\u202Egpj.exe", "invoice_gpj.exe")]
    [InlineData("report \"final\"; v2.docx", "report _final__ v2.docx")]
    [InlineData("CON.txt", "file_CON.txt")]
    [InlineData("con", "file_con")]
    [InlineData("CON .txt", "file_CON .txt")]
    [InlineData("lpt1.tar.gz", "file_lpt1.tar.gz")]
    [InlineData("CONTRACT.txt", "CONTRACT.txt")]
    [InlineData("", "file")]
    [InlineData("...", "file")]
    [InlineData(" . ", "file")]
    [InlineData("photo..jpg", "photo.jpg")]
    [InlineData(".hidden", "hidden")]
    [InlineData("Паспорт скан.pdf", "Паспорт скан.pdf")]
    [InlineData("شهادة.pdf", "شهادة.pdf")]
    [InlineData("a%2e%2e%2fb.txt", "a_2e_2e_2fb.txt")]
    [InlineData("x\u2215y\uFF0Fz.txt", "x_y_z.txt")]
    public void The_download_name_is_safe(string received, string expected)
    {
        var safe = SafeFileName.ForDownload(received);
        Assert.Equal(expected, safe);
        AssertSafe(safe);
    }

    [Fact]
    public void A_long_download_name_is_cut_to_the_limit_keeping_its_extension()
    {
        var safe = SafeFileName.ForDownload(new string('n', 5000) + ".pdf");
        Assert.Equal(SafeFileName.MaxLength, safe.Length);
        Assert.EndsWith(".pdf", safe, StringComparison.Ordinal);
        AssertSafe(safe);

        // An "extension" that is really the long part of the name is not kept whole.
        var noExtension = SafeFileName.ForDownload("a." + new string('b', 300));
        Assert.Equal(SafeFileName.MaxLength, noExtension.Length);

        // Cut among astral characters, never in half of one.
        var emoji = SafeFileName.ForDownload(string.Concat(Enumerable.Repeat("𝒜", 200)) + ".txt");
        Assert.True(emoji.Length <= SafeFileName.MaxLength);
        Assert.EndsWith(".txt", emoji, StringComparison.Ordinal);
        AssertSafe(emoji);
    }

    [Fact]
    public void The_fallback_names_a_file_without_a_usable_name()
    {
        Assert.Equal("reply", SafeFileName.ForDownload("", "reply"));
        Assert.Equal("reply", SafeFileName.ForDownload(null, "reply"));
        Assert.Equal("reply", SafeFileName.ForDownload("\u0001\r\n", "reply"));
        Assert.Equal("reply", SafeFileName.ForDownload("../../", "reply"));
    }

    [Fact]
    public void Every_character_of_a_hostile_name_is_neutralized()
    {
        // All of the Basic Multilingual Plane and a few astral characters, in one name.
        var all = new string(Enumerable.Range(0, 0xD800).Select(i => (char)i).ToArray()) + new string(Enumerable.Range(0xE000, 0x2000).Select(i => (char)i).ToArray());
        foreach (var chunk in all.Chunk(100))
        {
            AssertSafe(SafeFileName.ForDownload(new string(chunk) + ".bin"));
        }
    }

    private static void AssertSafe(string name)
    {
        Assert.InRange(name.Length, 1, SafeFileName.MaxLength);
        Assert.DoesNotContain('/', name);
        Assert.DoesNotContain('\\', name);
        Assert.DoesNotContain("..", name, StringComparison.Ordinal);
        Assert.False(name.StartsWith('.') || name.EndsWith('.') || name.StartsWith(' ') || name.EndsWith(' '), name);
        foreach (var rune in name.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            Assert.False(category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned, $"U+{rune.Value:X4} in {name}");
            Assert.False(rune.Value is '"' or ';' or ':' or '*' or '?' or '<' or '>' or '|' or '%', $"U+{rune.Value:X4} in {name}");
        }
    }
}
