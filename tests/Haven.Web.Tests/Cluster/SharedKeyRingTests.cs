using System.Xml.Linq;
using Haven.Crypto;
using Haven.Storage;
using Haven.Tests;
using Haven.Web.Hosting;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Haven.Web.Tests.Cluster;

/// <summary>
/// Issue 19: the data-protection keys (behind anti-forgery tokens and protected cookies) are rows of
/// <c>protection_keys</c> on PostgreSQL, shared by every node, and stored only encrypted under the instance key.
/// Before, each node kept its own key files: a form opened on one node was refused by the other.
/// </summary>
public sealed class SharedKeyRingTests
{
    private const string OnlyPostgres = "Several nodes share one database on PostgreSQL only; SQLite keeps the key files (KeyRingTests).";

    [ProviderFact(postgres: true, OnlyPostgres)]
    public async Task A_form_token_made_on_one_node_is_accepted_on_the_other_and_the_shared_keys_hold_no_plaintext()
    {
        await using var nodes = await InProcessNodes.StartAsync();
        foreach (var (from, to) in new[] { (nodes.A, nodes.B), (nodes.B, nodes.A) })
        {
            using var browser = from.CreateClient();
            var token = HavenClient.Hidden((await browser.GetAsync("/return")).Html, "__af")!;
            using var moved = InProcessNodes.MoveTo(browser, from, to, "en");
            var sent = await moved.PostAsync("/return", [new("__af", token), new("Receipt", "1234 5678 9012 3456 7890")]);
            Assert.DoesNotContain("The form could not be accepted", sent.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("This page was open for too long", sent.Html, StringComparison.Ordinal);
            Assert.Contains("We could not find that code", sent.Html, StringComparison.Ordinal);
        }

        await using var db = StorageServiceCollectionExtensions.CreateContext(nodes.A.Data);
        var rows = await db.ProtectionKeys.ToListAsync();
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            Assert.DoesNotContain("<masterKey", row.Xml, StringComparison.Ordinal);
            Assert.DoesNotContain("requiresEncryption", row.Xml, StringComparison.Ordinal);
            Assert.Contains("<havenKeyRing version=\"1\" mode=\"instance\"", row.Xml, StringComparison.Ordinal);
        }

        // Nothing in the nodes' key folders: the database is the one place.
        foreach (var node in new[] { nodes.A, nodes.B })
        {
            var keys = Path.Combine(node.DataPath, "keys");
            Assert.Empty(Directory.Exists(keys) ? Directory.GetFiles(keys) : []);
        }
    }

    [ProviderFact(postgres: true, OnlyPostgres)]
    public async Task A_key_two_nodes_make_at_once_is_stored_once_and_a_key_under_the_memory_key_never()
    {
        var path = Path.Combine(Path.GetTempPath(), "haven-test-" + RandomId.New());
        var data = TestDatabases.Data(path);
        try
        {
            await StorageServiceCollectionExtensions.MigrateAsync(data);
            var factory = new DataDirectoryContextFactory(data);
            var first = new DatabaseKeyRingRepository(factory);
            var second = new DatabaseKeyRingRepository(factory);

            // Both found no key and each made one: the first stored serves both.
            Assert.Empty(first.GetAllElements());
            Assert.Empty(second.GetAllElements());
            first.StoreElement(Key("a", "instance"), "key-a");
            second.StoreElement(Key("b", "instance"), "key-b");
            Assert.Equal(["a"], Ids(second));
            Assert.Equal(["a"], Ids(first));

            // The next key (the framework makes it before the current one expires) by a node that has read the ring is stored.
            second.StoreElement(Key("c", "instance"), "key-c");
            Assert.Equal(["a", "c"], Ids(first));

            // A key made before set-up (under the key held in memory) stays in that node's memory.
            first.StoreElement(Key("d", "memory"), "key-d");
            Assert.Equal(["a", "c", "d"], Ids(first));
            Assert.Equal(["a", "c"], Ids(second));
            await using var db = factory.CreateDbContext();
            Assert.Equal(2, await db.ProtectionKeys.CountAsync());
        }
        finally
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }

            TestDatabases.Drop(path);
        }
    }

    private static XElement Key(string id, string mode) =>
        new("key", new XAttribute("id", id), new XElement("descriptor", new XElement("encryptedSecret", new XElement(KeyRingEncryptor.ElementName, new XAttribute("version", "1"), new XAttribute("mode", mode), "AAAA"))));

    private static List<string> Ids(DatabaseKeyRingRepository repository) => [.. repository.GetAllElements().Select(e => (string)e.Attribute("id")!)];
}
