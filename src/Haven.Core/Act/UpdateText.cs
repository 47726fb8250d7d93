namespace Haven.Act;

/// <summary>An update's text in one language (a value of <see cref="ActionUpdate.Texts"/>).</summary>
internal sealed record UpdateText(string Title, string Body);
