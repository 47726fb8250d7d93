using System.Globalization;
using Haven.Act;
using Haven.Act.Letters;
using Haven.Web.Act;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Act;

/// <summary>
/// "I sent it myself" (<c>/act/12-26/sent</c>): a supporter who wrote by their own e-mail, by post, by fax or on
/// social media says so, naming the target (or none) and, if they wish, their country; it is counted by channel.
/// </summary>
[AllowAnonymous]
internal sealed class SentModel(PublicActionsQuery query, LetterAcceptance acceptance, ActFormTokens tokens) : ActPageModel(query)
{
    /// <summary>The channels a supporter may declare, in the order the form shows them.</summary>
    public static readonly LetterChannel[] Channels = [LetterChannel.OwnEmail, LetterChannel.Post, LetterChannel.Fax, LetterChannel.Social];

    [BindProperty]
    public DeclarationInput Input { get; set; } = new();

    public List<string> Errors { get; } = [];

    public IEnumerable<(string Code, string Name)> Countries => ActCountryNames.All(CultureInfo.CurrentUICulture);

    public async Task<IActionResult> OnGetAsync(string slug, string? target, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, cancellationToken))
        {
            return NotFound();
        }

        if (Action.Status != ActionStatus.Live)
        {
            return RedirectToPage("/Act/Action", new { slug = Slug, lang = Lang });
        }

        Input = new DeclarationInput { Target = Targets.Any(t => t.Id == target) ? target : null, Language = TextLang, Token = tokens.Issue(Action.Id) };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, cancellationToken))
        {
            return NotFound();
        }

        var language = Input.Language is { } l && ActionLookup.LanguagesOf(Action).Contains(l, StringComparer.Ordinal) ? l : TextLang;
        if (!Haven.Text.EnumNames.TryParse<LetterChannel>(Input.Channel, out var channel) || !Channels.Contains(channel))
        {
            Errors.Add("Act.Error.Channel");
        }

        if (!string.IsNullOrEmpty(Input.Target) && !Targets.Any(t => t.Id == Input.Target))
        {
            Errors.Add("Act.Error.Target");
        }

        if (!ActCountries.TryNormalize(Input.Country, out _))
        {
            Errors.Add("Act.Error.Country");
        }

        if (Errors.Count > 0)
        {
            return Refuse(StatusCodes.Status400BadRequest);
        }

        var outcome = await acceptance.DeclareAsync(Action.Id, Input.Target, language, Input.Country, channel, Input.Token, cancellationToken);
        switch (outcome)
        {
            case LetterOutcome.Counted or LetterOutcome.Held or LetterOutcome.Replayed:
                return RedirectToPage("/Act/Thanks", new { slug = Slug, lang = Lang, o = outcome == LetterOutcome.Held || (outcome == LetterOutcome.Replayed && Action.Moderated) ? "held" : "counted" });
            case LetterOutcome.Throttled:
                Errors.Add("Act.Error.Throttled");
                Response.Headers.RetryAfter = "600";
                return Refuse(StatusCodes.Status429TooManyRequests);
            case LetterOutcome.TokenInvalid:
                Errors.Add("Act.Error.Token");
                Input.Token = tokens.Issue(Action.Id);
                return Refuse(StatusCodes.Status400BadRequest);
            case LetterOutcome.Closed:
                Errors.Add("Act.Error.Closed");
                return Refuse(StatusCodes.Status409Conflict);
            case LetterOutcome.NotFound:
                return NotFound();
            default:
                Errors.Add("Act.Error.Letter");
                return Refuse(StatusCodes.Status400BadRequest);
        }
    }

    private PageResult Refuse(int status)
    {
        Response.StatusCode = status;
        return Page();
    }
}
