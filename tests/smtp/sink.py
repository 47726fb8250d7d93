#!/usr/bin/python3
"""A real SMTP server for Haven's tests (issue 18): aiosmtpd, from Debian's python3-aiosmtpd.

    /usr/bin/python3 tests/smtp/sink.py --port P --dir D [--watch-stdin]

Accepts mail for any recipient and writes each accepted message once per recipient domain as
D/<domain>/<n>-<uuid>.eml (written under a temporary name, then renamed, so that a reader never sees half a
file). Special local parts, for tests:

  bounce-*@    550 5.1.1 at RCPT
  tempfail-*@  451 4.3.0 at RCPT the first two times that exact address is tried, then accepted
  stall-*@     the answer to DATA is held (and D/<domain>/stalled created) until the file D/<domain>/release
               exists; a message whose DATA was
               never answered (the client went away) was not accepted and is not written

Prints "listening on 127.0.0.1:P" once it accepts connections. With --watch-stdin it exits when its
standard input closes (the test process that started it has gone).
"""

import argparse
import asyncio
import collections
import itertools
import os
import sys
import threading
import uuid

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.tries = collections.Counter()
        self.numbers = itertools.count(1)

    @staticmethod
    def local_part(address):
        return address.rsplit("@", 1)[0].lower()

    @staticmethod
    def domain(address):
        return address.rsplit("@", 1)[-1].lower() if "@" in address else "no-domain"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = self.local_part(address)
        if local.startswith("bounce-"):
            return "550 5.1.1 No such recipient here"
        if local.startswith("tempfail-"):
            self.tries[address.lower()] += 1
            if self.tries[address.lower()] <= 2:
                return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        stalled = sorted({self.domain(a) for a in envelope.rcpt_tos if self.local_part(a).startswith("stall-")})
        for domain in stalled:
            release = os.path.join(self.directory, domain, "release")
            os.makedirs(os.path.join(self.directory, domain), exist_ok=True)
            # A sign for tests that a DATA is held now (what a test waits for before it kills a sender).
            open(os.path.join(self.directory, domain, "stalled"), "ab").close()
            while not os.path.exists(release):
                # Cancelled with the connection when the client goes away: nothing is written then.
                await asyncio.sleep(0.05)
        if server.transport is None or server.transport.is_closing():
            return "451 4.3.0 Gone"
        content = envelope.original_content or b""
        for domain in sorted({self.domain(a) for a in envelope.rcpt_tos}):
            folder = os.path.join(self.directory, domain)
            os.makedirs(folder, exist_ok=True)
            name = "%06d-%s.eml" % (next(self.numbers), uuid.uuid4().hex)
            temporary = os.path.join(folder, "." + name + ".tmp")
            with open(temporary, "wb") as f:
                f.write(content)
                f.flush()
                os.fsync(f.fileno())
            os.rename(temporary, os.path.join(folder, name))
        return "250 2.0.0 Accepted"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--watch-stdin", action="store_true")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    sink = Sink(args.dir)

    if args.watch_stdin:
        def watch():
            while sys.stdin.buffer.read(4096):
                pass
            os._exit(0)
        threading.Thread(target=watch, daemon=True).start()

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    factory = lambda: SMTP(sink, hostname="sink.test", enable_SMTPUTF8=True, decode_data=False, loop=loop)
    server = loop.run_until_complete(loop.create_server(factory, host=args.host, port=args.port, reuse_address=True))
    print("listening on %s:%d" % (args.host, args.port), flush=True)
    try:
        loop.run_forever()
    finally:
        server.close()


if __name__ == "__main__":
    main()
