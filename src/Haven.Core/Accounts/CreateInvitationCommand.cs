using Haven.Audit;
using Haven.Crypto;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haven.Accounts;

/// <summary>
/// An administrator invites a responder for a role. Returns the token, which the caller shows once as a
/// link and forgets; only its hash is saved.
/// </summary>
internal sealed class CreateInvitationCommand(IDbContextFactory<HavenDbContext> dbFactory, AuditedWriter writer, IOptions<InvitationOptions> options, TimeProvider clock)
{
    /// <summary>
    /// Creates an invitation for <paramref name="role"/> and returns its token; null unless <paramref name="admin"/> is
    /// an administrator and the role exists.
    /// </summary>
    public async Task<string?> ExecuteAsync(ResponderRole role, UnlockedResponder admin, CancellationToken cancellationToken)
    {
        if (admin.Role != ResponderRole.Admin || !Enum.IsDefined(role))
        {
            return null;
        }

        var token = InvitationTokens.New();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Invitations.Add(new Invitation
        {
            Id = RandomId.New(),
            TokenHash = InvitationTokens.Hash(token)!,
            Role = role,
            CreatedBy = admin.Id,
            ExpiresAt = clock.GetUtcNow() + options.Value.Lifetime,
        });
        await writer.SaveAsync(db, AuditActor.For(admin), new AuditEvent("responder.invited", null, role.ToString()), cancellationToken);
        return token;
    }
}
