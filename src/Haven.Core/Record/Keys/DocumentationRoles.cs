using Haven.Accounts;

namespace Haven.Record.Keys;

/// <summary>Who may hold and who may hand out documentation access.</summary>
internal static class DocumentationRoles
{
    /// <summary>Administrators, coordinators and analysts may be granted it; caseworkers never (they see cases, not the record of all of them).</summary>
    public static bool CanHold(ResponderRole role) => role is ResponderRole.Admin or ResponderRole.Coordinator or ResponderRole.Analyst;

    /// <summary>Only administrators grant, revoke and rotate (and only one who holds it grants).</summary>
    public static bool CanManage(ResponderRole role) => role == ResponderRole.Admin;
}
