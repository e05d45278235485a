#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test-history.py APP SIMULATOR

Black-box test of the History window through the accessibility tree, with real key presses
(xdotool): a license renamed in the app is journalled; Ctrl+H opens History, whose entry names the
rename and its outcome; the keyboard alone (Tab, Return) shows the server's own history of that
license beside it; Escape closes the window; every control on the way has an accessible name.
Reuses the running and sign-in steps of test-operations.py. Prints one TAP line per step."""

import importlib.util
import os
import signal
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from isplic_ui import StepFailed, find, find_all, key, name, run_steps  # noqa: E402

_spec = importlib.util.spec_from_file_location("operations", os.path.join(HERE,
                                                                          "test-operations.py"))
ops = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ops)

STATE = {}


def step_rename(r):
    detail = ops.step_edit(r, set())
    STATE["detail"] = detail
    return detail


def history_window(r):
    return r.dialog("History")


def labels(node):
    return [name(n) for n in find_all(node, "label")]


def step_open(r):
    r.focus_main()
    key("ctrl+h")
    win = r.wait("the History window", lambda: history_window(r))
    r.audit("history window", win)
    items = r.wait("the journal's entries", lambda: [
        i for i in find_all(win, "list item") if "Done" in labels(i)])
    texts = labels(items[0])
    new_name = STATE["detail"].split(" → ")[1].split(";")[0]
    if not any(new_name in t and t.startswith("Rename license ") for t in texts):
        raise StepFailed(f"the newest entry reads {texts}, not the rename to {new_name}")
    if name(items[0]) == "" or new_name not in name(items[0]):
        raise StepFailed(f"the entry's accessible name is {name(items[0])!r}")
    STATE["win"] = win
    return f"newest entry: {' | '.join(t for t in texts if t)}"


def step_server_history(r):
    win = STATE["win"]
    # The search entry has the focus when the window opens: Tab reaches the list, Return opens
    # the entry.
    key("Tab")
    time.sleep(0.3)
    key("Return")
    server = r.wait("the license's server history list", lambda: find(
        win, "list", "The server’s history of the license"))
    rows = r.wait("rows in the server's history", lambda: [
        i for i in find_all(server, "list item") if labels(i)])
    texts = [" | ".join(labels(i)) for i in rows]
    if not any("renamed" in t or "name has been changed" in t for t in texts):
        raise StepFailed(f"the server's history does not show the rename: {texts}")
    outcome = ops.row_value(win, "Outcome")
    if outcome != "Done":
        raise StepFailed(f"the entry's outcome reads {outcome!r}")
    r.audit("history window, an entry shown", win)
    return f"{len(rows)} server entries, the newest: {texts[0]}"


def step_escape(r):
    win = STATE["win"]
    key("Escape")
    r.wait_dialog_gone(win, 10)
    return "closed"


def main():
    signal.signal(signal.SIGTERM, lambda *args: sys.exit(128 + signal.SIGTERM))
    r = ops.Run()
    steps = [
        ("the app starts on the sign-in page", ops.step_start),
        ("the right password shows the simulator's licenses", ops.step_sign_in),
        ("a license renamed in the app", step_rename),
        ("Ctrl+H opens History with the rename, done", step_open),
        ("Tab and Return show the server's history of the license", step_server_history),
        ("Escape closes History", step_escape),
        ("every control has an accessible name", ops.step_names),
        ("the app logged no critical", ops.check_log),
    ]
    return run_steps(r, steps, essential=4)


if __name__ == "__main__":
    sys.exit(main())
