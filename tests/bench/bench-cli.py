#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: isplic-cli `list` and `list --json` against curl downloading the same answer from
the same simulator, printing TAP.

usage: bench-cli.py ISPLIC_CLI ISPLIC_BILLMGR_SIM [N...]        (default: 10000 100000)

The simulator runs as a process of its own, so nothing of it is counted as the CLI's. For each N:
  - time: the median of RUNS wall-clock runs of `isplic-cli list` (table), `list --json` and
    `curl` asking the same simulator for all N licenses in one request (p_cnt=N), run one after
    another so that the machine's load hits all three alike; the ratio is CLI / curl;
  - memory: the CLI's peak resident set (ru_maxrss of the child from wait4), less the peak of the
    same command listing a single license, divided by N: what one more license costs;
  - round trips: the same list from a simulator that delays every answer by RTT_MS, against one
    request for everything (curl) under the same delay.
Output goes to /dev/null for all of them. No timed assertions: the numbers are for reading.
"""

import os
import select
import shutil
import statistics
import subprocess
import sys
import time

CLI = sys.argv[1]
SIM = sys.argv[2]
SIZES = [int(a) for a in sys.argv[3:]] or [10000, 100000]
RUNS = int(os.environ.get('ISPLIC_BENCH_RUNS', '5'))
RTT_MS = 100
USER = 'reseller@example.com'
PASSWORD = 'demo'
CURL = shutil.which('curl')


class Sim:
    def __init__(self, licenses, *extra):
        args = [SIM, '--port', '0', '--seed', '42', '--licenses', str(licenses),
                '--user', USER, '--password', PASSWORD] + list(extra)
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
        ready, _, _ = select.select([self.proc.stdout], [], [], 60)
        if not ready:
            self.stop()
            raise RuntimeError('the simulator printed no URL')
        self.url = self.proc.stdout.readline().decode().strip()

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)


def run(argv):
    """(wall seconds, peak RSS in KiB) of @argv as a child process."""
    env = dict(os.environ, ISPLIC_PASSWORD=PASSWORD)
    start = time.monotonic()
    proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read()
    proc.stderr.close()
    if proc.returncode != 0:
        raise RuntimeError('%s failed (%d): %s' % (argv[0], proc.returncode, err.decode()))
    return elapsed, usage.ru_maxrss


def cli_argv(sim, *args):
    return [CLI, 'list'] + list(args) + ['--server', sim.url, '--user', USER]


def curl_argv(sim, n):
    form = 'func=soft&out=json&lang=en&p_cnt=%d&p_num=1&authinfo=%s:%s' % (
        n, USER.replace('@', '%40'), PASSWORD)
    return [CURL, '-sS', '-f', '-o', '/dev/null', '--noproxy', '*', '--data', form, sim.url]


def medians(sim, n, commands):
    """{name: (median seconds, max peak KiB)} over RUNS rounds of @commands, one of each per
    round."""
    times = {name: [] for name in commands}
    peaks = {name: 0 for name in commands}
    for name, argv in commands.items():  # one warm-up round: page cache, the sim's first answer
        run(argv)
    for _ in range(RUNS):
        for name, argv in commands.items():
            elapsed, peak = run(argv)
            times[name].append(elapsed)
            peaks[name] = max(peaks[name], peak)
    return {name: (statistics.median(times[name]), peaks[name]) for name in commands}


def main():
    print('TAP version 13')
    if CURL is None:
        print('1..0 # SKIP curl is not installed')
        return

    one = Sim(1)
    try:
        base = medians(one, 1, {'list': cli_argv(one), 'json': cli_argv(one, '--json')})
    finally:
        one.stop()

    rows = []
    for n in SIZES:
        sim = Sim(n)
        try:
            res = medians(sim, n, {'curl': curl_argv(sim, n), 'list': cli_argv(sim),
                                   'json': cli_argv(sim, '--json')})
        finally:
            sim.stop()
        curl_s = res['curl'][0]
        for name, label in (('list', 'list'), ('json', 'list --json')):
            secs, peak = res[name]
            per = (peak - base[name][1]) * 1024.0 / n
            rows.append((n, label, secs, curl_s, peak, per))
            print('# %6d licenses: %-12s %7.0f ms, curl %6.0f ms, ratio %5.1f x; '
                  'peak RSS %7d KiB, %5.0f B/license over a 1-license run'
                  % (n, label, secs * 1000, curl_s * 1000, secs / curl_s, peak, per))
            sys.stdout.flush()

    n = max(SIZES)
    sim = Sim(n, '--latency', str(RTT_MS))
    try:
        res = medians(sim, n, {'curl': curl_argv(sim, n), 'list': cli_argv(sim)})
    finally:
        sim.stop()
    print('# %6d licenses, %d ms round trips: list %7.0f ms; one request (curl) %6.0f ms'
          % (n, RTT_MS, res['list'][0] * 1000, res['curl'][0] * 1000))
    print('1..1')
    print('ok 1 bench-cli')


if __name__ == '__main__':
    main()
