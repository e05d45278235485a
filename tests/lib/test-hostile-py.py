#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Python side of the misbehaving server (isplic_hostile.py), against the real executable.
Usage: test-hostile-py.py ISPLIC-HOSTILE-SERVER. Prints TAP."""

import http.client
import json
import os
import sys
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from isplic_hostile import HOSTILE_STRINGS, HostileServer, error_body, has_raw_controls  # noqa

EXE = sys.argv[1]
results = []


def test(fn):
    results.append(fn)
    return fn


def post(url, form):
    return urllib.request.urlopen(url, data=form.encode(), timeout=10)


@test
def script_log_and_redaction():
    script = {
        "service.prolong": [
            {"kind": "status", "status": 429, "headers": {"Retry-After": "2"}},
            {"kind": "drop"},
        ],
        "soft.edit": {"kind": "body", "body": error_body(HOSTILE_STRINGS["osc52-clipboard"])},
    }
    with HostileServer(EXE, script) as server:
        try:
            post(server.url, "func=service.prolong&elid=1&authinfo=u%3Asecret")
            raise AssertionError("429 expected")
        except urllib.error.HTTPError as e:
            assert e.code == 429 and e.headers["Retry-After"] == "2", e
        try:
            post(server.url, "func=service.prolong&elid=1")
            raise AssertionError("a dropped connection expected")
        except (http.client.RemoteDisconnected, urllib.error.URLError, ConnectionError):
            pass
        doc = json.load(post(server.url, "func=soft.edit&elid=1"))
        assert doc["doc"]["error"]["msg"]["$"] == HOSTILE_STRINGS["osc52-clipboard"]
        first = server.wait_for("service.prolong", 1)
        assert first["params"]["authinfo"] == "[redacted]", first
        assert "secret" not in json.dumps(server.requests())
        assert server.count("service.prolong") == 2
        assert server.count() == 3
    assert server.process.returncode == 0


@test
def pages_liar_never_ends():
    with HostileServer(EXE, {"soft": [{"kind": "pages-liar"}]}) as server:
        seen = set()
        for p_num in range(1, 6):
            doc = json.load(post(server.url, "func=soft&p_cnt=4&p_num=%d" % p_num))["doc"]
            ids = [e["id"]["$"] for e in doc["elem"]]
            assert len(ids) == 4 and doc["p_elems"]["$"] == "3"
            assert not seen & set(ids)
            seen |= set(ids)


@test
def hostile_strings_agree():
    for name, text in HOSTILE_STRINGS.items():
        assert has_raw_controls(text) or "\n" in text, name
        assert not has_raw_controls(json.dumps(text)), name


print("1..%d" % len(results))
failed = 0
for i, fn in enumerate(results, 1):
    try:
        fn()
        print("ok %d %s" % (i, fn.__name__))
    except Exception as e:  # report and go on
        failed += 1
        print("not ok %d %s: %r" % (i, fn.__name__, e))
sys.exit(1 if failed else 0)
