using System.Text;

namespace Haven.Evidence.Bundles;

/// <summary>The <c>README.txt</c> of every bundle: how to check it, in English and Russian, plain text.</summary>
internal static class BundleReadme
{
    public const string Text = """
        HAVEN SIGNED EVIDENCE BUNDLE (format haven-evidence-bundle/1)
        =============================================================

        This archive was exported from a Haven instance. It holds:

          manifest.json                 what the bundle holds: each file's name, size and SHA-256,
                                        its custody log, the coded events it supports, who exported
                                        the bundle and when
          manifest.json.responder.sig   Ed25519 signature (64 bytes) of manifest.json by the
                                        responder who exported it
          manifest.json.instance.sig    Ed25519 signature (64 bytes) of manifest.json by the Haven
                                        instance
          public-keys.json              the two public keys (hexadecimal)
          files/                        the files as they were received (evidentiary copies)
          working/                      working copies (cleaned or redacted), if any were exported

        How to check it:

          1. Compare the instance key in manifest.json ("instance", "signing_key") with the key the
             organisation publishes elsewhere (on the server: haven evidence key).
          2. Check both signatures of manifest.json, for example with the short Python script
             (PyNaCl) printed in Haven's docs/evidence.md, "Checking a bundle", or with
             "haven evidence verify" on the bundle.
          3. Check every file's SHA-256 against manifest.json, for example:
                 sha256sum files/* working/*
             and compare with the "sha256" of each file in manifest.json.

        Any change to a file or to manifest.json makes these checks fail.

        ПОДПИСАННЫЙ ПАКЕТ ДОКАЗАТЕЛЬСТВ HAVEN (формат haven-evidence-bundle/1)
        ======================================================================

        Этот архив выгружен из экземпляра Haven. В нём:

          manifest.json                 опись пакета: имя, размер и SHA-256 каждого файла, журнал
                                        хранения (цепочка владения), кодированные события, которые
                                        файл подтверждает, кто и когда выгрузил пакет
          manifest.json.responder.sig   подпись Ed25519 (64 байта) файла manifest.json сотрудником,
                                        выгрузившим пакет
          manifest.json.instance.sig    подпись Ed25519 (64 байта) файла manifest.json экземпляром
                                        Haven
          public-keys.json              оба открытых ключа (в шестнадцатеричной записи)
          files/                        файлы в том виде, в каком они были получены (доказательные
                                        копии)
          working/                      рабочие копии (очищенные или отредактированные), если они
                                        были выгружены

        Как проверить:

          1. Сравните ключ экземпляра в manifest.json ("instance", "signing_key") с ключом, который
             организация публикует в другом месте (на сервере: haven evidence key).
          2. Проверьте обе подписи manifest.json, например коротким скриптом на Python (PyNaCl) из
             документации Haven, docs/evidence.md, раздел "Checking a bundle", или командой
             "haven evidence verify".
          3. Сверьте SHA-256 каждого файла с manifest.json, например:
                 sha256sum files/* working/*
             и сравните со значением "sha256" каждого файла в manifest.json.

        Любое изменение файла или manifest.json делает эти проверки неуспешными.

        """;

    /// <summary>The text as the tar holds it (UTF-8, LF line ends).</summary>
    public static readonly byte[] Utf8 = Encoding.UTF8.GetBytes(Text.ReplaceLineEndings("\n"));
}
