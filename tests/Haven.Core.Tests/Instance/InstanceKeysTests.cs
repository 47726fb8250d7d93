using Haven.Crypto;
using Haven.Instance;
using Haven.Storage;

namespace Haven.Core.Tests.Instance;

public sealed class InstanceKeysTests : IDisposable
{
    private readonly DataDirectory _data = new(Path.Combine(Path.GetTempPath(), "haven-core-" + RandomId.New()));

    [Fact]
    public void The_key_file_round_trips_is_owner_only_and_is_never_overwritten()
    {
        var (keys, recovery) = InstanceKeys.Create();
        using (recovery)
        {
            keys.Save(_data);
            var loaded = InstanceKeys.Load(_data);
            Assert.Equal(keys.Pepper, loaded.Pepper);
            Assert.Equal(recovery.PublicKey, loaded.RecoveryPublicKey);
            Assert.DoesNotContain(Hex.Encode(recovery.SecretKey), File.ReadAllText(_data.InstanceKeyFile), StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_data.InstanceKeyFile));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_data.Path));
            }

            var (other, otherRecovery) = InstanceKeys.Create();
            otherRecovery.Dispose();
            Assert.Throws<InvalidOperationException>(() => other.Save(_data));
            Assert.Equal(keys.Pepper, InstanceKeys.Load(_data).Pepper);
        }
    }

    [Fact]
    public void A_damaged_key_file_is_refused()
    {
        _data.EnsureExists();
        File.WriteAllText(_data.InstanceKeyFile, "{\"version\":1,\"pepper\":\"AAAA\"}");
        Assert.Throws<InvalidDataException>(() => InstanceKeys.Load(_data));
    }

    public void Dispose()
    {
        if (Directory.Exists(_data.Path))
        {
            Directory.Delete(_data.Path, recursive: true);
        }
    }
}
