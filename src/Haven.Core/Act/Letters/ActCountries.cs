using System.Collections.Frozen;
using System.Globalization;

namespace Haven.Act.Letters;

/// <summary>The countries a supporter may name (ISO 3166-1 alpha-2 codes known to the platform's ICU data).</summary>
internal static class ActCountries
{
    private static readonly FrozenSet<string> Codes = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(c =>
        {
            try
            {
                return new RegionInfo(c.Name).TwoLetterISORegionName;
            }
            catch (ArgumentException)
            {
                return "";
            }
        })
        .Where(c => c.Length == 2 && c.All(char.IsAsciiLetterUpper) && Known(c))
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Every known code, sorted.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Codes.Order(StringComparer.Ordinal)];

    /// <summary>Reads a supporter's country: "" for none, the upper-case code for a known one; false for anything else.</summary>
    public static bool TryNormalize(string? value, out string country)
    {
        country = "";
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        var code = value.Trim().ToUpperInvariant();
        if (!Codes.Contains(code))
        {
            return false;
        }

        country = code;
        return true;
    }

    /// <summary>Whether .NET can name the region of <paramref name="code"/> (a few codes of the culture data, such as DG, it cannot).</summary>
    private static bool Known(string code)
    {
        try
        {
            return new RegionInfo(code).TwoLetterISORegionName == code;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
