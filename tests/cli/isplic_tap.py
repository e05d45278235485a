# SPDX-License-Identifier: GPL-3.0-or-later
"""What the CLI's Python tests share to print TAP: tests registered in order with a decorator,
all run with each reported as ok or not ok (with its traceback) and the next run after a failure,
and expect(). Only the Python standard library is used."""

import sys
import traceback


def expect(condition, message, *details):
    if not condition:
        raise AssertionError(message + ''.join('\n' + str(d) for d in details))


class Tests:
    """The tests of one program in the order they were registered:
    `test = Tests()`, then `@test('what it checks')` on each, then `test.run()`."""

    def __init__(self):
        self.tests = []

    def __call__(self, name):
        def register(func):
            self.tests.append((name, func))
            return func
        return register

    def run(self):
        """Runs every test, printing TAP; returns the exit status (1 when any failed)."""
        print('1..%d' % len(self.tests), flush=True)
        failed = 0
        for number, (name, func) in enumerate(self.tests, 1):
            try:
                func()
            except Exception:  # noqa: BLE001 — any failure of a test is reported, then we go on
                failed += 1
                print('not ok %d - %s' % (number, name))
                for line in traceback.format_exc().rstrip().splitlines():
                    print('# ' + line)
            else:
                print('ok %d - %s' % (number, name))
            sys.stdout.flush()
        return 1 if failed else 0
