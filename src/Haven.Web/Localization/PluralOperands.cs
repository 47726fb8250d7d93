using System.Globalization;

namespace Haven.Web.Localization;

/// <summary>
/// The operands of a number as CLDR's plural rules name them (UTS #35, "Plural Operand Meanings"), for the
/// number as written: 1.50 has <see cref="I"/> 1, <see cref="V"/> 2, <see cref="F"/> 50 and <see cref="T"/> 5.
/// </summary>
internal readonly record struct PluralOperands(decimal N, decimal I, int V, decimal F, decimal T)
{
    /// <summary>The operands of <paramref name="number"/>, its scale (digits written after the point) included.</summary>
    public static PluralOperands Of(decimal number)
    {
        var n = Math.Abs(number);
        var i = decimal.Truncate(n);
        var digits = n.ToString(CultureInfo.InvariantCulture);
        var point = digits.IndexOf('.', StringComparison.Ordinal);
        var fraction = point < 0 ? "" : digits[(point + 1)..];
        var trimmed = fraction.TrimEnd('0');
        return new(n, i, fraction.Length, fraction.Length == 0 ? 0 : decimal.Parse(fraction, CultureInfo.InvariantCulture), trimmed.Length == 0 ? 0 : decimal.Parse(trimmed, CultureInfo.InvariantCulture));
    }
}
