# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers for black-box tests of the real isplic binary through the accessibility tree (AT-SPI).

Run inside one X server and one private session bus (xvfb-run … dbus-run-session …), with
Debian's /usr/bin/python3 (gi Atspi 2.0). Everything waits with a deadline; nothing sleeps and
then asserts."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request

# The meson test environment makes GLib warnings fatal. In this driver process the warnings come
# from libatspi racing the app's changing tree ("Object does not exist at path …"), which is
# normal for a live UI: keep them non-fatal here (before GLib is loaded).
os.environ["G_DEBUG"] = ",".join(
    f for f in os.environ.get("G_DEBUG", "").split(",")
    if f and f not in ("fatal-warnings", "fatal-criticals"))

import gi  # noqa: E402

gi.require_version("Atspi", "2.0")  # noqa: E402
from gi.repository import Atspi, GLib  # noqa: E402

# Roles by name, as GTK 4.8 reports them.
BIG_CONTAINERS = ("tree table", "table", "list", "list box", "tree")


class StepFailed(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# Processes


class Simulator:
    """isplic-billmgr-sim as a child process; its URL is the first line of its stdout."""

    def __init__(self, exe, *args, env=None):
        self.proc = subprocess.Popen([exe, "--port", "0", *args], stdout=subprocess.PIPE,
                                     stderr=sys.stderr, env=env, text=True)
        line = self.proc.stdout.readline().strip()
        if not line.startswith("http://"):
            self.stop()
            raise StepFailed(f"the simulator printed {line!r} instead of its URL")
        self.url = line
        scheme, rest = line.split("://", 1)
        self.base = scheme + "://" + rest.split("/", 1)[0]
        self.requests_seen = 0

    def state(self):
        with urllib.request.urlopen(self.base + "/sim/state", timeout=10) as r:
            return json.load(r)

    def requests(self):
        """The requests received since the last clear_requests_seen() (GET /sim/requests)."""
        with urllib.request.urlopen(self.base + "/sim/requests", timeout=10) as r:
            log = json.load(r)
        return log[self.requests_seen:]

    def clear_requests_seen(self):
        with urllib.request.urlopen(self.base + "/sim/requests", timeout=10) as r:
            self.requests_seen = len(json.load(r))

    def licenses(self):
        """The licenses func=soft would list (not deleted), by id."""
        return {str(lic["id"]): lic for lic in self.state()["licenses"]
                if int(lic.get("status", 0)) != 4}

    def all_licenses(self):
        return {str(lic["id"]): lic for lic in self.state()["licenses"]}

    def stop(self):
        stop_process(self.proc)


def stop_process(proc):
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def hold_x_display(timeout=20.0):
    """Keeps one connection to the X server open for the whole test.

    Xvfb (started without -noreset) resets itself whenever its last client disconnects, and a
    client that connects during the reset is refused: GTK then fails with "cannot open display".
    Short-lived X clients (at-spi-bus-launcher, xdotool, earlier tests) make that a race the app
    loses now and then. While this client stays connected the server never resets."""
    deadline = time.monotonic() + timeout
    while True:
        proc = subprocess.Popen(["xprop", "-root", "-spy", "_NET_ACTIVE_WINDOW"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            proc.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            return proc  # still connected
        err = proc.stderr.read().decode(errors="replace").strip()
        if time.monotonic() >= deadline:
            raise StepFailed(f"cannot connect to the X server {os.environ.get('DISPLAY')}: {err}")
        time.sleep(0.2)


def app_environment(tmp):
    """The app's environment: X11 with the cairo renderer, in-memory GSettings, a fresh file
    keyring (so no password is remembered), and the accessibility bridge switched on (the
    meson test_env switches it off for the other suites)."""
    env = dict(os.environ)
    env.pop("NO_AT_BRIDGE", None)
    env.pop("GTK_A11Y", None)
    env.update({
        "GDK_BACKEND": "x11",
        "GSK_RENDERER": "cairo",
        "GSETTINGS_BACKEND": "memory",
        "SECRET_BACKEND": "file",
        "SECRET_FILE_TEST_PATH": os.path.join(tmp, "test.keyring"),
        "SECRET_FILE_TEST_PASSWORD": "ui-test-keyring-password",
        "LC_ALL": "C.UTF-8",
        "LANGUAGE": "C",
        "HOME": tmp,
        "XDG_CONFIG_HOME": os.path.join(tmp, "config"),
        "XDG_DATA_HOME": os.path.join(tmp, "data"),
        "XDG_CACHE_HOME": os.path.join(tmp, "cache"),
    })
    return env


# ---------------------------------------------------------------------------------------------
# Waiting


def wait_for(what, fn, timeout=20.0, interval=0.1):
    """Calls fn until it returns something true (returned) or the deadline passes."""
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            value = fn()
            if value:
                return value
        except (GLib.Error, StepFailed, KeyError, IndexError, ValueError, OSError,
                AttributeError, TypeError) as e:
            last_error = e
        if time.monotonic() >= deadline:
            extra = f" (last error: {last_error})" if last_error else ""
            raise StepFailed(f"timed out after {timeout:.0f} s waiting for {what}{extra}")
        time.sleep(interval)


# ---------------------------------------------------------------------------------------------
# The accessibility tree


def find_app(pid):
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        child = desktop.get_child_at_index(i)
        if child is None:
            continue
        try:
            if child.get_process_id() == pid:
                return child
        except GLib.Error:
            continue
    return None


def safe(fn, default=None):
    try:
        return fn()
    except (GLib.Error, AttributeError):
        return default


def role(node):
    return safe(node.get_role_name, "")


def name(node):
    return safe(node.get_name, "") or ""


def text_of(node):
    """The text of a label or entry (Text interface), else ""."""
    try:
        n = Atspi.Text.get_character_count(node)
        return Atspi.Text.get_text(node, 0, n) or ""
    except (GLib.Error, TypeError, AttributeError):
        return ""


def states(node):
    return safe(node.get_state_set)


def has_state(node, state):
    s = states(node)
    return s is not None and s.contains(state)


def is_sensitive(node):
    return has_state(node, Atspi.StateType.SENSITIVE)


def is_visible(node):
    return has_state(node, Atspi.StateType.VISIBLE)


def is_shown(node):
    """Visible and with an area. GTK 4.8 reports "visible" for the children of a GtkStack's
    hidden pages too (they have no size), and never reports "showing" under Xvfb."""
    if not is_visible(node):
        return False
    e = extents(node)
    return e is None or (e.width > 0 and e.height > 0)


def extents(node):
    """Position relative to the node's top-level window (GTK 4 cannot report screen
    coordinates, and warns when asked)."""
    try:
        return Atspi.Component.get_extents(node, Atspi.CoordType.WINDOW)
    except (GLib.Error, TypeError, AttributeError):
        return None


def width(node):
    e = extents(node)
    return e.width if e is not None else 0


def walk(node, depth=0, max_depth=60, row_limit=200, only_visible=True, prune=None):
    """Depth-first over the subtree; big tables contribute at most row_limit children; hidden
    subtrees (a GtkStack's other pages, invisible labels) are skipped when only_visible; the
    children of nodes for which prune(node) is true are not visited."""
    if node is None or depth > max_depth:
        return
    if only_visible and depth > 0 and not is_shown(node):
        return
    yield node
    if prune is not None and depth > 0 and prune(node):
        return
    n = safe(node.get_child_count, 0)
    limit = min(n, row_limit) if role(node) in BIG_CONTAINERS else n
    for i in range(limit):
        child = safe(lambda: node.get_child_at_index(i))
        if child is not None:
            yield from walk(child, depth + 1, max_depth, row_limit, only_visible, prune)


def matching(root, role_name=None, name_is=None, name_has=None, pred=None, **kw):
    """Generator over the shown nodes of the subtree that match, in tree order."""
    for node in walk(root, **kw):
        if role_name is not None and role(node) != role_name:
            continue
        if name_is is not None and name(node) != name_is:
            continue
        if name_has is not None and name_has not in name(node):
            continue
        if pred is not None and not pred(node):
            continue
        yield node


def find_all(root, role_name=None, name_is=None, name_has=None, pred=None, **kw):
    return list(matching(root, role_name, name_is, name_has, pred, **kw))


def find(root, role_name=None, name_is=None, name_has=None, pred=None, **kw):
    """The first match (the walk stops there), or None."""
    return next(matching(root, role_name, name_is, name_has, pred, **kw), None)


def windows(app):
    """The app's top-level windows and dialogs."""
    out = []
    for i in range(safe(app.get_child_count, 0)):
        child = safe(lambda: app.get_child_at_index(i))
        if child is not None:
            out.append(child)
    return out


def window_named(app, role_name, name_has):
    for w in windows(app):
        if role(w) == role_name and name_has in name(w) and is_visible(w):
            return w
    return None


def dump(node, out=sys.stderr, depth=0, max_depth=40, row_limit=8):
    """Prints the subtree (role, name, text, states, extents) for debugging a failure."""
    if node is None or depth > max_depth:
        return
    r = role(node)
    s = states(node)
    flags = []
    if s is not None:
        for st, label in ((Atspi.StateType.VISIBLE, "visible"),
                          (Atspi.StateType.SENSITIVE, "sensitive"),
                          (Atspi.StateType.FOCUSED, "focused"),
                          (Atspi.StateType.SELECTED, "selected"),
                          (Atspi.StateType.CHECKED, "checked")):
            if s.contains(st):
                flags.append(label)
    e = extents(node)
    geom = f" @{e.x},{e.y} {e.width}x{e.height}" if e is not None else ""
    t = text_of(node) if r in ("label", "text", "password text", "status", "alert") else ""
    ttext = f" text={t!r}" if t and t != name(node) else ""
    print(f"{'  ' * depth}[{r}] {name(node)!r}{ttext} {','.join(flags)}{geom}", file=out)
    n = safe(node.get_child_count, 0)
    limit = min(n, row_limit) if r in BIG_CONTAINERS else n
    for i in range(limit):
        child = safe(lambda: node.get_child_at_index(i))
        dump(child, out, depth + 1, max_depth, row_limit)
    if limit < n:
        print(f"{'  ' * (depth + 1)}… {n - limit} more", file=out)


# ---------------------------------------------------------------------------------------------
# Acting as a person


def action_index(node, action_name):
    try:
        for i in range(Atspi.Action.get_n_actions(node)):
            if Atspi.Action.get_action_name(node, i) == action_name:
                return i
    except (GLib.Error, TypeError, AttributeError):
        pass
    return -1


def press(node, action_name="click"):
    """Performs the named accessible action (a button's "click")."""
    i = action_index(node, action_name)
    if i < 0:
        raise StepFailed(f"{role(node)} {name(node)!r} has no {action_name!r} action")
    Atspi.Action.do_action(node, i)


def set_text(node, text):
    if not Atspi.EditableText.set_text_contents(node, text):
        raise StepFailed(f"could not set the text of {role(node)} {name(node)!r}")


def xdotool(*args):
    subprocess.run(["xdotool", *args], check=True, timeout=30)


def click_at(node, button=1):
    """A real pointer click in the middle of the widget."""
    e = extents(node)
    if e is None or e.width <= 0 or e.height <= 0:
        raise StepFailed(f"{role(node)} {name(node)!r} has no area to click")
    xdotool("mousemove", "--sync", str(e.x + e.width // 2), str(e.y + e.height // 2),
            "click", str(button))


def key(*keys):
    xdotool("key", "--clearmodifiers", *keys)


# ---------------------------------------------------------------------------------------------
# TAP


class Tap:
    def __init__(self, planned):
        self.planned = planned
        self.n = 0
        self.failed = 0
        print(f"1..{planned}", flush=True)

    def ok(self, description):
        self.n += 1
        print(f"ok {self.n} - {description}", flush=True)

    def not_ok(self, description, why):
        self.n += 1
        self.failed += 1
        print(f"not ok {self.n} - {description}", flush=True)
        for line in str(why).splitlines():
            print(f"# {line}", flush=True)

    def skip_rest(self, why):
        while self.n < self.planned:
            self.n += 1
            print(f"not ok {self.n} - skipped: {why}", flush=True)
            self.failed += 1


def skip_reason(r, i, essential):
    """Why the steps after failed step @i are skipped, or None when they can go on."""
    if r.app is None:
        return "the app did not start"
    if r.app.poll() is not None:
        return f"the app exited with status {r.app.returncode}"
    if i < essential:
        return "an earlier step failed"
    return None


def run_steps(r, steps, essential, quiet=(StepFailed,), on_failure=None, recover=None):
    """Runs @steps, (title, fn(r)) pairs, one TAP line each. When one of the first @essential
    fails, or the app is gone, the rest are skipped. A failure of a kind in @quiet is told
    without a traceback. @on_failure(r, title), when given, runs after each failed step (to show
    what was on screen); @recover(r) after a failed step that the run goes on from. Then stops
    @r (the app and the simulator), shows the app's backtrace when it crashed (when @r can tell)
    and its output when something failed, and returns the exit status."""
    tap = Tap(len(steps))
    t_start = time.monotonic()
    try:
        for i, (title, fn) in enumerate(steps):
            t0 = time.monotonic()
            try:
                detail = fn(r)
                tap.ok(f"{title} ({time.monotonic() - t0:.1f} s): {detail}")
            except Exception as e:  # noqa: BLE001 — every failure becomes a TAP line
                tap.not_ok(title, f"{type(e).__name__}: {e}")
                if not isinstance(e, quiet):
                    traceback.print_exc(file=sys.stdout)
                if on_failure is not None:
                    on_failure(r, title)
                why = skip_reason(r, i, essential)
                if why is not None:
                    tap.skip_rest(why)
                    break
                if recover is not None:
                    recover(r)
    finally:
        report = r.crash_report() if hasattr(r, "crash_report") and r.app is not None else ""
        r.stop()
        if report:
            print("---- the app crashed; backtrace from its core dump ----\n" + report,
                  file=sys.stderr)
        if tap.failed and os.path.exists(r.app_log):
            with open(r.app_log, errors="replace") as f:
                print("---- the app's output (tail) ----\n" + f.read()[-4000:], file=sys.stderr)
        remove_dir(r.tmp)
    print(f"# {tap.n - tap.failed} of {tap.planned} passed in {time.monotonic() - t_start:.1f} s")
    return 1 if tap.failed else 0


def temp_dir():
    return tempfile.mkdtemp(prefix="isplic-ui-")


def remove_dir(path):
    shutil.rmtree(path, ignore_errors=True)
