# SPDX-License-Identifier: GPL-3.0-or-later
"""The misbehaving billmgr (isplic-hostile-server) for tests written in Python.

    with HostileServer(exe, {"service.prolong": [{"kind": "drop"}]}) as server:
        run_cli("--url", server.url, "renew", "3100001")
        assert server.count("service.prolong") == 1

The script format is the server's: {"FUNC": [behaviour, ...], "*": [default, ...]}; a behaviour is
{"kind": "body"|"endless"|"endless-length"|"gzip-bomb"|"drip"|"hang"|"drop"|"status"|
"pages-liar"|"pages-repeat", "status": N, "headers": {...}, "body": "...", "gzip": bool,
"interval_ms": N, "p_elems": N}. The first request of a func gets its first behaviour, the next
the second, and the last repeats. Standard library only.
"""

import json
import os
import subprocess
import tempfile
import time
import urllib.request

# The canonical hostile strings, as in tests/lib/isplic-test-utils.c.
HOSTILE_STRINGS = {
    "osc52-clipboard": "\x1b]52;c;SGVsbG8=\x07",
    "erase-line": "\x1b[2K\rrenewed",
    "bidi-override": "\u202egpj.exe",
    "bidi-isolate": "\u2066evil\u2069 \u2067open",
    "c1-csi": "\u009b31m",
    "fake-line": "x\nisplic-cli: renewed until 2099-12-31",
    "osc-title": "\x1b]0;owned\x1b\\",
    "backspace": "paid\b\b\b\bfree",
}

_BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) | {0x061C, 0x200E, 0x200F}


def has_raw_controls(text):
    """Whether text carries what a terminal or a layout would act on: C0 controls but newline
    and tab, DEL, C1 controls, bidi controls (as isplic_test_has_raw_controls)."""
    for ch in text:
        c = ord(ch)
        if (c < 0x20 and ch not in "\n\t") or 0x7F <= c <= 0x9F or c in _BIDI:
            return True
    return False


def error_body(message):
    """A billmgr refusal carrying message (json.dumps escapes the controls as \\uXXXX)."""
    return json.dumps({"doc": {"error": {"$type": "value", "msg": {"$": message}}}})


class HostileServer:
    """One isplic-hostile-server process; it ends when this object is closed (its stdin closes)."""

    def __init__(self, exe, script=None):
        self._script_file = None
        args = [exe]
        if script is not None:
            fd, self._script_file = tempfile.mkstemp(prefix="isplic-hostile-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(script, f)
            args += ["--script", self._script_file]
        self.process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.url = self.process.stdout.readline().decode().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            self.close()
            raise RuntimeError("isplic-hostile-server did not start")
        self.base_url = self.url.rsplit("/", 1)[0]

    def requests(self):
        """The request log: dicts with index, method, path, func, params (secrets redacted),
        time, body_bytes, done."""
        with urllib.request.urlopen(self.base_url + "/hostile/requests", timeout=10) as answer:
            return json.load(answer)

    def count(self, func=None):
        return sum(1 for r in self.requests() if func is None or r["func"] == func)

    def wait_for(self, func, n=1, timeout=10.0):
        """Waits until the n-th request for func arrived; returns it."""
        deadline = time.monotonic() + timeout
        while True:
            matching = [r for r in self.requests() if r["func"] == func]
            if len(matching) >= n:
                return matching[n - 1]
            if time.monotonic() > deadline:
                raise TimeoutError("no request %d for %s" % (n, func))
            time.sleep(0.02)

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process.stdout.close()
        if self._script_file is not None:
            os.unlink(self._script_file)
            self._script_file = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
