namespace Haven.Crypto.Tests;

public class ReceiptTests
{
    [Fact]
    public void Generate_Gives20AsciiDigits()
    {
        var receipt = Receipt.Generate();
        Assert.Equal(Receipt.Digits, receipt.Length);
        Assert.All(receipt, c => Assert.True(char.IsAsciiDigit(c)));
        Assert.NotEqual(receipt, Receipt.Generate());
    }

    [Fact]
    public void Generate_DigitsLookUniform()
    {
        // 2,000 receipts = 40,000 digits, 4,000 expected per digit. With 9 degrees of freedom the chi-square
        // statistic exceeds 45 with probability below 1e-6, so this only fails on a real bias.
        const int receipts = 2000;
        var counts = new int[10];
        var seenAtPosition = new bool[Receipt.Digits, 10];
        for (var i = 0; i < receipts; i++)
        {
            var receipt = Receipt.Generate();
            for (var p = 0; p < Receipt.Digits; p++)
            {
                counts[receipt[p] - '0']++;
                seenAtPosition[p, receipt[p] - '0'] = true;
            }
        }

        const double expected = receipts * Receipt.Digits / 10.0;
        var chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chiSquare < 45, $"chi-square {chiSquare:F1} over digit counts {string.Join(",", counts)}");
        for (var p = 0; p < Receipt.Digits; p++)
        {
            for (var d = 0; d < 10; d++)
            {
                Assert.True(seenAtPosition[p, d], $"digit {d} never drawn at position {p}");
            }
        }
    }

    [Fact]
    public void Format_GroupsByFour() =>
        Assert.Equal("1234 5678 9012 3456 7890", Receipt.Format("12345678901234567890"));

    [Fact]
    public void Format_ThenNormalize_RoundTrips()
    {
        var receipt = Receipt.Generate();
        Assert.True(Receipt.TryNormalize(Receipt.Format(receipt), out var digits));
        Assert.Equal(receipt, digits);
    }

    [Theory]
    [InlineData("1234567890123456789")]
    [InlineData("123456789012345678901")]
    [InlineData("1234 5678 9012 3456 7890")]
    [InlineData("1234567890123456789a")]
    [InlineData("")]
    public void Format_RejectsAnythingButTwentyAsciiDigits(string digits) =>
        Assert.Throws<ArgumentException>(() => Receipt.Format(digits));

    [Theory]
    [InlineData("12345678901234567890")]
    [InlineData("1234 5678 9012 3456 7890")]
    [InlineData("  1234 5678 9012 3456 7890  ")]
    [InlineData("1234-5678-9012-3456-7890")]
    [InlineData("1234\u00a05678\u202f9012\t3456\n7890")] // no-break, narrow no-break, tab, line break
    [InlineData("1234\u20135678\u20149012\u20103456\uff0d7890")] // en dash, em dash, hyphen, fullwidth hyphen-minus
    [InlineData("\u0661\u0662\u0663\u0664 \u0665\u0666\u0667\u0668 \u0669\u0660\u0661\u0662 \u0663\u0664\u0665\u0666 \u0667\u0668\u0669\u0660")] // Arabic-Indic
    [InlineData("\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9\u06f0")] // Persian
    [InlineData("\uff11\uff12\uff13\uff14 \uff15\uff16\uff17\uff18 \uff19\uff10\uff11\uff12 \uff13\uff14\uff15\uff16 \uff17\uff18\uff19\uff10")] // fullwidth
    [InlineData("\u0967\u0968\u0969\u096a5678901234567890")] // Devanagari mixed with ASCII
    [InlineData("\U0001D7CF\U0001D7D0\U0001D7D1\U0001D7D25678901234567890")] // mathematical bold digits (outside the BMP)
    public void TryNormalize_AcceptsSeparatorsAndUnicodeDigits(string input)
    {
        Assert.True(Receipt.TryNormalize(input, out var digits));
        Assert.Equal("12345678901234567890", digits);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("     ")]
    [InlineData("1234 5678 9012 3456 789")] // 19 digits
    [InlineData("1234 5678 9012 3456 78901")] // 21 digits
    [InlineData("1234 5678 9012 3456 789O")] // letter O
    [InlineData("1234 5678 9012 3456 789l")] // letter l
    [InlineData("abcd efgh ijkl mnop qrst")]
    [InlineData("1234.5678.9012.3456.7890")]
    [InlineData("1234_5678_9012_3456_7890")]
    [InlineData("1234 5678 9012 3456 789\u00b2")] // superscript two is not a decimal digit
    [InlineData("1234 5678 9012 3456 789\u2167")] // Roman numeral eight
    [InlineData("1234 5678 9012 3456 7890\ud800")] // lone surrogate
    [InlineData("1234 5678 9012 3456 78\u200b90")] // zero-width space is not white space
    public void TryNormalize_RejectsWrongCountAndOtherCharacters(string? input)
    {
        Assert.False(Receipt.TryNormalize(input, out var digits));
        Assert.Equal(string.Empty, digits);
    }
}
