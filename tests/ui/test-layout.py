#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test-layout.py APP SIMULATOR

Black-box test of the main window's layout and keyboard through the accessibility tree, with real
key presses and a real window resize (xdotool): the license list is one Tab stop (Tab and
Shift+Tab leave it from a row), the tariff cells show short names, and a narrow window shows the
list without a horizontal cut, with the details pane lying over it. Reuses the running and
sign-in steps of test-operations.py. Prints one TAP line per step."""

import importlib.util
import os
import signal
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from isplic_ui import (  # noqa: E402
    Atspi, StepFailed, extents, find, has_state, key, name, role, run_steps, safe, walk, width,
    xdotool,
)

_spec = importlib.util.spec_from_file_location("operations", os.path.join(HERE,
                                                                          "test-operations.py"))
ops = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ops)

SHORT_TARIFFS = ("Lite", "Pro", "Host", "Business", "Trial", "Business Trial")


def focused(r):
    return find(r.win, pred=lambda n: has_state(n, Atspi.StateType.FOCUSED), only_visible=False)


def inside(node, ancestor):
    for _ in range(12):
        if node is None:
            return False
        if node == ancestor:
            return True
        node = safe(node.get_parent)
    return False


def describe(node):
    return f"{role(node)} {name(node)!r}" if node is not None else "nothing"


def step_tariff_cells(r):
    rows = r.wait("rows in the table", r.rows)
    tariffs = set()
    for _, cells in rows:
        tariff = cells[2]
        base = tariff.split(" · ")[0]
        if "ispmanager" in tariff or base not in SHORT_TARIFFS:
            raise StepFailed(f"a tariff cell reads {tariff!r}, not a short name")
        tariffs.add(tariff)
    return f"short names: {', '.join(sorted(tariffs))}"


def step_one_tab_stop(r):
    table = r.table()
    rows = r.wait("rows in the table", r.rows)
    row, cells = rows[min(2, len(rows) - 1)]
    r.click_row(cells[1])
    r.wait("a row of the list to have the focus", lambda: inside(focused(r), table))
    key("Tab")
    after = r.wait("Tab to leave the list", lambda: (lambda f: f is not None
                                                       and not inside(f, table) and f)(focused(r)))
    key("shift+Tab")
    back = r.wait("Shift+Tab to come back into the list",
                  lambda: (lambda f: f is not None and inside(f, table) and f)(focused(r)))
    key("shift+Tab")
    before = r.wait("Shift+Tab to leave the list backwards",
                    lambda: (lambda f: f is not None and not inside(f, table) and f)(focused(r)))
    r.search("")
    return (f"from a row Tab goes to {describe(after)}, Shift+Tab back to {describe(back)}, "
            f"again to {describe(before)}")


def menu_item(r, label):
    """A menu item on screen whose name is @label (mnemonic marks left out)."""
    return find(r.win, "menu item", pred=lambda n: name(n).replace("_", "") == label)


def step_menus_by_keyboard(r):
    """Shift+F10 on a row opens its context menu and F10 the main menu; both are made when first
    opened, and Escape closes them."""
    table = r.table()
    rows = r.wait("rows in the table", r.rows)
    row, cells = rows[0]
    r.click_row(cells[1])
    r.wait("a row of the list to have the focus", lambda: inside(focused(r), table))
    key("shift+F10")
    r.wait("the row menu, with Renew…", lambda: menu_item(r, "Renew…"))
    key("Escape")
    r.wait("the row menu to close", lambda: menu_item(r, "Renew…") is None)
    key("F10")
    r.wait("the main menu, with Preferences", lambda: menu_item(r, "Preferences"))
    key("Escape")
    r.wait("the main menu to close", lambda: menu_item(r, "Preferences") is None)
    return "Shift+F10 showed the row menu, F10 the main menu; Escape closed each"


def focused_in(node):
    return find(node, pred=lambda n: has_state(n, Atspi.StateType.FOCUSED), only_visible=False)


def step_keyboard_renew(r):
    """Renew with the keyboard only: from the search field Tab into the list, Down to a row,
    Ctrl+E, then Tab through the dialog to its Renew button and Enter: the server renews once."""
    table = r.table()
    lic = ops.pick(r.sim.licenses(), set(), lambda l: ops.is_plain_active(l)
                   and str(l["pricelist"]) in ("55227", "55228", "55229"))
    r.search(lic["ip"])
    r.wait("the license alone in the list", lambda: len(r.rows()) == 1)
    key("ctrl+f")
    r.wait("the search field to have the focus",
           lambda: (lambda f: f is not None and role(f) == "entry")(focused(r)))
    tabs_in = 0
    while not inside(focused(r), table):
        if tabs_in >= 8:
            raise StepFailed(f"8 Tabs from the search field and still at {describe(focused(r))}")
        key("Tab")
        tabs_in += 1
        time.sleep(0.2)
    key("Down")
    key("Up")
    time.sleep(0.3)
    before = lic["expiredate"]
    key("ctrl+e")
    dlg = r.wait_dialog("Renew")
    tabs = 0
    while True:
        f = r.wait("a focused widget in the renew dialog", lambda: focused_in(dlg))
        if role(f) == "push button" and name(f).replace("_", "").startswith("Renew"):
            break
        if tabs >= 15:
            raise StepFailed(f"15 Tabs in the dialog and still at {describe(f)}")
        key("Tab")
        tabs += 1
        time.sleep(0.2)
    r.wait("the renew button to be enabled", lambda: ops.is_sensitive(focused_in(dlg)))
    key("Return")
    r.wait_dialog_gone(dlg, 30)
    after = r.wait("the expiry to move in /sim/state", lambda: (
        r.sim_license(lic["id"])["expiredate"] > before and r.sim_license(lic["id"])["expiredate"]))
    r.search("")
    return (f"{tabs_in} Tab(s) from the search field into the list, Ctrl+E, {tabs} Tab(s) to "
            f"Renew, Enter: {lic['licname']} renewed {before} → {after}")


def geometry(r):
    out = ops.subprocess.run(["xdotool", "getwindowgeometry", r.x_window()], capture_output=True,
                             text=True, timeout=30).stdout
    for line in out.splitlines():
        if "Geometry:" in line:
            w, h = line.split(":")[1].strip().split("x")
            return int(w), int(h)
    raise StepFailed(f"no geometry in {out!r}")


def headers(r):
    """The column headers shown: (header, its title)."""
    out = []
    for n in walk(r.table(), row_limit=3):
        if role(n) == "filler" and name(n) == "GtkColumnViewTitle" and width(n) > 0:
            label = find(n, "label")
            out.append((n, name(label) if label is not None else ""))
    return out


def no_cut(r, where):
    """The table ends within the window and every column header within the table."""
    t = extents(r.table())
    win = extents(r.win)
    if t.x + t.width > win.x + win.width + 1:
        raise StepFailed(f"{where}: the table ends at {t.x + t.width}, past the window's "
                         f"{win.x + win.width}")
    shown = headers(r)
    if len(shown) < 3:
        raise StepFailed(f"{where}: only the columns {[t for _, t in shown]} are shown")
    for h, title in shown:
        e = extents(h)
        if e.x + e.width > t.x + t.width + 1:
            raise StepFailed(f"{where}: the column {title!r} runs past the table's edge")
    return [title for _, title in shown]


def step_narrow(r):
    # The details pane open first (in a wide window), then the window narrowed.
    rows = r.wait("rows in the table", r.rows)
    r.click_row(rows[0][1][1])
    key("Return")
    pane = r.cached("details", lambda: find(r.win, "filler", "IsplicDetailsPane",
                                            prune=ops.not_table))
    r.wait("the details pane to open", lambda: width(pane) > 0)
    xdotool("windowsize", "--sync", r.x_window(), "600", "700")
    time.sleep(1.5)
    w, _ = geometry(r)
    shown = no_cut(r, f"{w} px")
    # The pane lies over the list instead of squeezing it.
    table_width = width(r.table())
    if width(pane) <= 0:
        raise StepFailed("the details pane closed when the window narrowed")
    if table_width < w - 40:
        raise StepFailed(f"with the pane open the table is {table_width} px of {w}: squeezed, "
                         "not overlaid")
    xdotool("windowsize", "--sync", r.x_window(), "1240", "720")
    time.sleep(1.5)
    w_wide, _ = geometry(r)
    wide = no_cut(r, f"{w_wide} px")
    ops.press(ops.wait_button(pane, "Close details"))
    def pane_shown():
        e, win = extents(pane), extents(r.win)
        return e is not None and e.width > 0 and e.x + e.width <= win.x + win.width

    r.wait("the details pane to close", lambda: not pane_shown())
    ops.set_text(r.search_entry(), "")
    return (f"window accepted {w} px (asked 600): columns {shown}, the pane over a "
            f"{table_width} px table; at {w_wide} px: {wide}")


def main():
    signal.signal(signal.SIGTERM, lambda *args: sys.exit(128 + signal.SIGTERM))
    r = ops.Run()
    steps = [
        ("the app starts on the sign-in page", ops.step_start),
        ("the right password shows the simulator's licenses", ops.step_sign_in),
        ("tariff cells show short names", step_tariff_cells),
        ("the list is one Tab stop", step_one_tab_stop),
        ("menus by the keyboard", step_menus_by_keyboard),
        ("renew with the keyboard only", step_keyboard_renew),
        ("a narrow window: no horizontal cut, the pane overlays", step_narrow),
        ("the app logged no critical", ops.check_log),
    ]
    return run_steps(r, steps, essential=2)


if __name__ == "__main__":
    sys.exit(main())
