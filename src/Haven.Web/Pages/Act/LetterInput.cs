namespace Haven.Web.Pages.Act;

/// <summary>What the letter form sends.</summary>
internal sealed class LetterInput
{
    public string? Target { get; set; }

    public string? Language { get; set; }

    public string? Name { get; set; }

    public string? Town { get; set; }

    public string? Country { get; set; }

    public string? Subject { get; set; }

    public string? Body { get; set; }

    public string? Token { get; set; }
}
