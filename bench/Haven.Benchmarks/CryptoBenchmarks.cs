using BenchmarkDotNet.Attributes;
using Haven.Crypto;

namespace Haven.Benchmarks;

/// <summary>The cost of each protocol v1 operation on this machine.</summary>
[MemoryDiagnoser]
public class CryptoBenchmarks
{
    private readonly byte[] _pepper = SodiumRandom.Bytes(32);
    private readonly string _receipt = Receipt.Generate();
    private readonly byte[] _message = new byte[4096];
    private X25519KeyPair _case = null!;
    private SealedRecord _sealed = null!;
    private readonly string _recordId = RandomId.New();

    [GlobalSetup]
    public void Setup()
    {
        _case = X25519KeyPair.Generate();
        _sealed = RecordEnvelope.Seal(_message, "message", _recordId, _case.PublicKey, []);
    }

    [GlobalCleanup]
    public void Cleanup() => _case.Dispose();

    /// <summary>Argon2id 64 MiB, t=3, then BLAKE2b and X25519: paid once per receipt given or typed.</summary>
    [Benchmark]
    public string ReceiptDerivation()
    {
        using var keys = Haven.Crypto.ReceiptDerivation.Derive(_receipt, _pepper);
        return keys.LookupId;
    }

    /// <summary>Sealing a 4 KiB record: fresh key, XChaCha20-Poly1305, one sealed box.</summary>
    [Benchmark]
    public SealedRecord SealRecord4KiB() => RecordEnvelope.Seal(_message, "message", _recordId, _case.PublicKey, []);

    /// <summary>Opening a 4 KiB record with the case key.</summary>
    [Benchmark]
    public bool OpenRecord4KiB() => RecordEnvelope.TryOpen(_sealed.Ciphertext, _sealed.KeyForCase, _case, "message", _recordId, out _);
}
