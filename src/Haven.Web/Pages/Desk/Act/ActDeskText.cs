using System.Globalization;
using Haven.Act;
using Haven.Act.Actions;

namespace Haven.Web.Pages.Desk.Act;

/// <summary>The resource keys (<c>Act.Desk.</c>) and display names of the desk's Act pages.</summary>
internal static class ActDeskText
{
    public static string ErrorKey(ActDeskOutcome problem) => "Act.Desk.Error." + problem;

    public static string StatusKey(ActionStatus status) => "Act.Desk.Status." + status;

    public static string OutcomeKey(ActionOutcome outcome) => "Act.Desk.Outcome." + outcome;

    public static string ChannelKey(LetterChannel channel) => "Act.Desk.Channel." + channel;

    public static string KindKey(TargetKind kind) => "Act.Desk.Kind." + kind;

    /// <summary>The native name of a language ("English", "русский"), or the name as stored when .NET does not know it.</summary>
    public static string LanguageName(string name)
    {
        try
        {
            var culture = CultureInfo.GetCultureInfo(name, predefinedOnly: true);
            return culture.NativeName.Length > 0 ? char.ToUpper(culture.NativeName[0], culture) + culture.NativeName[1..] : name;
        }
        catch (CultureNotFoundException)
        {
            return name;
        }
    }

    /// <summary>How a target is named in a letter and a list: "Name, Title" or whichever of the two there is.</summary>
    public static string TargetName(ActionTarget target) =>
        string.Join(", ", new[] { target.Name, target.Title }.Where(s => s.Length > 0));

    /// <summary>The target's salutation in <paramref name="language"/>, or "".</summary>
    public static string Salutation(ActionTarget target, string language) =>
        ActJson.ReadMap<string>(target.Salutations).GetValueOrDefault(language) ?? "";
}
