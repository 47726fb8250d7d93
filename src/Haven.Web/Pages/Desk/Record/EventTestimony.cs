using Haven.Crypto;
using Haven.Intake;
using Haven.Record.Vocabulary;

namespace Haven.Web.Pages.Desk.Record;

/// <summary>
/// Pre-fills the create form from what a person told on the guided testimony form: the date with its precision,
/// the place, the victims ("me", "someone I know", "others" and how many, with neutral pseudonyms the responder
/// replaces), one act per act type and victim, and each perpetrator type as an involvement of every act with the
/// degree <c>suspected</c>. Everything stays editable before it is saved.
/// </summary>
internal static class EventTestimony
{
    /// <summary>The degree given to perpetrators the person named: a testimony alone does not establish more.</summary>
    public const string DefaultDegree = "suspected";

    /// <summary>Fills <paramref name="input"/> from <paramref name="testimony"/>; <paramref name="pseudonym"/> gives the neutral pseudonym of "me", "someone_known", "others" or "person".</summary>
    public static void Fill(EventInput input, Testimony testimony, bool regionUsable, Func<string, string> pseudonym)
    {
        input.Start = testimony.DatePrecision is null or "unknown" ? null : testimony.Date;
        input.Region = regionUsable ? testimony.Region : null;
        var whom = testimony.ToWhom ?? [];
        var victims = new List<VictimInput>();
        if (whom.Contains("me"))
        {
            victims.Add(VictimInput.New(pseudonym("me")));
        }

        if (whom.Contains("someone_known"))
        {
            victims.Add(VictimInput.New(pseudonym("someone_known")));
        }

        if (whom.Contains("others"))
        {
            var size = testimony.People is { } people && people > victims.Count ? people - victims.Count : (int?)null;
            victims.Add(VictimInput.New(pseudonym("others"), CountingUnit.Group, size));
        }

        if (victims.Count == 0)
        {
            victims.Add(testimony.People is > 1 ? VictimInput.New(pseudonym("others"), CountingUnit.Group, testimony.People) : VictimInput.New(pseudonym("person")));
        }

        input.NewVictims = victims;
        input.Connection = whom.Contains("me") ? "victim" : whom.Contains("someone_known") ? "relative" : "witness";
        input.Acts = [.. (testimony.Acts ?? []).SelectMany(type => victims.Select(victim => new EventActInput
        {
            Id = RandomId.New(),
            Type = type,
            Victim = victim.Id,
            Involvements = [.. (testimony.Perpetrators ?? []).Select(p => new EventInvolvementInput { Perpetrator = p, Degree = DefaultDegree })],
        }))];
    }
}
