namespace Haven.Abuse;

/// <summary>What a limiter said to one attempt: go now, go after <see cref="Wait"/>, or come back after <see cref="RetryAfter"/>.</summary>
/// <param name="Admitted">True when the attempt holds a permit.</param>
/// <param name="Wait">How long an admitted attempt waits for its turn before it may start (zero most of the time).</param>
/// <param name="RetryAfter">For a refused attempt, when the next permit will be within reach.</param>
internal readonly record struct LimiterAnswer(bool Admitted, TimeSpan Wait, TimeSpan RetryAfter);
