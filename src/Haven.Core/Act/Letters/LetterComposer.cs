using Haven.Mail;

namespace Haven.Act.Letters;

/// <summary>
/// Builds the message a supporter's letter becomes (<see cref="MailPayload"/>): To the target's address, Cc every
/// copy that has one, the subject and body with any placeholder still in them filled, in the letter's language.
/// The only code besides the desk's write-only form that opens a target's sealed address.
/// </summary>
internal sealed class LetterComposer(ActSecrets secrets)
{
    /// <summary>The target's salutation in <paramref name="language"/>, else in the target's own language, English, or any; "" when none.</summary>
    public static string Salutation(ActionTarget target, string language)
    {
        ArgumentNullException.ThrowIfNull(target);
        var map = ActJson.ReadMap<string>(target.Salutations);
        foreach (var l in new[] { language, target.Language, "en" })
        {
            if (map.TryGetValue(l, out var s) && !string.IsNullOrWhiteSpace(s))
            {
                return s;
            }
        }

        return map.Values.FirstOrDefault(s => !string.IsNullOrWhiteSpace(s)) ?? "";
    }

    /// <summary>How the letter names its target (<c>{target}</c>): "Name, Title", or whichever of them there is.</summary>
    public static string TargetName(ActionTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return string.Join(", ", new[] { target.Name, target.Title }.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()));
    }

    /// <summary>The sample letter on the public form: salutation and target filled, <c>{name}</c> and <c>{town}</c> left for the supporter's own.</summary>
    public static string Sample(string template, ActionTarget target, string language) =>
        LetterTemplate.Render(template, new LetterFields(Salutation(target, language), TargetName(target), "{name}", "{town}"));

    /// <summary>Whether <paramref name="target"/> can be written to through Haven (it has an address that opens).</summary>
    public bool HasAddress(ActionTarget target) => OpenAddress(target) is not null;

    /// <summary>The message for <paramref name="letter"/> to <paramref name="target"/>; null when the target's address is gone or does not open.</summary>
    public MailPayload? Compose(ActionTarget target, IEnumerable<ActionTarget> copies, SupporterLetter letter, string language)
    {
        ArgumentNullException.ThrowIfNull(letter);
        if (OpenAddress(target) is not { } to)
        {
            return null;
        }

        var fields = new LetterFields(Salutation(target, language), TargetName(target), letter.Name, letter.Town);
        var cc = copies
            .Where(c => c.Kind == TargetKind.Copy && c.ActionId == target.ActionId)
            .OrderBy(c => c.Position)
            .Select(c => (Copy: c, Address: OpenAddress(c)))
            .Where(c => c.Address is not null)
            .Select(c => new MailAddressee(TargetName(c.Copy), c.Address!))
            .ToList();
        return new MailPayload(
            [new MailAddressee(TargetName(target), to)],
            cc,
            LetterTemplate.Render(letter.Subject, fields),
            LetterTemplate.Render(letter.Body, fields),
            language);
    }

    private string? OpenAddress(ActionTarget target) =>
        secrets.OpenText(target.SealedEmail, ActSecrets.TargetEmail, target.Id) is { Length: > 0 } address ? address : null;
}
