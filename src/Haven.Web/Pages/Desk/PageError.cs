namespace Haven.Web.Pages.Desk;

/// <summary>A localized error to show, with the one argument its text may need.</summary>
internal sealed record PageError(string Key, int? Count = null);
