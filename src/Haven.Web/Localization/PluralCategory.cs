namespace Haven.Web.Localization;

/// <summary>The plural categories of Unicode CLDR; a counted resource key ends in one of them (<c>Sent_Files_Few</c>).</summary>
internal enum PluralCategory
{
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}
