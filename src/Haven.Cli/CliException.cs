namespace Haven.Cli;

/// <summary>An operator error: printed as one line, exit code 2.</summary>
internal sealed class CliException(string message) : Exception(message);
