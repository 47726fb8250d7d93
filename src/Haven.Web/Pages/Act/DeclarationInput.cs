namespace Haven.Web.Pages.Act;

/// <summary>What the "I sent it myself" form sends.</summary>
internal sealed class DeclarationInput
{
    public string? Target { get; set; }

    public string? Channel { get; set; }

    public string? Language { get; set; }

    public string? Country { get; set; }

    public string? Token { get; set; }
}
