namespace Haven.Record.Events;

/// <summary>
/// One change to an event, applied to a copy of its current coding and narrative by
/// <see cref="SaveEventCommand"/>: the whole event replaced, or an act, an involvement or a source added.
/// </summary>
internal abstract record EventEdit
{
    /// <summary>Applies the change; false when it names what the event does not have (an act that is not there).</summary>
    public abstract bool Apply(EventCoding coding, EventNarrative narrative);

    /// <summary>Replaces the whole coding and narrative (the event form).</summary>
    public sealed record Replace(EventCoding Coding, EventNarrative Narrative) : EventEdit
    {
        public override bool Apply(EventCoding coding, EventNarrative narrative)
        {
            coding.Start = Coding.Start;
            coding.End = Coding.End;
            coding.Region = Coding.Region;
            coding.Status = Coding.Status;
            coding.Confidentiality = Coding.Confidentiality;
            coding.Acts = Coding.Acts;
            coding.Information = Coding.Information;
            narrative.Title = Narrative.Title;
            narrative.Description = Narrative.Description;
            narrative.Acts = Narrative.Acts;
            narrative.Information = Narrative.Information;
            return true;
        }
    }

    /// <summary>Adds an act (one victim), with its method and consequences when given.</summary>
    public sealed record AddAct(ActCoding Act, ActNarrative? Words) : EventEdit
    {
        public override bool Apply(EventCoding coding, EventNarrative narrative)
        {
            coding.Acts.Add(Act);
            if (Words is not null)
            {
                narrative.Acts.Add(new ActNarrative { Id = Act.Id, Method = Words.Method, Consequences = Words.Consequences });
            }

            return true;
        }
    }

    /// <summary>Adds the involvement of a perpetrator to one act.</summary>
    public sealed record AddInvolvement(string ActId, InvolvementCoding Involvement) : EventEdit
    {
        public override bool Apply(EventCoding coding, EventNarrative narrative)
        {
            var act = coding.Acts.FirstOrDefault(a => a.Id == ActId);
            act?.Involvements.Add(Involvement);
            return act is not null;
        }
    }

    /// <summary>Adds a source of information, with its details when given.</summary>
    public sealed record AddInformation(InformationCoding Source, InformationNarrative? Words) : EventEdit
    {
        public override bool Apply(EventCoding coding, EventNarrative narrative)
        {
            coding.Information.Add(Source);
            if (Words is not null)
            {
                narrative.Information.Add(new InformationNarrative { Id = Source.Id, Details = Words.Details });
            }

            return true;
        }
    }
}
