using Haven.Record.Events;

namespace Haven.Evidence.Bundles;

/// <summary>
/// A documented event that files of a signed evidence bundle support, as the bundle's manifest lists it: the
/// event's id and version, its coding exactly as the documentation key stores it (protocol.md, "Record"), and
/// the ids of the bundle's files that support it (files of the cases that are its sources). Coding only: the
/// narratives stay under their case keys.
/// </summary>
internal sealed record BundleEvent(string Id, int Version, EventCoding Coding, IReadOnlyList<string> Files);
