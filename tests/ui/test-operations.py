#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test-operations.py APP SIMULATOR

Black-box test of the real isplic binary, driven through the accessibility tree as a person (or a
screen reader user) would: sign in against a spawned isplic-billmgr-sim (wrong password, then the
right one), read the license list, search, open the details (Enter), order (a refused IP, then a
good one, from Ctrl+N), renew, edit, change tariff, suspend and resume (one license, then two
selected together), several selected by Ctrl+click (the action bar's count, the pane's summary,
a group suspend that leaves a suspended one alone and keeps the selection, Escape closing the
pane, Ctrl+C copying the IP), regenerate the key and delete (Delete key). Per-license actions
are pressed in the details pane, opened with F9. Every result is checked on screen
(rows, toasts, dialogs) and in the simulator (GET /sim/state, /sim/requests); the money shown
(order and renewal totals, what a tariff change charges now, the footer's balance) is checked
against the simulator's balance, and the details pane's auto-renewal switch and History section
against its state. Also audits the
accessible names of every control met on the way and the app's log. Prints one TAP line per step;
on a failure the app's accessibility tree goes to stderr."""

import glob
import os
import re
import resource
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from isplic_ui import (  # noqa: E402
    Atspi, Simulator, StepFailed, action_index, app_environment, dump, extents, find,
    find_all, find_app, hold_x_display, is_sensitive, key, matching, name, press, role,
    run_steps, safe, set_text, stop_process, temp_dir, text_of, wait_for, walk, width, windows,
    xdotool,
)

USER = "reseller@example.com"
PASSWORD = "demo"
N_LICENSES = 30
LATENCY_MS = 150
# The billmgr statuses the simulator reports.
ACTIVE, SUSPENDED, DELETED, PROCESSING = 2, 3, 4, 5

# Absolute: the app runs in a temporary folder (meson passes paths relative to the build dir).
app_path, sim_path = (os.path.abspath(p) for p in sys.argv[1:3])


def clean(label):
    return label.replace("_", "")


def label_is(node, label):
    """Accessible names of buttons with a mnemonic read like "_Cancel Cancel"."""
    n = clean(name(node))
    return n == label or n.endswith(" " + label)


def not_table(node):
    return role(node) == "tree table"


def button(root, label, sensitive=None):
    """The first allocated push button labelled label (AdwMessageDialog keeps a second,
    unallocated copy of its buttons); the license table is not searched."""
    for node in matching(root, "push button", pred=lambda n: label_is(n, label),
                         prune=not_table):
        if width(node) <= 0:
            continue
        if sensitive is not None and is_sensitive(node) != sensitive:
            continue
        return node
    return None


def button_starting(root, label, sensitive=None):
    """Like button(), for a label that goes on ("Order for 5.00 EUR" for "Order")."""
    for node in matching(root, "push button", prune=not_table,
                         pred=lambda n: any(part.startswith(label)
                                            for part in (clean(name(n)),
                                                         clean(name(n)).split("  ")[-1]))):
        if width(node) <= 0:
            continue
        if sensitive is not None and is_sensitive(node) != sensitive:
            continue
        return node
    return None


MONEY = re.compile(r"(-?\d[\d,\u00a0\u202f ]*(?:\.\d+)?)\s*([A-Z]{3})")


def cents_in(text, index=0):
    """The index-th amount of text ("1,234.56 EUR") in cents, or None."""
    found = MONEY.findall(text or "")
    if len(found) <= index:
        return None
    digits = re.sub(r"[^\d.-]", "", found[index][0])
    return int(round(float(digits) * 100))


def money_line(root, prefix):
    """The text of the shown label (or status) that starts with prefix, e.g. "Total:"."""
    node = find(root, None, pred=lambda n: (name(n) or text_of(n)).startswith(prefix),
                prune=not_table)
    return (name(node) or text_of(node)) if node is not None else None


def wait_button(root, label, what=None, timeout=20):
    return wait_for(what or f"a sensitive {label!r} button",
                    lambda: button(root, label, sensitive=True), timeout)


class Run:
    def __init__(self):
        self.tmp = temp_dir()
        self.holder = None
        self.sim = None
        self.app = None
        self.app_log = os.path.join(self.tmp, "app.log")
        self.acc = None  # the app's accessible
        self.win = None  # its main window
        self.cache = {}  # accessibles that live as long as the window
        self.ordered_id = None
        self.base_windows = 1  # top-level windows with no dialog open
        self.unnamed = {}  # where → unnamed controls seen there
        self.internal = set()  # kinds of unnamed toolkit-internal nodes seen

    # -- processes -------------------------------------------------------------------------

    def start(self):
        self.holder = hold_x_display()
        # A little latency, as on a real network: progress shows, and a second click on Order
        # lands while the first order is still in flight.
        self.sim = Simulator(sim_path, "--licenses", str(N_LICENSES), "--seed", "7",
                             "--key-delay", "500", "--latency", str(LATENCY_MS),
                             "--balance", "100000")
        env = app_environment(self.tmp)
        # Warnings are collected from the log and reported (see check_log), not made fatal:
        # a GTK-internal warning would otherwise abort the app and hide everything after it.
        env.pop("G_DEBUG", None)
        with open(self.app_log, "w") as log:
            # In the temporary folder with core dumps on: a crash gets a backtrace (crash_report).
            self.app = subprocess.Popen([app_path, "--server", self.sim.url, "--user", USER],
                                        env=env, stdout=log, stderr=subprocess.STDOUT,
                                        cwd=self.tmp, preexec_fn=allow_core_dumps)

    def stop(self):
        stop_process(self.app)
        if self.sim is not None:
            self.sim.stop()
        stop_process(self.holder)

    def crash_report(self):
        """The backtrace of the app's core dump, if it crashed and left one."""
        cores = glob.glob(os.path.join(self.tmp, "core*"))
        if self.app.poll() is None or not cores:
            return ""
        try:
            out = subprocess.run(["gdb", "-q", "-batch", "-ex", "bt 40", app_path, cores[0]],
                                 capture_output=True, text=True, timeout=120).stdout
        except (OSError, subprocess.TimeoutExpired) as e:
            return f"(no backtrace: {e})"
        return out

    def alive(self):
        if self.app.poll() is not None:
            hint = ""
            if self.app.returncode == 0 and self.acc is None:
                hint = (": it handed its command line to another isplic that owns "
                        "com.example.IspLic on this session bus?")
            raise AppDied(f"the app exited with status {self.app.returncode}{hint}")

    def wait(self, what, fn, timeout=20):
        def check():
            self.alive()
            return fn()
        return wait_for(what, check, timeout)

    # -- the tree ----------------------------------------------------------------------------

    def cached(self, key, fn):
        node = self.cache.get(key)
        if node is None:
            node = fn()
            if node is not None:
                self.cache[key] = node
        return node

    # GTK 4.8 crashes (GLib-CRITICAL on a NULL object path, then SIGSEGV in
    # g_variant_builder_add_value) when the application's GetChildAtIndex gets an index past its
    # top-level windows: reading the count, then child 1 while a dialog closes, kills the app.
    # So the application's children are listed only when their count says a new window is
    # there, and a closing dialog is followed by the count alone (GetChildCount is safe).

    def n_windows(self):
        return safe(self.acc.get_child_count, 0)

    def toplevels(self):
        return [w for w in windows(self.acc) if width(w) > 0]

    def dialog(self, title_has):
        """A dialog or dialog-like window (AdwWindow shows up as a frame) other than the main
        window, whose name contains title_has."""
        if self.n_windows() <= self.base_windows:
            return None
        for w in self.toplevels():
            # Names inside a title sit in a bidi isolate (U+2068 … U+2069), invisible on screen.
            shown = name(w).replace("\u2068", "").replace("\u2069", "")
            if w != self.win and role(w) in ("dialog", "frame") and title_has in shown:
                return w
        return None

    def wait_dialog(self, title_has, timeout=20):
        return self.wait(f"a window named like {title_has!r}", lambda: self.dialog(title_has),
                         timeout)

    def wait_dialog_gone(self, dlg, timeout=30):
        self.wait(f"the window {name(dlg)!r} to close",
                  lambda: self.n_windows() <= self.base_windows, timeout)

    def header_button(self, label):
        return self.cached(("button", label), lambda: button(self.win, label))

    def press_header(self, label):
        node = self.wait(f"the header button {label!r} to be enabled",
                         lambda: (lambda b: b if b is not None and is_sensitive(b) else None)(
                             self.header_button(label)))
        press(node)

    def pane(self):
        return self.cached("details", lambda: find(self.win, "filler", "IsplicDetailsPane",
                                                   prune=not_table))

    def pane_shown(self):
        pane = self.pane()
        e = extents(pane) if pane is not None else None
        return e is not None and e.width > 0 and e.x + e.width <= width(self.win)

    def open_pane(self):
        """Opens the details pane with F9, as a keyboard user would."""
        if not self.pane_shown():
            self.focus_main()
            key("F9")
            self.wait("F9 to open the details pane", self.pane_shown)

    def press_action(self, label):
        """A per-license action, with words, in the details pane (the header has only the
        global actions)."""
        self.open_pane()
        node = self.wait(f"the pane's button {label!r} to be enabled",
                         lambda: button(self.pane(), label, sensitive=True))
        press(node)

    def table(self):
        return self.cached("table", lambda: find(self.win, "tree table", "Licenses"))

    def rows_node(self):
        return self.cached("rows", lambda: find(self.table(), "list") if self.table() else None)

    def search_entry(self):
        return self.cached("search", lambda: find(self.win, "entry", "Search licenses",
                                                  prune=not_table))

    def rows(self):
        """[(row accessible, [cell texts])] of the rows the list has created and allocated."""
        lv = self.rows_node()
        out = []
        if lv is None:
            return out
        for i in range(lv.get_child_count()):
            row = lv.get_child_at_index(i)
            if row is None or role(row) != "table row" or width(row) <= 0:
                continue
            cells = []
            for j in range(safe(row.get_child_count, 0)):
                # Rows are recycled while the list changes: any node may vanish meanwhile.
                cell = safe(lambda: row.get_child_at_index(j))
                label = safe(lambda: cell.get_child_at_index(0)) if cell is not None else None
                cells.append(name(label) if label is not None else "")
            if len(cells) >= 5:
                out.append((row, cells))
        return out

    def row_for_ip(self, ip):
        for row, cells in self.rows():
            if len(cells) > 1 and cells[1] == ip:
                return row, cells
        return None

    def balance_shown(self):
        """The balance in the main window's footer ("Balance: 500.00 EUR"), in cents."""
        return cents_in(money_line(self.win, "Balance:"))

    def sim_balance(self):
        return int(self.sim.state()["balance"])

    def summary(self):
        node = self.cached("summary", lambda: find(
            self.win, "label", pred=lambda n: " · " in name(n) and "licens" in name(n)))
        return name(node) if node is not None else ""

    def search(self, needle):
        """Types needle into the search field; waits until the summary and the rows show
        exactly the licenses of /sim/state that match. Returns (shown, total)."""
        entry = self.search_entry()
        if entry is None:
            raise StepFailed("no search entry named 'Search licenses'")
        set_text(entry, needle)
        licenses = self.sim.licenses()
        expected = sorted(lic["ip"] for lic in licenses.values() if matches(lic, needle))
        total = len(licenses)

        def narrowed():
            if count_in_summary(self.summary()) != (len(expected), total):
                return False
            ips = sorted(cells[1] for _, cells in self.rows())
            if len(expected) <= 12:
                return ips == expected
            # Only the rows in view exist: they must be among the expected ones.
            return len(ips) >= 12 and set(ips) <= set(expected)
        self.wait(f"the list to show the {len(expected)} of {total} licenses matching "
                  f"{needle!r}", narrowed)
        return len(expected), total

    def select(self, ip):
        """Finds a license as a person would with a long list (search for its IP), then
        selects its row through the list's Selection interface."""
        self.search(ip)
        lv = self.rows_node()
        row, _ = self.wait(f"the row of {ip}", lambda: self.row_for_ip(ip))
        Atspi.Selection.clear_selection(lv)
        if not Atspi.Selection.select_child(lv, row.get_index_in_parent()):
            raise StepFailed(f"could not select the row of {ip}")
        self.wait(f"the row of {ip} to be selected",
                  lambda: row.get_state_set().contains(Atspi.StateType.SELECTED)
                  and Atspi.Selection.get_n_selected_children(lv) == 1)

    def click_row(self, ip):
        """Like select, with a real pointer click on the row's name cell."""
        self.search(ip)
        row, _ = self.wait(f"the row of {ip}", lambda: self.row_for_ip(ip))
        e = extents(row.get_child_at_index(0))
        xdotool("mousemove", "--window", self.x_window(), str(e.x + min(20, e.width // 2)),
                str(e.y + e.height // 2), "click", "1")
        self.wait(f"the row of {ip} to be selected",
                  lambda: self.row_for_ip(ip)[0].get_state_set().contains(
                      Atspi.StateType.SELECTED))

    def x_window(self, title="^IspLic$"):
        out = subprocess.run(["xdotool", "search", "--pid", str(self.app.pid), "--name", title],
                             capture_output=True, text=True, timeout=30).stdout
        ids = out.split()
        if not ids:
            raise StepFailed(f"no X window named {title} belongs to the app")
        return ids[-1]

    def focus_main(self):
        xdotool("windowfocus", "--sync", self.x_window())

    def toasts(self):
        """[(toast accessible, text)] of the toasts on screen (AdwToastWidget children of the
        toast overlay, the window's first child)."""
        overlay = self.cached("overlay", self.toast_overlay)
        out = []
        for i in range(safe(overlay.get_child_count, 0)):
            child = safe(lambda: overlay.get_child_at_index(i))
            if child is not None and name(child) == "AdwToastWidget" and width(child) > 0:
                label = find(child, "label")
                out.append((child, name(label) if label is not None else ""))
        return out

    def audit(self, where, root):
        """Notes the controls without an accessible name in root (reported by the last step)."""
        found = unnamed_controls(root, self.internal)
        if found:
            self.unnamed[where] = found

    def toast_overlay(self):
        """The AdwToastOverlay: the parent of the window's main GtkStack (the first node down
        the first-child chain whose children are stack pages)."""
        node = self.win
        for _ in range(8):
            child = safe(lambda: node.get_child_at_index(0))
            if child is None:
                return None
            if name(child) == "GtkStackPage":
                return safe(node.get_parent)
            node = child
        return None

    def toast(self, *parts, timeout=20):
        """Waits for a toast holding every one of parts, then dismisses it (and any older toast
        in its way) with its close button, as a person would. Returns its text."""
        seen = []

        def look():
            for widget, text in self.toasts():
                if "Could not" in text:
                    raise AppError(f"toast {text!r}")
                close = find(widget, "push button")
                if all(p in text for p in parts):
                    self.audit("toast", widget)
                    if close is not None:
                        press(close)
                    return text
                if text not in seen:
                    seen.append(text)
                if close is not None:
                    press(close)  # an older toast queued in front of ours
            return None
        try:
            return self.wait(f"a toast with {parts}", look, timeout)
        except AppError as e:
            raise StepFailed(str(e)) from None
        except StepFailed as e:
            raise StepFailed(f"{e}; toasts seen: {seen}") from None

    def sim_license(self, lic_id):
        return self.sim.all_licenses()[str(lic_id)]


def allow_core_dumps():
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    except (ValueError, OSError):
        pass


class AppDied(Exception):
    """The app is gone: waiting longer will not help (not a StepFailed, which wait_for retries)."""


class AppError(Exception):
    """An error the app reported, which waiting longer will not fix."""


# -- choosing licenses --------------------------------------------------------------------


def pick(licenses, used, pred):
    for lic in sorted(licenses.values(), key=lambda x: int(x["id"])):
        if lic["id"] in used:
            continue
        if pred(lic):
            used.add(lic["id"])
            return lic
    raise StepFailed("the simulator has no license fit for this step")


def is_plain_active(lic):
    return (int(lic["status"]) == ACTIVE and int(lic["period"]) in (1, 12)
            and lic.get("lickey") and lic.get("ip"))


CONTROL_ROLES = ("push button", "toggle button", "check box", "radio button", "combo box",
                 "text", "entry", "password text", "spin button", "slider", "switch",
                 "table row", "list item", "table column header")
CLASS_NAME = re.compile(r"^(Gtk|Adw|Isplic)[A-Z][A-Za-z]*$")


def ancestors(node, n=4):
    out = []
    for _ in range(n):
        node = safe(node.get_parent)
        if node is None:
            break
        out.append(node)
    return out


def toolkit_internal(node, up):
    """Unnamed nodes that GTK 4.8 / libadwaita 1.2 create themselves, which the app has no API
    to name: the current-value item of a combo row or drop-down (the combo itself is named),
    GtkColumnView's row widgets (GtkColumnViewRow arrives in GTK 4.12; the cells are named by
    their labels), and the close button of AdwToast."""
    r, n = role(node), name(node)
    if r == "list item" and n == "" and any(role(a) == "combo box" for a in up):
        return "the current-value item of a combo box"
    if r == "table row" and n == "GtkListItemWidget" and any(role(a) == "tree table" for a in up):
        return "GtkColumnView row"
    if r == "push button" and up and name(up[0]) == "AdwToastWidget":
        return "AdwToast close button"
    return None


def unnamed_controls(root, internal):
    """Controls on screen whose accessible name is empty or a class name ("GtkButton"); the
    toolkit's own are counted in internal instead."""
    found = []
    for node in walk(root, row_limit=3):
        if role(node) not in CONTROL_ROLES:
            continue
        n = name(node)
        if n.strip() and not CLASS_NAME.match(n):
            continue
        up = ancestors(node)
        kind = toolkit_internal(node, up)
        if kind is not None:
            internal.add(kind)
            continue
        where = " < ".join(f"{role(x)} {name(x)!r}" for x in up[:2])
        found.append(f"{role(node)} {n!r} in {where}")
    return found


def row_value(root, title):
    """The value (subtitle) of the AdwActionRow named title."""
    item = find(root, "list item", title)
    if item is None:
        return None
    for n in matching(item, "label"):
        if name(n) != title:
            return name(n)
    return None


def date_in(text):
    m = re.search(r"\d{4}-\d{2}-\d{2}", text or "")
    return m.group(0) if m else None


def looks_like_key(node):
    """The label showing a license key: the one long word among the labels (its accessible name
    is "License key" or the key itself, depending on the version of the app)."""
    t = text_of(node).strip()
    return len(t) >= 16 and " " not in t and "." not in t


def matches(lic, needle):
    hay = "\n".join([lic.get("licname") or "", lic.get("ip") or "", str(lic["id"])]).lower()
    return needle.lower() in hay


def count_in_summary(text):
    """(shown, total) from "30 licenses · …" or "Showing 3 of 30 licenses · …"."""
    m = re.match(r"Showing ([\d,\s\u202f\u00a0]+) of ([\d,\s\u202f\u00a0]+) licens", text)
    if m:
        return tuple(int(re.sub(r"\D", "", g)) for g in m.groups())
    m = re.match(r"([\d,\s\u202f\u00a0]+) licens", text)
    if m:
        n = int(re.sub(r"\D", "", m.group(1)))
        return n, n
    return None


# -- the steps ------------------------------------------------------------------------------


def step_start(r):
    r.start()
    r.acc = r.wait("the app on the accessibility bus", lambda: find_app(r.app.pid), 60)
    r.win = r.wait("the main window", lambda: next(
        (w for w in windows(r.acc) if role(w) == "frame" and name(w) == "IspLic"), None), 30)
    r.base_windows = r.n_windows()
    server = r.wait("the prefilled server address",
                    lambda: find(r.win, "text", "Server Address",
                                 pred=lambda n: text_of(n) == r.sim.url))
    user = find(r.win, "text", "User Name")
    if user is None or text_of(user) != USER:
        raise StepFailed(f"the user name field holds {text_of(user)!r}, not {USER!r}")
    password = find(r.win, "text", "Password")
    r.audit("sign-in page", r.win)
    if password is None or text_of(password) != "":
        raise StepFailed("the password field is missing or not empty (a remembered password?)")
    return f"sign-in page prefilled with {text_of(server)} and {USER}, no password"


def step_wrong_password(r):
    set_text(find(r.win, "text", "Password"), "not-the-password")
    press(wait_button(r.win, "Sign In"))
    err = r.wait("the inline sign-in error",
                 lambda: find(r.win, "label", name_has="Invalid username or password"))
    if r.table() is not None and width(r.table()) > 0 and r.summary():
        raise StepFailed("the license list appeared after a wrong password")
    return f"inline error: {name(err).strip()!r}"


def step_sign_in(r):
    set_text(find(r.win, "text", "Password"), PASSWORD)
    t0 = time.monotonic()
    press(wait_button(r.win, "Sign In"))
    expected = len(r.sim.licenses())
    text = r.wait("the summary line", lambda: count_in_summary(r.summary()) and r.summary(), 30)
    elapsed = time.monotonic() - t0
    shown, total = count_in_summary(text)
    if total != expected or shown != expected:
        raise StepFailed(f"summary {text!r}, but the server holds {expected} licenses")
    # Every row on screen is a license the server has, with its name and IP.
    by_ip = {lic["ip"]: lic for lic in r.sim.licenses().values()}
    rows = r.wait("rows in the table", r.rows)
    for _, cells in rows:
        lic = by_ip.get(cells[1])
        if lic is None or lic["licname"] != cells[0]:
            raise StepFailed(f"row {cells} does not match the server's licenses")
    if find(r.win, "label", name_has="Invalid username") is not None:
        raise StepFailed("the sign-in error is still shown")
    r.audit("license list", r.win)
    if find(r.win, "label", "Demo mode", prune=not_table) is not None:
        raise StepFailed("the Demo marker shows although this is a real server")
    return f"{text!r}; {len(rows)} rows match /sim/state ({elapsed:.1f} s)"


def step_search(r, used):
    licenses = r.sim.licenses()
    target = pick(licenses, set(), lambda lic: bool(lic.get("ip")))
    n_ip, total = r.search(target["ip"])
    # A fragment of a name that several licenses share, but not all.
    fragment = None
    for lic in sorted(licenses.values(), key=lambda x: int(x["id"])):
        for part in re.split(r"[.\-]", lic["licname"]):
            if len(part) >= 3:
                n = sum(1 for x in licenses.values() if matches(x, part))
                if 1 < n < total:
                    fragment = part
                    break
        if fragment:
            break
    n_name = None
    if fragment:
        n_name, _ = r.search(fragment)
    r.search("")
    return (f"IP {target['ip']} → {n_ip} of {total}"
            + (f"; {fragment!r} → {n_name} of {total}" if fragment else "") + "; cleared → all")


def step_details(r, used):
    lic = pick(r.sim.licenses(), used, is_plain_active)
    r.click_row(lic["ip"])
    key("Return")  # Enter opens the details
    pane = r.pane()
    shown = r.pane_shown
    r.wait("the details pane to open", shown)
    r.wait("the license's id in the details", lambda: find(
        pane, "label", pred=lambda n: text_of(n) == str(lic["id"])))
    r.wait("its name in the details", lambda: find(
        pane, "label", pred=lambda n: text_of(n) == lic["licname"]))
    show = button(pane, "Show Key", sensitive=True)  # only there when not fetched by itself
    if show is not None:
        press(show)
    key_label = r.wait("the key in the details", lambda: find(pane, "label", pred=looks_like_key))
    shown_key = text_of(key_label).strip()
    if shown_key != lic["lickey"]:
        raise StepFailed(f"the details show the key {shown_key[:20]!r}…, /sim/state has "
                         f"{lic['lickey'][:20]!r}…")
    r.audit("details pane", pane)
    press(wait_button(pane, "Close details"))
    r.wait("the details pane to close", lambda: not shown())
    return f"Enter on {lic['licname']} shows id, name and the key from /sim/state"


def toggle(node):
    """Flips a switch through its accessible action, whatever this GTK calls it."""
    for action in ("toggle", "activate", "click", "press"):
        if action_index(node, action) >= 0:
            press(node, action)
            return action
    raise StepFailed(f"{role(node)} {name(node)!r} has no action to flip it")


def step_auto_renew(r, used):
    lic = pick(r.sim.licenses(), used,
               lambda lic: is_plain_active(lic) and lic.get("autoprolong") == "null")
    months = "12" if int(lic["period"]) == 12 else "1"
    r.click_row(lic["ip"])
    key("Return")
    pane = r.cached("details", lambda: find(r.win, "filler", "IsplicDetailsPane",
                                            prune=not_table))
    r.wait("its name in the details", lambda: find(
        pane, "label", pred=lambda n: text_of(n) == lic["licname"]))
    history = r.wait("the History section with the order", lambda: find(
        pane, None, name_has="The service has been ordered"))
    history_text = name(history)  # the rows are rebuilt after each change
    # GTK 4.8 reports a GtkSwitch as a check box, named with its row's title added.
    switch = r.wait("the Auto-renewal switch", lambda: find(
        pane, None, name_has="Auto-renewal",
        pred=lambda n: role(n) in ("switch", "toggle button", "check box")))
    action = toggle(switch)
    r.wait(f"autoprolong {months} in /sim/state",
           lambda: r.sim_license(lic["id"])["autoprolong"] == months)
    r.wait("the change at the top of the History section", lambda: find(
        pane, None, name_has="Auto-renewal period is set"))
    r.wait("the switch to be usable again", lambda: is_sensitive(switch))
    toggle(switch)
    r.wait("autoprolong off in /sim/state",
           lambda: r.sim_license(lic["id"])["autoprolong"] == "null")
    r.wait("the switching off in the History section", lambda: find(
        pane, None, name_has="Auto-renewal is turned off"))
    r.audit("details pane with history", pane)
    press(wait_button(pane, "Close details"))
    return (f"{lic['licname']}: the switch ({action!r}) set autoprolong {months}, then off, in "
            f"/sim/state; the History section showed {history_text!r} and both changes")


def step_order(r, used):
    licenses = r.sim.licenses()
    taken = pick(licenses, set(), lambda lic: bool(lic.get("ip")) and ":" not in lic["ip"])
    # Ctrl+N, as a keyboard user would, with the header's Order button as the fallback.
    how = "Ctrl+N"
    try:
        r.focus_main()
        key("ctrl+n")
        dlg = r.wait_dialog("Order License", timeout=5)
    except StepFailed:
        r.press_header("Order license")
        dlg = r.wait_dialog("Order License")
        how = None
    name_entry = r.wait("the License name field", lambda: find(dlg, "text", "License name"))
    r.audit("order dialog", dlg)
    ip_entry = find(dlg, "text", "IP address")
    if ip_entry is None:
        raise StepFailed("no IP address field in the order dialog")
    new_name = "ui-test-order"
    set_text(name_entry, new_name)
    set_text(ip_entry, taken["ip"])
    refusal = r.wait("the server's refusal of a taken IP",
                     lambda: find(dlg, None, name_has="already has an ispmanager license"), 20)
    refusal_text = f"{role(refusal)}: {name(refusal).strip()!r}"
    order_btn = button_starting(dlg, "Order")
    if order_btn is None or is_sensitive(order_btn):
        raise StepFailed("Order is enabled for an IP the server refused")
    # A fresh IP the simulator does not have.
    ips = {lic["ip"] for lic in r.sim.all_licenses().values()}
    fresh = next(f"198.51.100.{i}" for i in range(200, 255) if f"198.51.100.{i}" not in ips)
    set_text(ip_entry, fresh)
    r.wait("the server to accept the fresh IP",
           lambda: find(dlg, None, name_has="IP can take this license"), 20)
    before = set(r.sim.all_licenses())
    balance_before = r.sim_balance()
    quote = r.wait("the order's total and the balance on screen", lambda: (
        lambda t: t if t and "charged now from your balance" in t else None)(
            money_line(dlg, "Total:")))
    total = cents_in(quote, 0)
    if cents_in(quote, 1) != balance_before:
        raise StepFailed(f"the dialog says {quote!r}, /sim/state's balance is {balance_before}")
    # An impatient double click on Order (two real clicks 40 ms apart): one order only.
    order_btn = r.wait("a sensitive button named after the total", lambda: (
        lambda b: b if b is not None and cents_in(name(b)) == total else None)(
            button_starting(dlg, "Order", sensitive=True)))
    e = extents(order_btn)
    r.sim.clear_requests_seen()
    xdotool("mousemove", "--window", r.x_window("^Order License$"),
            str(e.x + e.width // 2), str(e.y + e.height // 2), "click", "--repeat", "2",
            "--delay", "40", "1")
    r.wait_dialog_gone(dlg, 30)
    added = r.wait("the new license in /sim/state", lambda: [
        lic for i, lic in r.sim.all_licenses().items()
        if i not in before and lic["ip"] == fresh and lic["licname"] == new_name], 20)
    orders = [q for q in r.sim.requests() if q.get("func") == "soft.order.param"]
    if len(orders) != 1 or len(added) != 1:
        raise StepFailed(f"a double click on Order sent {len(orders)} orders and made "
                         f"{len(added)} licenses")
    new = added[0]
    charged = balance_before - r.sim_balance()
    if charged != total:
        raise StepFailed(f"the dialog showed {quote!r}, the balance dropped by {charged} cents")
    r.wait("the footer's balance to match /sim/state",
           lambda: r.balance_shown() == r.sim_balance(), 20)
    n = len(r.sim.licenses())
    r.wait(f"the summary to count {n}", lambda: count_in_summary(r.summary()) == (n, n))
    # The app selects the new license (one selected row; it may be out of view).
    lv = r.rows_node()
    r.wait("one selected license", lambda: Atspi.Selection.get_n_selected_children(lv) == 1, 10)
    try:
        wait_for("the new row to scroll into view", lambda: r.row_for_ip(fresh), 3)
        scrolled = "scrolled into view"
    except StepFailed:
        scrolled = "NOT scrolled into view"
    r.search(fresh)
    row, cells = r.wait("the new license in the list", lambda: r.row_for_ip(fresh), 20)
    if cells[0] != new_name:
        raise StepFailed(f"the new row shows {cells}")
    if not row.get_state_set().contains(Atspi.StateType.SELECTED):
        raise StepFailed("the new license is not the selected one")
    toast = r.toast(new_name, "ordered")
    r.ordered_id = str(new["id"])
    used.add(r.ordered_id)
    if how is None:
        raise StepFailed("Ctrl+N did not open the order dialog (the header's Order license "
                         "button did; the rest of the step passed)")
    return (f"opened with {how}; refused {taken['ip']} ({refusal_text}); {quote!r}, the "
            f"balance dropped by exactly that; "
            f"ordered {new_name} on {fresh} → id {new['id']}, status {new['status']}; "
            f"a double click sent one order; selected, {scrolled}; toast {toast!r}")


def step_renew(r, used):
    lic = pick(r.sim.licenses(), used, is_plain_active)
    before = lic["expiredate"]
    r.select(lic["ip"])
    r.press_action("Renew…")
    dlg = r.wait_dialog("Renew")
    r.audit("renew dialog", dlg)
    now_shown = r.wait("the current expiry in the dialog",
                       lambda: date_in(row_value(dlg, "Expires now")))
    if now_shown != before:
        raise StepFailed(f"the dialog says it expires {now_shown}, /sim/state says {before}")
    preview = r.wait("the expiry after renewing in the dialog",
                     lambda: date_in(row_value(dlg, "Expires after renewing")))
    balance_before = r.sim_balance()
    quote = r.wait("the renewal's total on screen", lambda: (
        lambda t: t if t and "charged now" in t else None)(money_line(dlg, "Total:")))
    total = cents_in(quote, 0)
    press(wait_button(dlg, "Renew"))
    r.wait_dialog_gone(dlg, 30)
    after = r.wait("the expiry to move in /sim/state", lambda: (
        r.sim_license(lic["id"])["expiredate"] > before and r.sim_license(lic["id"])["expiredate"]))
    if after != preview:
        raise StepFailed(f"the dialog promised {preview}, the server now has {after}")
    charged = balance_before - r.sim_balance()
    if charged != total:
        raise StepFailed(f"the dialog showed {quote!r}, the balance dropped by {charged} cents")
    r.wait("the footer's balance to match /sim/state",
           lambda: r.balance_shown() == r.sim_balance(), 20)
    r.wait("the row to show the new expiry",
           lambda: r.row_for_ip(lic["ip"])[1][4].startswith(after), 20)
    toast = r.toast(lic["licname"], "renewed")
    return (f"{lic['licname']}: expiry {before} → {after} as the dialog promised, on screen too; "
            f"{quote!r}, the balance dropped by exactly that; toast {toast!r}")


def step_edit(r, used):
    lic = pick(r.sim.licenses(), used, is_plain_active)
    new_name = lic["licname"] + "-renamed"
    r.select(lic["ip"])
    r.press_action("Edit Name and IP…")
    dlg = r.wait_dialog("Edit")
    entry = r.wait("the License name field", lambda: find(
        dlg, "text", "License name", pred=lambda n: text_of(n) == lic["licname"]))
    r.audit("edit dialog", dlg)
    set_text(entry, new_name)
    press(wait_button(dlg, "Save"))
    r.wait_dialog_gone(dlg, 30)
    r.wait("the new name in /sim/state",
           lambda: r.sim_license(lic["id"])["licname"] == new_name)
    r.wait("the new name in the list", lambda: r.row_for_ip(lic["ip"])[1][0] == new_name, 20)
    if r.sim_license(lic["id"])["ip"] != lic["ip"]:
        raise StepFailed("the IP changed although only the name was edited")
    toast = r.toast(new_name)
    return f"{lic['licname']} → {new_name}; toast {toast!r}"


def short_tariff(name):
    """The short name the dialogs show for a tariff ("Pro" for "ispmanager 6 Pro")."""
    rest = name.strip()
    if rest.lower().startswith("ispmanager 6 "):
        rest = rest[len("ispmanager 6 "):].strip()
    return rest


def step_tariff(r, used):
    lic = pick(r.sim.licenses(), used, is_plain_active)
    r.click_row(lic["ip"])  # a real pointer click this time
    r.press_action("Change Tariff…")
    dlg = r.wait_dialog("Change Tariff")
    # One row per tariff, each with a radio (GTK 4.8 reports a grouped check button as a check
    # box, named with its row's title added).
    def choices():
        out = []
        for item in find_all(dlg, "list item"):
            radio = find(item, None, pred=lambda n: role(n) in ("radio button", "check box"))
            if radio is not None:
                out.append((name(item), radio))
        return out
    radios = r.wait("the tariffs to choose from", choices)
    if button(dlg, "Change Tariff", sensitive=True) is not None:
        raise StepFailed("Change Tariff is enabled before a tariff was chosen")
    # The last choice is the dearest: a change that costs money now, paid from the balance.
    chosen, choice = radios[-1]
    # GTK 4.8 gives a check button no accessible action: a real click, as a person would.
    e = extents(choice)
    xdotool("mousemove", "--window", r.x_window("^Change Tariff"),
            str(e.x + e.width // 2), str(e.y + e.height // 2), "click", "1")
    charge = r.wait("what the change charges now", lambda: (
        lambda t: t if t and "…" not in t else None)(row_value(dlg, "Charged now")))
    new_price = row_value(dlg, "New price")
    r.audit("tariff dialog", dlg)
    balance_before = r.sim_balance()
    expected = cents_in(charge) or 0
    if expected and cents_in(charge, 1) != balance_before:
        raise StepFailed(f"the dialog says {charge!r}, /sim/state's balance is {balance_before}")
    r.sim.clear_requests_seen()
    press(wait_button(dlg, "Change Tariff"))
    r.wait_dialog_gone(dlg, 30)
    after = r.wait("the tariff to change in /sim/state", lambda: (
        r.sim_license(lic["id"])["pricelist"] != lic["pricelist"] and r.sim_license(lic["id"])))
    # The dialog shows short names ("Pro" for "ispmanager 6 Pro").
    if short_tariff(after["pricelist_name"]) != chosen:
        raise StepFailed(f"the server now has {after['pricelist_name']!r}, the dialog showed "
                         f"{chosen!r}")
    charged = balance_before - r.sim_balance()
    if charged != expected:
        raise StepFailed(f"the dialog showed {charge!r} charged now, the balance dropped by "
                         f"{charged} cents")
    funcs = [q.get("func") for q in r.sim.requests()
             if str(q.get("func", "")).startswith("service.changepricelist")]
    r.wait("the row to show the new tariff",
           # The list shows the short name, with the node count for Business.
           lambda: r.row_for_ip(lic["ip"])[1][2].split(" · ")[0] == chosen, 20)
    r.wait("the footer's balance to match /sim/state",
           lambda: r.balance_shown() == r.sim_balance(), 20)
    toast = r.toast(f"moved to {chosen}")
    return (f"{lic['licname']}: {lic['pricelist_name']} → {chosen} (new price {new_price!r}); "
            f"charged now {charge!r}, the balance dropped by exactly that; sent {funcs}; "
            f"toast {toast!r}")


def confirm(r, title_has, response):
    dlg = r.wait_dialog(title_has)
    if role(dlg) != "dialog":
        raise StepFailed(f"the confirmation is a {role(dlg)}, not a dialog")
    r.audit(f"{response.lower()} confirmation", dlg)
    press(wait_button(dlg, response))
    r.wait_dialog_gone(dlg, 30)
    return dlg


def step_suspend_resume(r, used):
    lic = pick(r.sim.licenses(), used, is_plain_active)
    r.select(lic["ip"])
    r.press_action("Suspend…")
    confirm(r, f"Suspend {lic['licname']}", "Suspend")
    r.wait("status suspended in /sim/state",
           lambda: int(r.sim_license(lic["id"])["status"]) == SUSPENDED)
    r.wait("the row to show Suspended", lambda: r.row_for_ip(lic["ip"])[1][3] == "Suspended", 20)
    r.toast(lic["licname"], "suspended")
    r.select(lic["ip"])
    r.press_action("Resume…")
    confirm(r, f"Resume {lic['licname']}", "Resume")
    r.wait("status active in /sim/state",
           lambda: int(r.sim_license(lic["id"])["status"]) == ACTIVE)
    r.wait("the row to show Active", lambda: r.row_for_ip(lic["ip"])[1][3] == "Active", 20)
    r.toast(lic["licname"], "resumed")
    return f"{lic['licname']}: active → suspended → active, with both toasts"


def step_group(r, used):
    """Two licenses selected together are suspended, then resumed, each time in one request."""
    r.search("")
    licenses = r.sim.licenses()
    in_view = [cells[1] for _, cells in r.rows()]
    pair = [lic for ip in in_view for lic in licenses.values()
            if lic["ip"] == ip and lic["id"] not in used and is_plain_active(lic)][:2]
    if len(pair) < 2:
        raise StepFailed("fewer than two active licenses in view")
    lv = r.rows_node()
    Atspi.Selection.clear_selection(lv)
    for lic in pair:
        row, _ = r.row_for_ip(lic["ip"])
        Atspi.Selection.select_child(lv, row.get_index_in_parent())
    r.wait("two selected rows", lambda: Atspi.Selection.get_n_selected_children(lv) == 2, 10)
    names = [lic["licname"] for lic in pair]
    ids = sorted(str(lic["id"]) for lic in pair)

    def one_request(func):
        calls = [q for q in r.sim.requests() if q.get("func") == func]
        if len(calls) != 1:
            return False
        elid = (calls[0].get("params") or {}).get("elid", "")
        return sorted(x.strip() for x in elid.split(",")) == ids
    for action, title, response, status in (("Suspend", "Suspend", "Suspend", SUSPENDED),
                                            ("Resume", "Resume", "Resume", ACTIVE)):
        r.sim.clear_requests_seen()
        if action == "Resume":
            # The app refreshed and kept the two selected; make sure of it.
            r.wait("the two licenses still selected",
                   lambda: Atspi.Selection.get_n_selected_children(lv) == 2, 10)
        r.wait("the action bar to say 2 selected", lambda: find(
            r.win, None, pred=lambda n: name(n) == "2 selected", prune=not_table))
        r.press_action(action + "…")
        dlg = r.wait_dialog(title)
        for n in names:
            if find(dlg, "label", name_has=n) is None:
                raise StepFailed(f"the {action.lower()} confirmation does not name {n}")
        confirm(r, title, response)
        r.wait(f"both {action.lower()}ed in /sim/state", lambda: all(
            int(r.sim_license(lic["id"])["status"]) == status for lic in pair))
        r.wait(f"one soft.{action.lower()} request naming both", lambda: one_request(
            f"soft.{action.lower()}"), 10)
        r.toast(action.lower() if action == "Suspend" else "resumed")
    for lic in pair:
        used.add(lic["id"])
    return f"{' and '.join(names)}: suspended together, then resumed together, one request each"


def ctrl_click(r, row):
    """A real Ctrl+click on the row's name cell."""
    e = extents(row.get_child_at_index(0))
    xdotool("mousemove", "--window", r.x_window(), str(e.x + min(20, e.width // 2)),
            str(e.y + e.height // 2), "keydown", "ctrl", "click", "1", "keyup", "ctrl")


def step_multi_select(r, used):
    """Ctrl+click adds and removes rows; the action bar and the footer count them; the pane sums
    them up; a group suspend says which are left alone and keeps all selected; Escape closes
    the pane; Ctrl+C in the list copies the IP."""
    r.search("")
    licenses = r.sim.licenses()
    by_ip = {lic["ip"]: lic for lic in licenses.values()}
    in_view = [cells[1] for _, cells in r.rows() if cells[1] in by_ip]
    actives = [ip for ip in in_view if by_ip[ip]["id"] not in used
               and is_plain_active(by_ip[ip])]
    suspended = [ip for ip in in_view if int(by_ip[ip]["status"]) == SUSPENDED
                 and by_ip[ip]["id"] not in used]
    if len(actives) < 2 or not suspended:
        raise StepFailed(f"need two active and one suspended license in view ({in_view})")
    ips = actives[:2] + suspended[:1]
    lv = r.rows_node()
    r.focus_main()
    # A plain click on the first, Ctrl+click on the others (real pointer events).
    row, _ = r.row_for_ip(ips[0])
    e = extents(row.get_child_at_index(0))
    xdotool("mousemove", "--window", r.x_window(), str(e.x + min(20, e.width // 2)),
            str(e.y + e.height // 2), "click", "1")
    r.wait("one selected row", lambda: Atspi.Selection.get_n_selected_children(lv) == 1)
    for n, ip in enumerate(ips[1:], 2):
        ctrl_click(r, r.row_for_ip(ip)[0])
        r.wait(f"Ctrl+click to add a row ({n} selected)",
               lambda: Atspi.Selection.get_n_selected_children(lv) == n, 10)
    # Ctrl+click on a selected row takes it out, and again puts it back.
    ctrl_click(r, r.row_for_ip(ips[1])[0])
    r.wait("Ctrl+click to remove a row (2 selected)",
           lambda: Atspi.Selection.get_n_selected_children(lv) == 2, 10)
    ctrl_click(r, r.row_for_ip(ips[1])[0])
    r.wait("Ctrl+click to add it back (3 selected)",
           lambda: Atspi.Selection.get_n_selected_children(lv) == 3, 10)
    # The focus followed the click: Ctrl+Space toggles that same row.
    key("ctrl+space")
    r.wait(f"Ctrl+Space to take {ips[1]} out (2 selected)",
           lambda: Atspi.Selection.get_n_selected_children(lv) == 2
           and not r.row_for_ip(ips[1])[0].get_state_set().contains(Atspi.StateType.SELECTED),
           10)
    key("ctrl+space")
    r.wait("Ctrl+Space to put it back (3 selected)",
           lambda: Atspi.Selection.get_n_selected_children(lv) == 3, 10)
    r.wait("the action bar to say 3 selected", lambda: find(
        r.win, None, pred=lambda n: name(n) == "3 selected", prune=not_table))
    r.wait("the footer to count them", lambda: r.summary().endswith("· 3 selected"))

    # The pane sums them up.
    r.open_pane()
    pane = r.pane()
    r.wait("the pane's heading for three", lambda: find(
        pane, "label", pred=lambda n: text_of(n) == "3 Licenses Selected"))
    total = r.wait("the total cost in the pane", lambda: row_value(pane, "Total Cost"))
    if "EUR" not in total or ("×" not in total and "licenses:" not in total):
        raise StepFailed(f"the pane's total reads {total!r}")
    earliest = row_value(pane, "Earliest Expiry")
    if not any(by_ip[ip]["licname"] in (earliest or "") for ip in ips):
        raise StepFailed(f"the earliest expiry {earliest!r} names none of the three")

    # Suspend: the two active ones; the suspended one is left alone, and all stay selected.
    r.press_action("Suspend…")
    dlg = r.wait_dialog("Suspend 2 Licenses")
    note = "1 of the 3 selected is already suspended and is left alone."
    if find(dlg, "label", pred=lambda n: note in (name(n) or text_of(n) or "")) is None:
        raise StepFailed(f"the confirmation does not say {note!r}")
    confirm(r, "Suspend 2 Licenses", "Suspend")
    r.wait("both suspended in /sim/state", lambda: all(
        int(r.sim_license(by_ip[ip]["id"])["status"]) == SUSPENDED for ip in ips[:2]))
    r.toast("suspended")
    r.wait("the rows to show Suspended", lambda: all(
        r.row_for_ip(ip) and r.row_for_ip(ip)[1][3] == "Suspended" for ip in ips[:2]), 20)
    if Atspi.Selection.get_n_selected_children(lv) != 3:
        raise StepFailed("the selection changed after the group suspend")
    for ip in ips:
        used.add(by_ip[ip]["id"])

    # Escape closes the pane (the focus is back in the list after the dialog).
    r.focus_main()
    key("Escape")
    r.wait("Escape to close the pane", lambda: not r.pane_shown(), 10)

    # Ctrl+C in the list copies the selected license's IP: pasted into the search, it finds it.
    row, _ = r.row_for_ip(ips[0])
    e = extents(row.get_child_at_index(0))
    xdotool("mousemove", "--window", r.x_window(), str(e.x + min(20, e.width // 2)),
            str(e.y + e.height // 2), "click", "1")
    r.wait("one selected row", lambda: Atspi.Selection.get_n_selected_children(lv) == 1)
    key("ctrl+c")
    r.toast("IP address copied")
    key("ctrl+f")
    key("ctrl+a")
    key("ctrl+v")
    entry = r.search_entry()
    r.wait("the pasted IP in the search field", lambda: text_of(entry) == ips[0], 10)
    r.search("")
    return (f"Ctrl+click added {ips[1]} and {ips[2]} to {ips[0]}, took one out and back; "
            f"'3 selected' in the bar and the footer; pane total {total!r}; suspend left the "
            f"suspended one alone and kept the three selected; Escape closed the pane; Ctrl+C "
            f"copied {ips[0]}")


def step_new_key(r, used):
    lic = pick(r.sim.licenses(), used, is_plain_active)
    old_key = lic["lickey"]
    r.select(lic["ip"])
    r.press_action("Regenerate Key…")
    dlg = r.wait_dialog("Key")  # "License Key" (it was "Regenerate the Key of …?")
    r.audit("key dialog", dlg)
    press(wait_button(dlg, "Regenerate Key"))
    key_label = r.wait("the new key in the dialog", lambda: find(dlg, "label",
                                                                 pred=looks_like_key), 30)
    shown = text_of(key_label).strip()
    server_key = r.sim_license(lic["id"])["lickey"]
    if shown != server_key:
        raise StepFailed(f"the dialog shows {shown[:24]!r}…, /sim/state has {server_key[:24]!r}…")
    if shown == old_key:
        raise StepFailed("the key did not change")
    if button(dlg, "Copy Key") is None:
        raise StepFailed("no Copy Key button next to the new key")
    r.audit("key dialog, new key", dlg)
    press(wait_button(dlg, "Close"))
    r.wait_dialog_gone(dlg, 20)
    toast = r.toast(lic["licname"], "new key")
    return (f"{lic['licname']}: new key {shown[:12]}… equals /sim/state's, differs from the "
            f"old; toast {toast!r}")


def step_delete(r, used):
    if r.ordered_id is not None and r.ordered_id in r.sim.licenses():
        lic = r.sim_license(r.ordered_id)
    else:
        lic = pick(r.sim.licenses(), used, is_plain_active)
    n_before = len(r.sim.licenses())
    # The Delete key opens the confirmation (after a click on the row, as a person would).
    r.click_row(lic["ip"])
    key("Delete")
    try:
        r.wait_dialog(f"Delete {lic['licname']}", timeout=5)
        keyboard = None
    except StepFailed:
        keyboard = "the Delete key did not open the confirmation (the pane's button did)"
        r.press_action("Delete…")
    confirm(r, f"Delete {lic['licname']}", "Delete")
    r.wait("the license to be deleted in /sim/state",
           lambda: int(r.sim_license(lic["id"])["status"]) == DELETED
           and str(lic["id"]) not in r.sim.licenses())
    r.wait("the row to leave the list", lambda: r.row_for_ip(lic["ip"]) is None, 20)
    n = n_before - 1
    toast = r.toast(lic["licname"], "deleted")
    r.search("")
    r.wait(f"the summary to count {n}", lambda: count_in_summary(r.summary()) == (n, n))
    if keyboard:
        raise StepFailed(keyboard)
    return (f"{lic['licname']} ({lic['ip']}) gone from /sim/state and the list; {n} left; "
            f"opened with the Delete key; toast {toast!r}")


def step_names(r):
    internal = (f" (not counted, toolkit-internal: {', '.join(sorted(r.internal))})"
                if r.internal else "")
    if not r.unnamed:
        return f"every control seen on the way had an accessible name{internal}"
    lines = []
    for where, found in r.unnamed.items():
        for item in dict.fromkeys(found):
            lines.append(f"{where}: {item}")
    raise StepFailed("controls without an accessible name (a screen reader reads the class "
                     "name or nothing):\n" + "\n".join(lines))


def check_log(r):
    with open(r.app_log, errors="replace") as f:
        log = f.read()
    criticals = [line for line in log.splitlines() if "CRITICAL" in line or "ERROR" in line]
    warnings = [line for line in log.splitlines() if "WARNING" in line]
    for line in warnings[:10]:
        print(f"# app: {line}", flush=True)
    if criticals:
        raise StepFailed("the app logged:\n" + "\n".join(criticals[:20]))
    return f"no criticals ({len(warnings)} warnings)"


def main():
    # meson's timeout sends SIGTERM: unwind, so that the finally below stops the app and the
    # simulator.
    signal.signal(signal.SIGTERM, lambda *args: sys.exit(128 + signal.SIGTERM))
    r = Run()
    used = set()
    steps = [
        ("the app starts on the sign-in page", step_start),
        ("a wrong password shows the server's message inline", step_wrong_password),
        ("the right password shows the simulator's licenses", step_sign_in),
        ("search narrows the list", lambda r: step_search(r, used)),
        ("Enter opens the details with the key", lambda r: step_details(r, used)),
        ("the details switch auto-renewal and show the history",
         lambda r: step_auto_renew(r, used)),
        ("order: a taken IP is refused, a fresh one is ordered", lambda r: step_order(r, used)),
        ("renew moves the expiry", lambda r: step_renew(r, used)),
        ("edit changes the name", lambda r: step_edit(r, used)),
        ("change tariff", lambda r: step_tariff(r, used)),
        ("suspend, then resume", lambda r: step_suspend_resume(r, used)),
        ("two selected licenses: suspend and resume in one request each",
         lambda r: step_group(r, used)),
        ("Ctrl+click, the action bar, the pane's summary, a group action leaving one alone, "
         "Escape and Ctrl+C", lambda r: step_multi_select(r, used)),
        ("regenerate key shows the server's new key", lambda r: step_new_key(r, used)),
        ("delete removes the license", lambda r: step_delete(r, used)),
        ("every control seen has an accessible name", step_names),
        ("the app logged no critical", check_log),
    ]
    dumped = False

    def dump_windows(r, title):
        nonlocal dumped
        if r.acc is None or r.app is None or r.app.poll() is not None:
            return
        # The main window once (it is big), the other windows every time.
        print(f"---- accessibility tree after '{title}' ----", file=sys.stderr)
        for w in windows(r.acc):
            if w != r.win or not dumped:
                dump(w, sys.stderr)
            else:
                print(f"[{role(w)}] {name(w)!r} (dumped above)", file=sys.stderr)
        dumped = True

    def close_dialogs(r):
        # Later steps need a signed-in app; recover from an open dialog.
        open_windows = (r.toplevels() if r.acc is not None
                        and r.n_windows() > r.base_windows else [])
        for w in open_windows:
            if w != r.win:
                try:
                    b = button(w, "Cancel", sensitive=True) or button(w, "Close", True)
                    if b is not None:
                        press(b)
                except Exception:  # noqa: BLE001
                    pass

    return run_steps(r, steps, essential=3, quiet=(StepFailed, AppDied),
                     on_failure=dump_windows, recover=close_dialogs)


if __name__ == "__main__":
    sys.exit(main())
