using Haven.Record.Events;

namespace Haven.Record.Index;

/// <summary>One act with its event, for the list: the period it may fall in, precomputed.</summary>
internal sealed record IndexedAct(IndexedEvent Event, ActCoding Act, DateOnly? From, DateOnly? To, int Corroboration, int BestReliability);
