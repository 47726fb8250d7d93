namespace Haven.Crypto.Tests;

/// <summary>Shared helpers for the tests.</summary>
internal static class TestData
{
    /// <summary>bytes(range(start, start + count)) in Python.</summary>
    public static byte[] Range(int start, int count) => Enumerable.Range(start, count).Select(static i => (byte)i).ToArray();

    /// <summary>Every copy of <paramref name="data"/> with exactly one bit flipped.</summary>
    public static IEnumerable<byte[]> EveryBitFlipped(byte[] data)
    {
        for (var i = 0; i < data.Length * 8; i++)
        {
            var copy = (byte[])data.Clone();
            copy[i / 8] ^= (byte)(1 << (i % 8));
            yield return copy;
        }
    }
}
