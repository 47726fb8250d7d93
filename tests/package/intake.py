#!/usr/bin/env python3
"""The no-JavaScript intake as a person's browser does it, for tests/package/install-test.sh.

  intake.py wait BASE            waits (up to 120 s) until GET BASE/ answers 200
  intake.py submit BASE TEXT     asks for help, sends TEXT with the request form, prints the receipt
  intake.py open BASE RECEIPT    returns with the receipt; exit 0 when it opens the conversation page
"""
import http.cookiejar
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def browser():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())


def request(opener, base, path, fields=None):
    """GET (or POST the fields), following local redirects; returns (final path, status, html)."""
    data = urllib.parse.urlencode(fields).encode() if fields is not None else None
    url = base + path
    for _ in range(10):
        try:
            with opener.open(urllib.request.Request(url, data=data), timeout=60) as response:
                return urllib.parse.urlparse(response.geturl()).path, response.status, response.read().decode()
        except urllib.error.HTTPError as e:
            if e.code in (301, 302, 303, 307, 308):
                url = urllib.parse.urljoin(url, e.headers["Location"])
                data = None
                continue
            return urllib.parse.urlparse(url).path, e.code, e.read().decode(errors="replace")
    raise SystemExit("too many redirects")


def hidden(html, name):
    match = re.search(r'name="%s"[^>]*value="([^"]*)"' % re.escape(name), html)
    if not match:
        raise SystemExit("no %s on the page" % name)
    return match.group(1).replace("&#x2B;", "+").replace("&#x2F;", "/").replace("&#x3D;", "=").replace("&amp;", "&")


def main(argv):
    command, base = argv[1], argv[2].rstrip("/")
    if command == "wait":
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if request(browser(), base, "/")[1] == 200:
                    return 0
            except OSError:
                pass
            time.sleep(0.2)
        print("no answer from %s/ within 120 s" % base, file=sys.stderr)
        return 1
    person = browser()
    if command == "submit":
        _, _, home = request(person, base, "/")
        _, status, page = request(person, base, "/start", [("__af", hidden(home, "__af"))])
        receipt = re.search(r'<p class="receipt" id="receipt">([0-9 ]+)</p>', page)
        if not receipt:
            print("no receipt shown (%d)" % status, file=sys.stderr)
            return 1
        _, _, form = request(person, base, "/request")
        fields = [("__af", hidden(form, "__af")), ("Input.RecordId", hidden(form, "Input.RecordId")),
                  ("Input.Ticket", hidden(form, "Input.Ticket")), ("Input.Urgency", "now"),
                  ("Input.Text", argv[3]), ("Input.Contact", ""), ("Input.Help", "evacuation")]
        path, status, _ = request(person, base, "/request", fields)
        if path != "/sent" or status != 200:
            print("the request was not sent: %s %d" % (path, status), file=sys.stderr)
            return 1
        print("".join(c for c in receipt.group(1) if c.isdigit()))
        return 0
    if command == "open":
        _, _, page = request(person, base, "/return")
        path, status, _ = request(person, base, "/return", [("__af", hidden(page, "__af")), ("Receipt", argv[3])])
        if path != "/conversation" or status != 200:
            print("the receipt did not open the conversation: %s %d" % (path, status), file=sys.stderr)
            return 1
        return 0
    raise SystemExit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
