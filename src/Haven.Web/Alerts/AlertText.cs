using System.Globalization;
using Haven.Alerts;
using Haven.Web.Hosting;
using Microsoft.Extensions.Localization;

namespace Haven.Web.Alerts;

/// <summary>
/// The words of a responders' alert from the site's resources (<c>Alerts.Mail.*</c>), in every language of the
/// site together, since Haven keeps no language per responder: "There is new activity on the desk." and nothing else.
/// </summary>
internal sealed class AlertText(IStringLocalizer<SharedResource> t) : IAlertText
{
    public (string Subject, string Body, string Language) Compose(bool urgent)
    {
        var subjects = new List<string>();
        var bodies = new List<string>();
        var before = CultureInfo.CurrentUICulture;
        try
        {
            foreach (var culture in HavenApp.Cultures)
            {
                CultureInfo.CurrentUICulture = culture;
                subjects.Add(t["Alerts.Mail.Subject"]);
                bodies.Add(t[urgent ? "Alerts.Mail.BodyUrgent" : "Alerts.Mail.Body"] + "\n" + t["Alerts.Mail.Why"]);
            }
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }

        return (string.Join(" / ", subjects.Distinct(StringComparer.Ordinal)), string.Join("\n\n", bodies) + "\n", string.Join(", ", HavenApp.Cultures.Select(c => c.Name)));
    }
}
