using Haven.Act;
using Haven.Act.Letters;
using Haven.Mail;
using Haven.Web.Act;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Haven.Web.Pages.Act;

/// <summary>
/// One Urgent Action (<c>/act/12-26</c>): number, title, dates, texts, targets and copies with their salutations and
/// postal addresses (never an e-mail address), updates newest first, the count so far, and the ways to act.
/// </summary>
[AllowAnonymous]
internal sealed class ActionModel(PublicActionsQuery query, IOptions<MailOptions> mail) : ActPageModel(query)
{
    /// <summary>Whether a letter can be sent through Haven to at least one target.</summary>
    public bool CanSend => Action.Status == ActionStatus.Live && mail.Value.IsOn && Targets.Any(t => t.CanEmail);

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken) =>
        await LoadAsync(slug, cancellationToken) ? Page() : NotFound();

    /// <summary>An update's text in the page's language, or in the first language it has.</summary>
    public UpdateText? UpdateTextOf(ActionUpdate update)
    {
        var map = ActJson.ReadMap<UpdateText>(update.Texts);
        return map.TryGetValue(TextLang, out var text) ? text : map.Values.FirstOrDefault();
    }

    /// <summary>The outcome's public note in the page's language, if any.</summary>
    public string? OutcomeNote => ActJson.ReadMap<string>(Action.OutcomeTexts).TryGetValue(TextLang, out var note) && !string.IsNullOrWhiteSpace(note) ? note : null;
}
