namespace Haven.Abuse;

/// <summary>
/// One bucket's rule in the generic cell rate algorithm: a permit comes back every <see cref="Interval"/>; the
/// bucket holds <c>1 + Tolerance / Interval</c> permits; an attempt that finds it empty may wait up to
/// <see cref="MaxWait"/> for its turn.
/// </summary>
/// <param name="Interval">The time one permit takes to come back.</param>
/// <param name="Tolerance">How far ahead of now "full again" may be while a permit is still free (burst − 1 intervals).</param>
/// <param name="MaxWait">How long an attempt may wait for its turn instead of being refused.</param>
internal readonly record struct ThrottleRule(TimeSpan Interval, TimeSpan Tolerance, TimeSpan MaxWait);
