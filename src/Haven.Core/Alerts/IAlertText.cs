namespace Haven.Alerts;

/// <summary>
/// The words of an alert, given by the web host from its resources: only that there is new activity on the desk
/// (with "urgent" only when <see cref="AlertOptions.AllowUrgencyWord"/> and an urgent request is among it).
/// Haven keeps no language per responder, so the text is in every language of the site together.
/// </summary>
internal interface IAlertText
{
    /// <summary>The subject and plain-text body; <paramref name="urgent"/> says whether to use the urgency word.</summary>
    (string Subject, string Body, string Language) Compose(bool urgent);
}
