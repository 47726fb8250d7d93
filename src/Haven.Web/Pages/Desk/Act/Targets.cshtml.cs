using Haven.Act;
using Haven.Act.Actions;
using Microsoft.AspNetCore.Mvc;

namespace Haven.Web.Pages.Desk.Act;

/// <summary>
/// The targets and copies of an action that has not ended: the list (move up or down, remove), and a form to add one
/// or change one (<c>?edit=</c>). The e-mail address is write-only here: the page never shows it back, only that an
/// address is stored, with keep, replace or remove.
/// </summary>
internal sealed class ActTargetsModel(ActDeskQuery query, SaveTargetCommand save, ArrangeTargetCommand arrange) : ActDeskPage(query)
{
    /// <summary>The target being changed, or null when the form adds one.</summary>
    public ActionTarget? Editing { get; private set; }

    /// <summary>The form's values (as stored, or as typed when refused), by field name; the e-mail address is never among them.</summary>
    public Dictionary<string, string> Form { get; } = new(StringComparer.Ordinal);

    public string Value(string name) => Form.GetValueOrDefault(name) ?? "";

    /// <summary>The public channels ticked on the form.</summary>
    public TargetChannels Channels { get; private set; }

    public bool Has(TargetChannels channel) => Channels.HasFlag(channel);

    public async Task<IActionResult> OnGetAsync(string id, string? edit, string? done, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Editing = edit is null ? null : Item.Targets.FirstOrDefault(t => t.Id == edit);
        if (Editing is { } t)
        {
            Form["Kind"] = t.Kind.ToString();
            Form["Name"] = t.Name;
            Form["Title"] = t.Title;
            Form["Organisation"] = t.Organisation;
            Form["PostalAddress"] = t.PostalAddress;
            Form["Language"] = t.Language;
            Form["Fax"] = t.Fax ?? "";
            Form["SocialHandle"] = t.SocialHandle ?? "";
            Channels = t.Channels;
            foreach (var (language, salutation) in ActJson.ReadMap<string>(t.Salutations))
            {
                Form["Salutation-" + language] = salutation;
            }
        }
        else
        {
            Form["Kind"] = (edit is null && Item.Targets.Any(x => x.Kind == TargetKind.Target) ? TargetKind.Copy : TargetKind.Target).ToString();
            Form["Language"] = Item.Languages[0];
            Channels = TargetChannels.Post;
        }

        Notice = done == "saved" ? "Act.Desk.Done.saved" : null;
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string id, string? targetId, CancellationToken cancellationToken)
    {
        foreach (var name in new[] { "Kind", "Name", "Title", "Organisation", "PostalAddress", "Language", "Fax", "SocialHandle" })
        {
            Form[name] = Field(name);
        }

        var channels = TargetChannels.None;
        foreach (var value in Request.Form["Channel"])
        {
            if (Haven.Text.EnumNames.TryParse<TargetChannels>(value, out var c) && c is TargetChannels.Post or TargetChannels.Fax or TargetChannels.Social)
            {
                channels |= c;
            }
        }

        Channels = channels;
        var salutations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in Request.Form.Keys.Where(k => k.StartsWith("Salutation-", StringComparison.Ordinal)))
        {
            Form[key] = Field(key);
            salutations[key["Salutation-".Length..]] = Field(key);
        }

        var newEmail = Field("Email").Trim();
        var change = Field("EmailChange") switch
        {
            "remove" => EmailChange.Remove,
            "replace" => EmailChange.Replace,
            _ => newEmail.Length > 0 ? EmailChange.Replace : EmailChange.Keep,
        };
        if (!Haven.Text.EnumNames.TryParse<TargetKind>(Value("Kind"), out var kind))
        {
            kind = (TargetKind)(-1);
        }

        var input = new TargetInput(kind, Value("Name"), Value("Title"), Value("Organisation"), Value("PostalAddress"), Value("Language"), salutations, channels, Value("Fax"), Value("SocialHandle"));
        var (problem, _) = await save.ExecuteAsync(id, string.IsNullOrEmpty(targetId) ? null : targetId, input, change, newEmail, Me, cancellationToken);
        if (problem == ActDeskOutcome.None)
        {
            return RedirectToPage("/Desk/Act/Targets", new { id, done = "saved" });
        }

        var result = await RefuseAsync(id, problem, cancellationToken);
        Editing = string.IsNullOrEmpty(targetId) || result is not Microsoft.AspNetCore.Mvc.RazorPages.PageResult ? null : Item.Targets.FirstOrDefault(t => t.Id == targetId);
        return result;
    }

    public async Task<IActionResult> OnPostRemoveAsync(string id, string? targetId, CancellationToken cancellationToken) =>
        Done(id, await arrange.RemoveAsync(id, targetId ?? "", Me, cancellationToken)) ?? await RefuseAsync(id, ActDeskOutcome.WrongStatus, cancellationToken);

    public async Task<IActionResult> OnPostMoveAsync(string id, string? targetId, int by, CancellationToken cancellationToken)
    {
        var problem = await arrange.MoveAsync(id, targetId ?? "", by, Me, cancellationToken);
        return Done(id, problem) ?? await RefuseAsync(id, problem, cancellationToken);
    }

    private RedirectToPageResult? Done(string id, ActDeskOutcome problem) =>
        problem == ActDeskOutcome.None ? RedirectToPage("/Desk/Act/Targets", new { id, done = "saved" }) : null;
}
