namespace Haven.Storage;

/// <summary>
/// The configuration file named by <c>HAVEN_CONFIG</c> is missing, unreadable or not valid JSON. The message names
/// the file and the problem (a line and position, never any of the file's text: it may hold a password).
/// </summary>
internal sealed class ConfigurationFileException(string message) : Exception(message);
