namespace Haven.Cli;

/// <summary>A command stopped by Ctrl-C or SIGTERM after cleaning up: printed as <c>haven: stopped; MESSAGE</c>, exit code 130.</summary>
/// <param name="message">What was (not) left, e.g. "nothing was written to /backups/x.backup".</param>
internal sealed class CommandStoppedException(string message) : Exception(message);
