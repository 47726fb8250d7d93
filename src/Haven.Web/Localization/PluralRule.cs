namespace Haven.Web.Localization;

/// <summary>
/// One language's cardinal plural rule, copied from CLDR's plurals.xml, and the categories whole numbers can
/// take in it: the forms each counted key needs in that language's resource file.
/// </summary>
internal sealed record PluralRule(string Language, IReadOnlyList<PluralCategory> IntegerCategories, Func<PluralOperands, PluralCategory> Select);
