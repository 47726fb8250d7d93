using System.Globalization;
using Haven.Act;
using Haven.Act.Letters;
using Haven.Mail;
using Haven.Web.Act;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Haven.Web.Pages.Act;

/// <summary>
/// The letter form (<c>/act/12-26/write?target=…</c>): choose a target, read the sample letter (the template with the
/// salutation and the target filled in), give a name and town (and, if wished, a country), edit the subject and body,
/// send. Haven sends it by e-mail to the target's address with the copies. A refused form keeps what was typed.
/// </summary>
[AllowAnonymous]
internal sealed class WriteModel(PublicActionsQuery query, LetterAcceptance acceptance, ActFormTokens tokens, IOptions<MailOptions> mail, IOptions<ActOptions> options) : ActPageModel(query)
{
    [BindProperty]
    public LetterInput Input { get; set; } = new();

    /// <summary>The chosen target; null while the supporter chooses among several.</summary>
    public PublicTarget? Target { get; private set; }

    /// <summary>The targets that can be written to through Haven.</summary>
    public IReadOnlyList<PublicTarget> Writable { get; private set; } = [];

    public List<string> Errors { get; } = [];

    public int MaxLetterLength => options.Value.MaxLetterLength;

    public async Task<IActionResult> OnGetAsync(string slug, string? target, CancellationToken cancellationToken)
    {
        if (await Prepare(slug, target, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        if (Target is not null)
        {
            Input = new LetterInput
            {
                Target = Target.Id,
                Language = TextLang,
                Subject = PublicActionsQuery.Sample(Text.LetterSubject, Target, TextLang),
                Body = PublicActionsQuery.Sample(Text.LetterBody, Target, TextLang),
                Token = tokens.Issue(Action.Id),
            };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken cancellationToken)
    {
        if (await Prepare(slug, Input.Target, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        if (Target is null)
        {
            return NotFound();
        }

        var language = Input.Language is { } l && ActionLookup.LanguagesOf(Action).Contains(l, StringComparer.Ordinal) ? l : TextLang;
        Check();
        if (Errors.Count > 0)
        {
            return Refuse(StatusCodes.Status400BadRequest);
        }

        var letter = new SupporterLetter(Input.Name ?? "", Input.Town ?? "", Input.Subject ?? "", Input.Body ?? "");
        var outcome = await acceptance.AcceptLetterAsync(Action.Id, Target.Id, language, Input.Country, letter, Input.Token, cancellationToken);
        switch (outcome)
        {
            case LetterOutcome.Queued or LetterOutcome.Held or LetterOutcome.Replayed:
                return RedirectToPage("/Act/Thanks", new { slug = Slug, lang = Lang, o = outcome == LetterOutcome.Held || (outcome == LetterOutcome.Replayed && Action.Moderated) ? "held" : "queued" });
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
            case LetterOutcome.NoEmail:
                Errors.Add("Act.Error.NoEmail");
                return Refuse(StatusCodes.Status409Conflict);
            case LetterOutcome.NotFound or LetterOutcome.NoSuchTarget:
                return NotFound();
            default:
                Errors.Add("Act.Error.Letter");
                return Refuse(StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>The countries of the select, by name in the page's language.</summary>
    public IEnumerable<(string Code, string Name)> Countries => ActCountryNames.All(CultureInfo.CurrentUICulture);

    private async Task<IActionResult?> Prepare(string slug, string? target, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, cancellationToken))
        {
            return NotFound();
        }

        // Mail off, an ended action, or no target with an address: only "I sent it myself".
        Writable = [.. Targets.Where(t => t.CanEmail)];
        if (Action.Status != ActionStatus.Live || !mail.Value.IsOn || Writable.Count == 0)
        {
            return RedirectToPage("/Act/Sent", new { slug = Slug, lang = Lang });
        }

        Target = Writable.FirstOrDefault(t => t.Id == target) ?? (Writable.Count == 1 ? Writable[0] : null);
        return null;
    }

    private void Check()
    {
        if (string.IsNullOrWhiteSpace(Input.Name) || Input.Name.Trim().Length > LetterAcceptance.MaxNameLength)
        {
            Errors.Add("Act.Error.Name");
        }

        if (string.IsNullOrWhiteSpace(Input.Town) || Input.Town.Trim().Length > LetterAcceptance.MaxNameLength)
        {
            Errors.Add("Act.Error.Town");
        }

        if (string.IsNullOrWhiteSpace(Input.Subject) || Input.Subject.Trim().Length > LetterAcceptance.MaxSubjectLength || Input.Subject.Contains('\n', StringComparison.Ordinal))
        {
            Errors.Add("Act.Error.Subject");
        }

        if (string.IsNullOrWhiteSpace(Input.Body) || Input.Body.Trim().Length > MaxLetterLength)
        {
            Errors.Add("Act.Error.Body");
        }

        if (!ActCountries.TryNormalize(Input.Country, out _))
        {
            Errors.Add("Act.Error.Country");
        }
    }

    private PageResult Refuse(int status)
    {
        Response.StatusCode = status;
        return Page();
    }
}
