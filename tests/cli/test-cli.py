#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end tests of isplic-cli against a spawned isplic-billmgr-sim, printing TAP.

usage: test-cli.py ISPLIC_CLI ISPLIC_BILLMGR_SIM [ISPLIC_TEST_STORE_PASSWORD]

Every test runs the real isplic-cli binary and checks its exit code and output against the
simulator's own state (GET /sim/state) and request log (--log on the simulator's stderr).
Only the Python standard library is used.
"""

import calendar
import csv
import datetime
import io
import json
import os
import pty
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import isplic_tap
from isplic_tap import expect

CLI = sys.argv[1]
SIM = sys.argv[2]
STORE = sys.argv[3] if len(sys.argv) > 3 else None

USER = 'reseller@example.com'
# Every character that breaks naive form encoding, and some non-ASCII: the CLI must pass it
# through untouched and never print it.
PASSWORD = 'p@ss:w&rd %2B+#?пароль'

TMP = tempfile.mkdtemp(prefix='isplic-cli-test-')
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Sim:
    """One isplic-billmgr-sim process with its request log in a file."""

    def __init__(self, *extra, licenses=12, seed=7, balance='100000'):
        self.log_path = os.path.join(TMP, 'sim-%d-%d.log' % (os.getpid(), id(self)))
        self.log = open(self.log_path, 'w')
        args = [SIM, '--port', '0', '--seed', str(seed),
                '--key-delay', '300', '--user', USER, '--password', PASSWORD, '--log',
                '--balance', balance]
        if licenses is not None:  # None: the licenses of a --state file
            args += ['--licenses', str(licenses)]
        args += list(extra)
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.log,
                                     stdin=subprocess.DEVNULL)
        ready, _, _ = select.select([self.proc.stdout], [], [], 15)
        if not ready:
            self.stop()
            raise RuntimeError('the simulator printed no URL within 15 s')
        self.url = self.proc.stdout.readline().decode().strip()
        if not self.url.startswith('http://127.0.0.1:'):
            self.stop()
            raise RuntimeError('unexpected first line from the simulator: %r' % self.url)
        self.base = self.url[:self.url.index('/', len('http://'))]

    def state(self):
        with _opener.open(self.base + '/sim/state', timeout=10) as response:
            return json.load(response)

    def licenses(self, include_deleted=False):
        return [lic for lic in self.state()['licenses']
                if include_deleted or int(lic['status']) != 4]

    def license(self, lic_id):
        for lic in self.state()['licenses']:
            if str(lic['id']) == str(lic_id):
                return lic
        return None

    def requests(self, func=None, sent=False):
        """Logged API requests (one line each), optionally only those of @func; with @sent only
        those with sok=ok (that do something: not the quotes and forms asked before)."""
        self.log.flush()
        with open(self.log_path, encoding='utf-8', errors='replace') as f:
            lines = [l for l in f if re.match(r'isplic-billmgr-sim: (GET|POST|HEAD) ', l)]
        if func is not None:
            lines = [l for l in lines if (' func=%s ' % func) in l or l.rstrip().endswith(' func=' + func)]
        if sent:
            lines = [l for l in lines if ' sok=ok' in l]
        return lines

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        self.log.close()


def cli(sim, *args, **kwargs):
    """Runs isplic-cli; returns (exit code, stdout, stderr). Global options go after the
    command by default and before it with globals_first."""
    code, out, err = cli_raw(sim, *args, **kwargs)
    return code, out.decode('utf-8'), err.decode('utf-8')


def cli_raw(sim, *args, password=PASSWORD, server=None, user=USER, timeout=30, env_extra=None,
            globals_first=False, stdout=subprocess.PIPE):
    """As cli(), with stdout and stderr as bytes (stdout None when redirected by @stdout)."""
    env = dict(os.environ)
    env.pop('ISPLIC_PASSWORD', None)
    # The journal and caches of this run only, never the user's.
    env['XDG_DATA_HOME'] = os.path.join(TMP, 'data')
    env['XDG_CACHE_HOME'] = os.path.join(TMP, 'cache')
    if password is not None:
        env['ISPLIC_PASSWORD'] = password
    for name, value in (env_extra or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    global_args = []
    if sim is not None or server is not None:
        global_args += ['--server', server if server is not None else sim.url]
    if user is not None:
        global_args += ['--user', user]
    argv = [CLI] + (global_args + list(args) if globals_first else list(args) + global_args)
    proc = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, stdout=stdout,
                          stderr=subprocess.PIPE, timeout=timeout)
    secret = PASSWORD.encode('utf-8')
    assert secret not in (proc.stdout or b'') and secret not in proc.stderr, \
        'the password was printed'
    return proc.returncode, proc.stdout, proc.stderr


def expect_rc(result, rc):
    code, out, err = result
    expect(code == rc, 'exit code %d, expected %d' % (code, rc), 'stdout: ' + out,
           'stderr: ' + err)


def add_months(date_text, months):
    date = datetime.date.fromisoformat(date_text)
    month0 = date.month - 1 + months
    year = date.year + month0 // 12
    month = month0 % 12 + 1
    day = min(date.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day).isoformat()


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


# --- the tests ---------------------------------------------------------------------------

COMMANDS = ['list', 'show', 'order', 'renew', 'edit', 'change-tariff', 'suspend', 'resume',
            'check-ip', 'new-key', 'delete', 'balance', 'prices', 'nodes', 'cart', 'history',
            'auto-renew', 'tariffs', 'version', 'help']

test = isplic_tap.Tests()


class Context:
    sim = None
    used = set()

    def pick(self, predicate=lambda lic: True):
        """An active, non-trial license not used by another test yet."""
        for lic in self.sim.licenses():
            if (str(lic['id']) not in self.used and int(lic['status']) == 2
                    and int(lic['period']) in (1, 12) and lic.get('lickey') and predicate(lic)):
                self.used.add(str(lic['id']))
                return lic
        raise AssertionError('the simulator has no suitable license left')


ctx = Context()


@test('version prints the version and exits 0')
def _():
    code, out, _ = cli(None, 'version', user=None)
    expect(code == 0 and re.match(r'^isplic-cli \d+\.\d+', out), 'bad version output', out)
    code, out2, _ = cli(None, '--version', user=None)
    expect(code == 0 and out2 == out, '--version differs from version', out2)


@test('--help lists every command with examples and exit codes')
def _():
    for args in (['--help'], ['-h'], ['help']):
        code, out, err = cli(None, *args, user=None)
        expect(code == 0, '%s exited %d' % (args, code), err)
        for command in COMMANDS:
            expect(re.search(r'^  %s ' % re.escape(command), out, re.M),
                   '%s does not list %s' % (args, command), out)
        expect('Examples:' in out and 'Exit status:' in out and 'ISPLIC_PASSWORD' in out,
               'no examples, exit codes or password source in the help', out)


for _command in COMMANDS:
    def _help_test(command=_command):
        code, out, err = cli(None, 'help', command, user=None)
        expect(code == 0, 'help %s exited %d' % (command, code), err)
        expect(out.startswith('Usage:') and (' %s' % command) in out.splitlines()[1],
               'help %s has no usage line for the command' % command, out)
        expect('--server' in out, 'help %s does not show the global options' % command, out)
        code2, out2, err2 = cli(None, command, '--help', user=None)
        expect(code2 == 0 and out2 == out, '%s --help differs from help %s' % (command, command),
               out2, err2)
    test('help %s and %s --help exit 0 with the usage' % (_command, _command))(_help_test)


@test('usage errors: no command, unknown command, unknown option, extra argument → 2')
def _():
    for args in ([], ['frobnicate'], ['list', '--frob'], ['list', 'extra'], ['show'],
                 ['show', 'abc'], ['help', 'frobnicate'], ['list', '--json', '--csv'],
                 ['list', '--lang', 'de'], ['list', '--timeout', '0']):
        code, out, err = cli(None, *args, user=None)
        expect(code == 2, '%s exited %d, expected 2' % (args, code), out, err)
        expect(err.startswith('isplic-cli: '), '%s: no prefixed message' % (args,), err)


@test('tariffs lists the catalogue, --json too')
def _():
    code, out, _ = cli(None, 'tariffs', user=None)
    expect(code == 0, 'exit %d' % code)
    for tariff_id in ('55239', '55240', '55227', '55228', '55229', '55230'):
        expect(re.search(r'^%s ' % tariff_id, out, re.M), 'no %s' % tariff_id, out)
    code, out, _ = cli(None, 'tariffs', '--json', user=None)
    tariffs = json.loads(out)
    expect(code == 0 and len(tariffs) == 6, 'bad --json', out)
    lite = [t for t in tariffs if t['id'] == '55227'][0]
    expect('lite' in lite['aliases'] and not lite['trial'], 'bad lite entry', lite)
    business = [t for t in tariffs if t['id'] == '55230'][0]
    expect(business['nodes'], 'business takes nodes', business)


@test('start the simulator')
def _():
    ctx.sim = Sim()
    expect(len(ctx.sim.licenses()) == 12, 'the simulator does not have 12 licenses')


@test('list prints an aligned table of every license')
def _():
    code, out, err = cli(ctx.sim, 'list')
    expect_rc((code, out, err), 0)
    lines = out.splitlines()
    header = lines[0]
    columns = ['ID', 'NAME', 'IP', 'TARIFF', 'STATUS', 'EXPIRES', 'AUTO-RENEW']
    expect(header.split() == columns, 'bad header', header)
    state = ctx.sim.licenses()
    expect(len(lines) == 1 + len(state), '%d rows for %d licenses' % (len(lines) - 1, len(state)),
           out)
    ip_col = header.index(' IP ') + 1
    exp_col = header.index('EXPIRES')
    for line, lic in zip(lines[1:], state):
        expect(line.startswith(str(lic['id']) + ' '), 'row is not license %s' % lic['id'], line)
        expect(line[ip_col:].startswith(lic['ip'] + ' '), 'IP not in its column', line)
        expect(line[exp_col:].startswith(lic['expiredate'] + ' '), 'expiry not in its column',
               line)


@test('list --json is an array matching the simulator state, with the model property names')
def _():
    code, out, err = cli(ctx.sim, 'list', '--json')
    expect_rc((code, out, err), 0)
    items = json.loads(out)
    state = ctx.sim.licenses()
    expect(isinstance(items, list) and len(items) == len(state),
           '%d entries for %d licenses' % (len(items), len(state)))
    keys = {'id', 'name', 'ip', 'tariff-id', 'tariff', 'status', 'status-label', 'period',
            'created', 'expires', 'auto-renew', 'cost', 'nodes', 'key'}
    nicks = {1: 'ordered', 2: 'active', 3: 'suspended', 5: 'processing'}
    for item, lic in zip(items, state):
        expect(set(item) == keys, 'keys differ', sorted(item))
        expect(item['id'] == str(lic['id']) and item['name'] == lic['licname']
               and item['ip'] == lic['ip'] and item['expires'] == lic['expiredate']
               and item['created'] == lic['createdate']
               and item['tariff-id'] == str(lic['pricelist'])
               and item['status'] == nicks[int(lic['status'])]
               and item['period'] == int(lic['period']),
               'entry does not match the state', item, lic)


@test('list --csv is RFC 4180 with a header and every license')
def _():
    code, out, err = cli(ctx.sim, 'list', '--csv')
    expect_rc((code, out, err), 0)
    expect('\r\n' in out, 'CSV lines must end in CRLF')
    rows = list(csv.DictReader(io.StringIO(out, newline='')))
    state = ctx.sim.licenses()
    expect(len(rows) == len(state), '%d rows for %d licenses' % (len(rows), len(state)))
    for row, lic in zip(rows, state):
        expect(row['id'] == str(lic['id']) and row['name'] == lic['licname']
               and row['ip'] == lic['ip'] and row['expires'] == lic['expiredate'],
               'row does not match the state', row, lic)


@test('global options work before the command too')
def _():
    code, out, err = cli(ctx.sim, 'list', '--json', globals_first=True)
    expect_rc((code, out, err), 0)
    expect(len(json.loads(out)) == len(ctx.sim.licenses()), 'wrong count')


@test('show prints every field including the key; --json too')
def _():
    lic = ctx.pick()
    code, out, err = cli(ctx.sim, 'show', str(lic['id']))
    expect_rc((code, out, err), 0)
    for text in (str(lic['id']), lic['licname'], lic['ip'], lic['expiredate'], lic['lickey']):
        expect(text in out, '%r missing' % text, out)
    expect(re.search(r'^Key: +%s$' % re.escape(lic['lickey']), out, re.M), 'no key line', out)
    code, out, err = cli(ctx.sim, 'show', str(lic['id']), '--json')
    expect_rc((code, out, err), 0)
    item = json.loads(out)
    expect(item['key'] == lic['lickey'] and item['id'] == str(lic['id']), 'bad JSON', item)


@test('show of an unknown license → 1 with the server message')
def _():
    code, out, err = cli(ctx.sim, 'show', '99999999')
    expect(code == 1 and err.startswith('isplic-cli: ') and out == '', 'exit %d' % code, err)


@test('order places exactly one order; the state has it; the key comes after processing')
def _():
    before = len(ctx.sim.requests('soft.order.param', sent=True))
    code, out, err = cli(ctx.sim, 'order', '--tariff', 'lite', '--ip', '198.18.0.10',
                         '--name', 'cli-order-1', '--auto-renew', '12')
    expect_rc((code, out, err), 0)
    new_id = out.strip()
    expect(re.fullmatch(r'\d+', new_id), 'stdout is not the new id', out)
    expect('key' in err.lower(), 'no note about the key', err)
    expect(len(ctx.sim.requests('soft.order.param', sent=True)) == before + 1,
           'not exactly one request')
    lic = ctx.sim.license(new_id)
    expect(lic is not None and lic['ip'] == '198.18.0.10' and lic['licname'] == 'cli-order-1'
           and str(lic['pricelist']) == '55227' and int(lic['period']) == 1
           and str(lic['autoprolong']) == '12', 'state does not have the order', lic)
    ctx.used.add(new_id)
    time.sleep(0.6)
    code, out, err = cli(ctx.sim, 'show', new_id, '--json')
    expect_rc((code, out, err), 0)
    expect(json.loads(out)['key'] == ctx.sim.license(new_id)['lickey'], 'no key after processing',
           out)


@test('order business with nodes, a year, auto-renew; trial; by code and full name')
def _():
    code, out, err = cli(ctx.sim, 'order', '--tariff', 'Business', '--nodes', '3', '--period',
                         '12', '--auto-renew', '12', '--ip', '198.18.0.11', '--name', 'cluster')
    expect_rc((code, out, err), 0)
    lic = ctx.sim.license(out.strip())
    expect(lic and str(lic['pricelist']) == '55230' and int(lic['nodes']) == 3
           and int(lic['period']) == 12, 'business order wrong', lic)
    code, out, err = cli(ctx.sim, 'order', '--tariff', 'trial', '--ip', '198.18.0.12', '--name',
                         'try')
    expect_rc((code, out, err), 0)
    lic = ctx.sim.license(out.strip())
    expect(lic and str(lic['pricelist']) == '55239', 'trial order wrong', lic)
    code, out, err = cli(ctx.sim, 'order', '--tariff', 'ispmanager 6 pro', '--ip', '2001:db8::5',
                         '--name', 'v6')
    expect_rc((code, out, err), 0)
    lic = ctx.sim.license(out.strip())
    expect(lic and str(lic['pricelist']) == '55228' and lic['ip'] == '2001:db8::5',
           'pro order wrong', lic)


@test('order --cart prints the cart order id and creates no license')
def _():
    n = len(ctx.sim.licenses(include_deleted=True))
    code, out, err = cli(ctx.sim, 'order', '--tariff', '55229', '--ip', '198.18.0.13', '--name',
                         'in-cart', '--cart')
    expect_rc((code, out, err), 0)
    expect(re.fullmatch(r'\d+\n', out), 'stdout is not an id', out)
    expect('cart' in err, 'no note about the cart', err)
    expect(len(ctx.sim.licenses(include_deleted=True)) == n, 'a license was created')
    basket = ctx.sim.state().get('basket', [])
    expect(any(b['ip'] == '198.18.0.13' for b in basket), 'not in the basket', basket)


@test('order with an IP that already has a license → 1 with the server message')
def _():
    taken = ctx.sim.licenses()[0]['ip']
    n = len(ctx.sim.licenses(include_deleted=True))
    code, out, err = cli(ctx.sim, 'order', '--tariff', 'lite', '--ip', taken, '--name', 'dup')
    expect(code == 1, 'exit %d' % code, out, err)
    expect(err.startswith('isplic-cli: ') and taken in err, 'no server message', err)
    expect(len(ctx.sim.licenses(include_deleted=True)) == n, 'a license was created')


@test('order with bad arguments → 2 and nothing is sent')
def _():
    before = len(ctx.sim.requests())
    bad = [
        ['--tariff', 'lite', '--ip', '1.2.3', '--name', 'x'],
        ['--tariff', 'lite', '--ip', 'example.com', '--name', 'x'],
        ['--tariff', 'lite', '--ip', '1.2.3.4:80', '--name', 'x'],
        ['--tariff', 'gold', '--ip', '198.18.1.1', '--name', 'x'],
        ['--tariff', 'lite', '--ip', '198.18.1.1', '--name', 'x', '--nodes', '2'],
        ['--tariff', 'business', '--ip', '198.18.1.1', '--name', 'x', '--nodes', '0'],
        ['--tariff', 'lite', '--ip', '198.18.1.1', '--name', 'x', '--period', '6'],
        ['--tariff', 'lite', '--ip', '198.18.1.1', '--name', 'x', '--auto-renew', 'weekly'],
        ['--tariff', 'trial', '--ip', '198.18.1.1', '--name', 'x', '--period', '12'],
        ['--tariff', 'lite', '--ip', '198.18.1.1'],
        ['--tariff', 'lite', '--name', 'x'],
        ['--ip', '198.18.1.1', '--name', 'x'],
    ]
    for args in bad:
        code, out, err = cli(ctx.sim, 'order', *args)
        expect(code == 2, '%s exited %d' % (args, code), out, err)
        expect(err.startswith('isplic-cli: '), 'no message for %s' % args, err)
    expect(len(ctx.sim.requests()) == before, 'something was sent',
           ''.join(ctx.sim.requests()[before:]))


@test('renew moves the expiry by the period and prints it')
def _():
    lic = ctx.pick()
    expected = add_months(lic['expiredate'], 1)
    code, out, err = cli(ctx.sim, 'renew', str(lic['id']))
    expect_rc((code, out, err), 0)
    expect(ctx.sim.license(lic['id'])['expiredate'] == expected, 'expiry not moved by a month',
           ctx.sim.license(lic['id']))
    expect(expected in out, 'new expiry not printed', out)


@test('renew several licenses by a year')
def _():
    a, b = ctx.pick(), ctx.pick()
    code, out, err = cli(ctx.sim, 'renew', str(a['id']), str(b['id']), '--period', '12')
    expect_rc((code, out, err), 0)
    for lic in (a, b):
        expected = add_months(lic['expiredate'], 12)
        now = ctx.sim.license(lic['id'])['expiredate']
        expect(now == expected, 'license %s expires %s, expected %s' % (lic['id'], now, expected))
        expect(expected in out, 'new expiry of %s not printed' % lic['id'], out)


@test('renew an unknown license → 1, the others are still renewed')
def _():
    lic = ctx.pick()
    expected = add_months(lic['expiredate'], 1)
    code, out, err = cli(ctx.sim, 'renew', '99999999', str(lic['id']))
    expect(code == 1, 'exit %d' % code, out, err)
    expect('99999999' in err, 'unknown id not named', err)
    expect(ctx.sim.license(lic['id'])['expiredate'] == expected, 'the other was not renewed')


@test('edit changes the name and the IP')
def _():
    lic = ctx.pick(lambda l: not l.get('ip_change_date'))
    code, out, err = cli(ctx.sim, 'edit', str(lic['id']), '--name', 'renamed by cli', '--ip',
                         '198.18.2.1')
    expect_rc((code, out, err), 0)
    now = ctx.sim.license(lic['id'])
    expect(now['licname'] == 'renamed by cli' and now['ip'] == '198.18.2.1', 'not changed', now)
    code, out, err = cli(ctx.sim, 'edit', str(lic['id']))
    expect(code == 2, 'edit without changes exited %d' % code, err)
    code, out, err = cli(ctx.sim, 'edit', str(lic['id']), '--ip', '300.1.1.1')
    expect(code == 2, 'edit with a bad IP exited %d' % code, err)


@test('change-tariff moves the license to the tariff')
def _():
    lic = ctx.pick(lambda l: str(l['pricelist']) != '55229')
    code, out, err = cli(ctx.sim, 'change-tariff', str(lic['id']), '--tariff', 'host')
    expect_rc((code, out, err), 0)
    expect(str(ctx.sim.license(lic['id'])['pricelist']) == '55229', 'tariff not changed',
           ctx.sim.license(lic['id']))
    code, out, err = cli(ctx.sim, 'change-tariff', str(lic['id']))
    expect(code == 2, 'change-tariff without --tariff exited %d' % code, err)


@test('suspend and resume several licenses')
def _():
    a, b = ctx.pick(), ctx.pick()
    ids = [str(a['id']), str(b['id'])]
    code, out, err = cli(ctx.sim, 'suspend', *ids)
    expect_rc((code, out, err), 0)
    expect([int(ctx.sim.license(i)['status']) for i in ids] == [3, 3], 'not suspended')
    code, out, _ = cli(ctx.sim, 'list', '--json')
    statuses = {item['id']: item['status'] for item in json.loads(out)}
    expect(statuses[ids[0]] == 'suspended' and statuses[ids[1]] == 'suspended',
           'list does not show them suspended', statuses)
    code, out, err = cli(ctx.sim, 'resume', *ids)
    expect_rc((code, out, err), 0)
    expect([int(ctx.sim.license(i)['status']) for i in ids] == [2, 2], 'not resumed')
    ctx.used.difference_update(ids)


@test('check-ip: a free IP → 0, a licensed IP → 1 with the reason')
def _():
    code, out, err = cli(ctx.sim, 'check-ip', '198.18.3.1', '--tariff', 'lite')
    expect_rc((code, out, err), 0)
    taken = ctx.sim.licenses()[0]['ip']
    code, out, err = cli(ctx.sim, 'check-ip', taken, '--tariff', 'pro', '--period', '12')
    expect(code == 1 and err.startswith('isplic-cli: ') and taken in err, 'exit %d' % code, err)
    code, out, err = cli(ctx.sim, 'check-ip', '1.2.3', '--tariff', 'lite')
    expect(code == 2, 'bad IP exited %d' % code, err)


@test('new-key prints a new key and the state has it')
def _():
    lic = ctx.pick(lambda l: not l.get('lickey_change_date'))
    code, out, err = cli(ctx.sim, 'new-key', str(lic['id']))
    expect_rc((code, out, err), 0)
    key = out.strip()
    now = ctx.sim.license(lic['id'])['lickey']
    expect(key == now and key != lic['lickey'], 'key not changed or not printed', key, now)


@test('delete without --yes → 2 and nothing is deleted; with --yes the licenses are gone')
def _():
    a, b = ctx.pick(), ctx.pick()
    ids = [str(a['id']), str(b['id'])]
    before = len(ctx.sim.requests())
    code, out, err = cli(ctx.sim, 'delete', *ids)
    expect(code == 2 and '--yes' in err, 'exit %d' % code, err)
    expect(len(ctx.sim.requests()) == before, 'something was sent')
    expect(all(int(ctx.sim.license(i)['status']) == 2 for i in ids), 'deleted anyway')
    code, out, err = cli(ctx.sim, 'delete', *ids, '--yes')
    expect_rc((code, out, err), 0)
    expect(all(int(ctx.sim.license(i)['status']) == 4 for i in ids), 'not deleted')
    code, out, _ = cli(ctx.sim, 'list', '--json')
    listed = {item['id'] for item in json.loads(out)}
    expect(not listed & set(ids), 'deleted licenses still listed')


@test('a wrong password → 1 with the server message')
def _():
    code, out, err = cli(ctx.sim, 'list', password='not-the-password')
    expect(code == 1 and err.startswith('isplic-cli: ') and out == '', 'exit %d' % code, err)


@test('a server that is not running → 3')
def _():
    code, out, err = cli(None, 'list', server='http://127.0.0.1:%d/billmgr' % free_port())
    expect(code == 3 and err.startswith('isplic-cli: '), 'exit %d' % code, err)


@test('credentials over plain http to another host → 2, nothing sent')
def _():
    code, out, err = cli(None, 'list', server='http://billing.example.com/billmgr')
    expect(code == 2 and 'http' in err, 'exit %d' % code, err)


@test('no password anywhere and no terminal → 2 explaining ISPLIC_PASSWORD')
def _():
    code, out, err = cli(ctx.sim, 'list', password=None)
    expect(code == 2 and 'ISPLIC_PASSWORD' in err, 'exit %d' % code, err)


@test('no user and no stored account → 2')
def _():
    code, out, err = cli(ctx.sim, 'list', user=None)
    expect(code == 2 and '--user' in err, 'exit %d' % code, err)


def keyring_env(name):
    """A private libsecret file keyring, so no other test sees or disturbs it."""
    return {'SECRET_BACKEND': 'file', 'SECRET_FILE_TEST_PATH': os.path.join(TMP, name),
            'SECRET_FILE_TEST_PASSWORD': 'keyring-password'}


@test('the password comes from the keyring when ISPLIC_PASSWORD is not set')
def _():
    expect(STORE is not None, 'no password-storing helper given')
    env = keyring_env('stored.keyring')
    store = subprocess.run([STORE, ctx.sim.url, USER], input=PASSWORD.encode(),
                           env=dict(os.environ, **env), capture_output=True, timeout=30)
    expect(store.returncode == 0, 'could not store the password', store.stderr)
    code, out, err = cli(ctx.sim, 'list', '--json', password=None, env_extra=env)
    expect_rc((code, out, err), 0)
    expect(len(json.loads(out)) == len(ctx.sim.licenses()), 'wrong list')
    # Stored for another user only: no password for this one.
    code, out, err = cli(ctx.sim, 'list', password=None, user='someone@example.com',
                         env_extra=env)
    expect(code == 2 and 'ISPLIC_PASSWORD' in err, 'exit %d' % code, err)


@test('on a terminal the password is prompted for, without echo')
def _():
    master, slave = pty.openpty()
    env = dict(os.environ, **keyring_env('empty.keyring'))
    env.pop('ISPLIC_PASSWORD', None)
    proc = subprocess.Popen([CLI, 'list', '--json', '--server', ctx.sim.url, '--user', USER],
                            env=env, stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    os.close(slave)
    try:
        prompt = b''
        deadline = time.monotonic() + 10
        while b'Password for' not in prompt and time.monotonic() < deadline:
            ready, _, _ = select.select([proc.stderr], [], [], 0.2)
            if ready:
                chunk = os.read(proc.stderr.fileno(), 4096)
                if not chunk:
                    break
                prompt += chunk
        expect(('Password for %s: ' % USER).encode() in prompt, 'no prompt', prompt)
        os.write(master, (PASSWORD + '\n').encode())
        out, err = proc.communicate(timeout=20)
        expect(proc.returncode == 0, 'exit %d' % proc.returncode, err)
        expect(len(json.loads(out)) == len(ctx.sim.licenses()), 'wrong list')
        echoed = b''
        while select.select([master], [], [], 0)[0]:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            echoed += chunk
        expect(PASSWORD.encode() not in echoed and PASSWORD.encode() not in prompt + err + out,
               'the password was echoed', echoed)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)


@test('the stored account (GSettings server-url and user) is used by default')
def _():
    config = os.path.join(TMP, 'config')
    os.makedirs(os.path.join(config, 'glib-2.0', 'settings'), exist_ok=True)
    with open(os.path.join(config, 'glib-2.0', 'settings', 'keyfile'), 'w') as f:
        f.write("[com/example/IspLic]\nserver-url='%s'\nuser='%s'\n" % (ctx.sim.url, USER))
    env = {'GSETTINGS_BACKEND': 'keyfile', 'XDG_CONFIG_HOME': config}
    code, out, err = cli(None, 'list', '--json', user=None, env_extra=env)
    expect_rc((code, out, err), 0)
    expect(len(json.loads(out)) == len(ctx.sim.licenses()), 'wrong list')
    # --server and --user still win over the stored account.
    code, out, err = cli(None, 'list', user=None, env_extra=env,
                         server='http://127.0.0.1:%d/billmgr' % free_port())
    expect(code == 3, '--server did not override the stored one: exit %d' % code, err)


@test('without the GSettings schema the CLI still works with --server and --user')
def _():
    # Only the system's schemas, as where IspLic's schema is not installed.
    env = {'GSETTINGS_SCHEMA_DIR': None, 'XDG_DATA_DIRS': '/usr/share',
           'GSETTINGS_BACKEND': 'memory'}
    code, out, err = cli(ctx.sim, 'list', '--json', env_extra=env)
    expect_rc((code, out, err), 0)
    code, out, err = cli(ctx.sim, 'list', user=None, env_extra=env)
    expect(code == 2 and '--user' in err, 'exit %d' % code, err)


@test('--lang ru asks the server for Russian labels and messages')
def _():
    code, out, err = cli(ctx.sim, 'list', '--json', '--lang', 'ru')
    expect_rc((code, out, err), 0)
    labels = {item['status-label'] for item in json.loads(out) if item['status'] == 'active'}
    expect(labels and all(re.search('[а-яА-Я]', label) for label in labels),
           'labels are not Russian', labels)
    code, out, err = cli(ctx.sim, 'show', '99999999', '--lang', 'ru')
    expect(code == 1 and re.search('[а-яА-Я]', err), 'message is not Russian', err)


@test('a name with a comma, quotes and Cyrillic survives --csv, --json and the table')
def _():
    lic = ctx.pick()
    name = 'Сервер, "главный" №1'
    code, out, err = cli(ctx.sim, 'edit', str(lic['id']), '--name', name)
    expect_rc((code, out, err), 0)
    expect(ctx.sim.license(lic['id'])['licname'] == name, 'the name did not reach the server')
    code, out, err = cli(ctx.sim, 'list', '--csv')
    expect('"Сервер, ""главный"" №1"' in out, 'not quoted as RFC 4180 says', out)
    rows = {row['id']: row for row in csv.DictReader(io.StringIO(out, newline=''))}
    expect(rows[str(lic['id'])]['name'] == name, 'CSV does not round-trip', rows[str(lic['id'])])
    code, out, err = cli(ctx.sim, 'list', '--json')
    items = {item['id']: item for item in json.loads(out)}
    expect(items[str(lic['id'])]['name'] == name, 'JSON does not round-trip')
    code, out, err = cli(ctx.sim, 'list')
    header = out.splitlines()[0]
    row = [l for l in out.splitlines() if l.startswith(str(lic['id']) + ' ')][0]
    ip_col = header.index(' IP ') + 1
    expect(row[ip_col:].startswith(lic['ip'] + ' '), 'the table is not aligned', header, row)


@test('stop the simulator')
def _():
    ctx.sim.stop()


@test('order whose answer is lost (timeout-after) → 4, reconciled, sent exactly once')
def _():
    sim = Sim('--fail', 'soft.order.param=timeout-after', licenses=3)
    try:
        n = len(sim.licenses(include_deleted=True))
        start = time.monotonic()
        code, out, err = cli(sim, 'order', '--tariff', 'lite', '--ip', '198.18.4.1', '--name',
                             'lost-answer', '--timeout', '2')
        expect(code == 4, 'exit %d' % code, out, err)
        expect(time.monotonic() - start < 20, 'took too long')
        after = sim.licenses(include_deleted=True)
        expect(len(after) == n + 1, '%d new licenses' % (len(after) - n))
        new = [lic for lic in after if lic['ip'] == '198.18.4.1']
        expect(len(new) == 1, 'not exactly one license for the IP')
        expect('placed after all' in out and str(new[0]['id']) in out,
               'the reconciled finding is not printed', out, err)
        expect(len(sim.requests('soft.order.param', sent=True)) == 1, 'the order was sent %d times'
               % len(sim.requests('soft.order.param', sent=True)))
    finally:
        sim.stop()


@test('renew and change-tariff with lost answers → 4 and what really happened')
def _():
    sim = Sim('--fail', 'service.prolong=timeout-after', '--fail',
              'service.changepricelist=timeout', '--fail',
              'service.changepricelist.getmoney=timeout', licenses=6)
    try:
        active = [l for l in sim.licenses() if int(l['status']) == 2 and int(l['period']) in (1, 12)]
        lic = active[0]
        expected = add_months(lic['expiredate'], 1)
        code, out, err = cli(sim, 'renew', str(lic['id']), '--timeout', '2')
        expect(code == 4, 'renew exit %d' % code, out, err)
        expect(sim.license(lic['id'])['expiredate'] == expected, 'not renewed once')
        expect('renewed after all' in out and expected in out, 'finding not printed', out, err)
        expect(len(sim.requests('service.prolong', sent=True)) == 1, 'renewal sent more than once')

        other = [l for l in active[1:] if str(l['pricelist']) != '55228'][0]
        code, out, err = cli(sim, 'change-tariff', str(other['id']), '--tariff', 'pro',
                             '--timeout', '2')
        expect(code == 4, 'change-tariff exit %d' % code, out, err)
        expect(str(sim.license(other['id'])['pricelist']) == str(other['pricelist']),
               'the tariff changed although the server never did it')
        expect('not changed' in out, 'finding not printed', out, err)
        expect(len(sim.requests('service.changepricelist', sent=True))
               + len(sim.requests('service.changepricelist.getmoney', sent=True)) == 1,
               'sent more than once')
    finally:
        sim.stop()


@test('transport failures → 3: timeout, HTTP 500, malformed body')
def _():
    sim = Sim('--fail', 'soft=timeout', '--fail', 'soft.suspend=http500', '--fail',
              'soft.resume=malformed', licenses=3)
    try:
        lic_id = str(sim.licenses()[0]['id'])
        for args in (['list', '--timeout', '1'], ['suspend', lic_id], ['resume', lic_id]):
            code, out, err = cli(sim, *args)
            expect(code == 3 and err.startswith('isplic-cli: '), '%s exited %d' % (args, code),
                   err)
    finally:
        sim.stop()


# Server text meant to take over a terminal: clear the screen, write the clipboard (OSC 52),
# overwrite the line with a fake success, a C1 CSI, a right-to-left override.
HOSTILE = [
    {'licname': '\x1b[2J\x1b[1;1Hesc-name\x1b[0m', 'lickey': 'KEY-\x1b]52;c;cm0gLXJmIH4=\x07'},
    {'licname': 'web\rLicense 3100001 renewed until 2099-01-01.\nmore',
     'lickey': 'KEY-\u009b31m-red\x7f'},
    {'licname': 'x\u202egnp.exe\u2066\u200f', 'lickey': 'KEY\tTAB\u2028\u0085'},
]
# Bytes that must never reach the terminal raw (newline and, in CSV, CR before LF aside).
UNSAFE_CODEPOINTS = (set(range(0x20)) | {0x7f} | set(range(0x80, 0xa0))
                     | set(range(0x202a, 0x202f)) | set(range(0x2066, 0x206a))
                     | {0x200e, 0x200f, 0x061c, 0x2028, 0x2029})


def expect_terminal_safe(data, what, csv_rows=False):
    text = data.decode('utf-8')  # strict: invalid UTF-8 fails the test
    if csv_rows:
        text = text.replace('\r\n', '\n')
    bad = sorted({hex(ord(c)) for c in text if ord(c) in UNSAFE_CODEPOINTS and c != '\n'})
    expect(not bad, '%s carries raw %s' % (what, ', '.join(bad)), repr(text))


def hostile_sim():
    """A simulator whose licenses have hostile names and keys, loaded from a --state file."""
    path = os.path.join(TMP, 'hostile-state-%d.json' % id(HOSTILE))
    licenses = []
    for i, fields in enumerate(HOSTILE):
        lic = {'id': 3100001 + i, 'ip': '203.0.113.%d' % (50 + i), 'pricelist': '55227',
               'period': 1, 'status': 2, 'createdate': '2026-01-01', 'expiredate': '2027-01-01',
               'autoprolong': 'null', 'nodes': 0}
        lic.update(fields)
        licenses.append(lic)
    with open(path, 'w', encoding='ascii') as f:
        json.dump({'version': 1, 'next_id': 3100100, 'licenses': licenses}, f)
    return Sim('--state', path, licenses=None)


@test('server text with ESC, OSC 52, CR, C1 and bidi never reaches the terminal raw')
def _():
    sim = hostile_sim()
    try:
        state = {str(l['id']): l for l in sim.licenses()}
        expect(len(state) == len(HOSTILE)
               and all(state[str(3100001 + i)]['licname'] == h['licname']
                       for i, h in enumerate(HOSTILE)),
               'the simulator did not load the hostile names', state)
        for args in (['list'], ['list', '--csv'], ['list', '--json'], ['show', '3100001'],
                     ['show', '3100002'], ['show', '3100003'], ['show', '3100002', '--json']):
            code, out, err = cli_raw(sim, *args)
            expect(code == 0, '%s exited %d' % (args, code), out, err)
            expect_terminal_safe(out, '%s stdout' % args, csv_rows=('--csv' in args))
            expect_terminal_safe(err, '%s stderr' % args)
        # The escapes are visible and the values survive JSON.
        code, out, err = cli_raw(sim, 'list')
        expect(b'\\x1b[2J\\x1b[1;1Hesc-name' in out and b'\\u202egnp.exe' in out
               and b'web\\x0dLicense' in out, 'escapes not visible in the table', out)
        lines = out.decode().splitlines()
        expect(len(lines) == 1 + len(HOSTILE), 'a name broke the table into lines', out)
        ip_col = lines[0].index(' IP ') + 1
        for line in lines[1:]:
            expect(re.match(r'203\.0\.113\.5\d ', line[ip_col:]), 'the table is not aligned', out)
        code, out, err = cli_raw(sim, 'show', '3100002')
        expect(b'KEY-\\u009b31m-red\\x7f' in out, 'key not escaped visibly', out)
        code, out, err = cli_raw(sim, 'list', '--json')
        items = {item['id']: item for item in json.loads(out)}
        for i, h in enumerate(HOSTILE):
            item = items[str(3100001 + i)]
            expect(item['name'] == h['licname'], 'JSON does not carry the exact name', item)
            code, out, err = cli_raw(sim, 'show', str(3100001 + i), '--json')
            item = json.loads(out)
            expect(item['name'] == h['licname'] and item['key'] == h['lickey'],
                   'JSON does not carry the exact values', item)
        code, out, err = cli_raw(sim, 'list', '--csv')
        rows = list(csv.DictReader(io.StringIO(out.decode(), newline='')))
        expect(len(rows) == len(HOSTILE), 'a name broke the CSV rows', out)
        # A hostile id in a usage error is escaped too.
        code, out, err = cli_raw(sim, 'show', '\x1b]52;c;eA==\x07')
        expect(code == 2, 'bad id accepted', err)
        expect_terminal_safe(err, 'usage error')
    finally:
        sim.stop()


@test('repeated ids are handled once, with a notice: renew is charged once')
def _():
    sim = Sim(licenses=4)
    try:
        lics = [l for l in sim.licenses() if int(l['status']) == 2 and int(l['period']) in (1, 12)]
        lic = lics[0]
        lic_id = str(lic['id'])
        expected = add_months(lic['expiredate'], 1)
        code, out, err = cli(sim, 'renew', lic_id, lic_id)
        expect_rc((code, out, err), 0)
        expect(len(sim.requests('service.prolong', sent=True)) == 1, 'renewed %d times'
               % len(sim.requests('service.prolong', sent=True)), ''.join(sim.requests()))
        expect(sim.license(lic_id)['expiredate'] == expected, 'not renewed by exactly a month',
               sim.license(lic_id))
        notice = ('isplic-cli: license %s was given more than once; it is handled once.\n'
                  % lic_id)
        expect(err.count(notice) == 1, 'no notice of the repeated id', err)
        expect(out.count(lic_id) == 1, 'reported twice', out)

        other = str(lics[1]['id'])
        for command in ('suspend', 'resume'):
            code, out, err = cli(sim, command, other, lic_id, other, other)
            expect_rc((code, out, err), 0)
            expect(err.count('license %s was given more than once' % other) == 1
                   and 'license %s was given' % lic_id not in err, 'wrong notice', err)
            expect(('licenses %s, %s.' % (other, lic_id)) in out, 'ids not listed once', out)
        code, out, err = cli(sim, 'delete', other, other, '--yes')
        expect_rc((code, out, err), 0)
        expect(err.count('was given more than once') == 1, 'no notice for delete', err)
    finally:
        sim.stop()


@test('bad --timeout, ids and names are refused locally → 2, nothing sent')
def _():
    sim = Sim(licenses=2)
    try:
        lic_id = str(sim.licenses()[0]['id'])
        bad = []
        for value in ('-1', '0', 'abc', '1.5', '86401', '99999999999999999999', '', '+5'):
            bad.append((['list', '--timeout', value], 'timeout'))
            bad.append((['--timeout=' + value, 'renew', lic_id], 'timeout'))
        for value in ('0', '-5', 'abc', '1,2', '01', ' 1', '1e3', '３１'):
            for command in (['show', value], ['renew', lic_id, value], ['suspend', value],
                            ['delete', value, '--yes'], ['edit', value, '--name', 'x']):
                bad.append((command, 'not a license ID'))
        names = {
            'line break': 'web\n01', 'carriage return': 'web\r01', 'tab': 'a\tb',
            'escape': 'a\x1b[31mb', 'C1': 'a\u009bb', 'DEL': 'a\x7fb',
            'bidi override': 'a\u202eb', 'isolate': 'a\u2066b', 'line separator': 'a\u2028b',
            'only invisible': '\u200b\u200b', 'trailing line break': 'web-01\n',
            '101 characters': 'n' * 101,
            '5,000 characters': 'x' * 5000,
        }
        for what, name in names.items():
            bad.append((['order', '--tariff', 'lite', '--ip', '198.18.9.1', '--name', name], what))
            bad.append((['edit', lic_id, '--name', name], what))
        before = len(sim.requests())
        for args, what in bad:
            code, out, err = cli_raw(sim, *args)
            expect(code == 2, '%r (%s) exited %d' % (args[:4], what, code), out, err)
            err = err.decode()
            expect(err.startswith('isplic-cli: '), 'no message for %r' % args[:4], err)
            if what == 'timeout':
                expect('--timeout takes a whole number of seconds' in err, 'unclear', err)
            elif what == 'not a license ID':
                expect('is not a license ID' in err, 'unclear for %r' % args, err)
            else:
                expect('The license name' in err or 'The license needs a name' in err,
                       'unclear for %s' % what, err)
            expect_terminal_safe(err.encode(), 'message for %r' % args[:4])
        expect(len(sim.requests()) == before, 'something was sent',
               ''.join(sim.requests()[before:]))
        code, out, err = cli(sim, 'order', '--tariff', 'lite', '--ip', '198.18.9.1', '--name',
                             'x' * 101)
        expect('at most 100 characters' in err, 'the limit is not named', err)
        # The limits themselves are accepted.
        code, out, err = cli(sim, 'edit', lic_id, '--name', ' ' + 'й' * 100 + ' ',
                             '--timeout', '86400')
        expect_rc((code, out, err), 0)
        expect(sim.license(lic_id)['licname'] == 'й' * 100, 'name not trimmed or not sent',
               sim.license(lic_id))
        for command in ('order', 'edit'):
            code, out, err = cli(None, 'help', command, user=None)
            expect('at most 100 characters' in out, 'help %s does not name the limit' % command)
    finally:
        sim.stop()


def broken_stdouts():
    """(name, file descriptor) pairs of outputs that fail: a full disk and a closed pipe."""
    full = os.open('/dev/full', os.O_WRONLY)
    read_end, write_end = os.pipe()
    os.close(read_end)
    return [('/dev/full', full), ('a closed pipe', write_end)]


@test('done but not printed (full disk, closed pipe) → 5, sent exactly once; never 3')
def _():
    sim = Sim(licenses=4)
    try:
        outputs = broken_stdouts()
        try:
            for number, (what, fd) in enumerate(outputs):
                before = len(sim.requests('soft.order.param', sent=True))
                n = len(sim.licenses(include_deleted=True))
                code, _, err = cli_raw(sim, 'order', '--tariff', 'lite', '--ip',
                                       '198.18.7.%d' % (10 + number), '--name', 'unprinted',
                                       stdout=fd)
                err = err.decode()
                expect(code == 5, 'order to %s exited %d' % (what, code), err)
                expect('isplic-cli: Done, but the result could not be printed' in err
                       and 'Do not run' in err,
                       'no message for %s' % what, err)
                expect(len(sim.requests('soft.order.param', sent=True)) == before + 1,
                       'order to %s not sent exactly once' % what)
                expect(len(sim.licenses(include_deleted=True)) == n + 1,
                       'order to %s not placed exactly once' % what)

                lic = [l for l in sim.licenses() if int(l['status']) == 2
                       and int(l['period']) in (1, 12)][number]
                before = len(sim.requests('service.prolong', sent=True))
                expected = add_months(lic['expiredate'], 1)
                code, _, err = cli_raw(sim, 'renew', str(lic['id']), stdout=fd)
                expect(code == 5, 'renew to %s exited %d' % (what, code), err)
                expect(len(sim.requests('service.prolong', sent=True)) == before + 1,
                       'renew to %s not sent exactly once' % what)
                expect(sim.license(lic['id'])['expiredate'] == expected,
                       'renew to %s not done exactly once' % what)
            # A read-only command says so too, with the same code; a refusal keeps its code.
            code, _, err = cli_raw(sim, 'list', stdout=outputs[0][1])
            expect(code == 5 and b'Could not write the output' in err, 'list: %d' % code, err)
            code, _, err = cli_raw(sim, 'show', '99999999', stdout=outputs[0][1])
            expect(code == 1, 'refusal to /dev/full exited %d' % code, err)
        finally:
            for _, fd in outputs:
                os.close(fd)
        code, out, err = cli(None, 'help', user=None)
        expect('5  done, but the result could not be printed' in out, 'code 5 not in --help', out)
    finally:
        sim.stop()


def interrupt(sim, func, *args, sent=False, timeout=60):
    """Starts isplic-cli, presses Ctrl+C once its @func request (with @sent: the one with
    sok=ok) reached the simulator; returns (exit code, stderr, seconds it took to stop)."""
    env = dict(os.environ, ISPLIC_PASSWORD=PASSWORD)
    proc = subprocess.Popen([CLI, *args, '--server', sim.url, '--user', USER, '--timeout',
                             str(timeout)],
                            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while not sim.requests(func, sent=sent) and time.monotonic() < deadline:
            time.sleep(0.05)
        expect(sim.requests(func, sent=sent), 'the request never reached the simulator')
        time.sleep(0.2)
        start = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=10)
        return proc.returncode, err.decode(), time.monotonic() - start
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@test('Ctrl+C cancels the running request and exits 130; an interrupted order says so')
def _():
    sim = Sim('--fail', 'soft=timeout', licenses=1)
    try:
        code, err, took = interrupt(sim, 'soft', 'list')
        expect(code == 130 and 'Interrupted' in err, 'list: exit %d' % code, err)
        expect(took < 5, 'did not stop promptly')
    finally:
        sim.stop()
    # An order lists the licenses first (to know which are new), then orders.
    sim = Sim('--fail', 'soft.order.param=timeout', licenses=1)
    try:
        code, err, took = interrupt(sim, 'soft.order.param', 'order', '--tariff', 'lite', '--ip',
                                    '198.18.5.1', '--name', 'interrupted', sent=True,
                                    timeout=2)
        expect(code == 130 and 'Interrupted' in err, 'order: exit %d' % code, err)
        expect('may or may not' in err, 'no warning that the order may have been placed', err)
        expect(took < 5, 'did not stop promptly')
        expect(len(sim.requests('soft.order.param', sent=True)) == 1, 'the order was sent again')
    finally:
        sim.stop()


def main():
    status = test.run()
    if ctx.sim is not None:
        ctx.sim.stop()
    shutil.rmtree(TMP, ignore_errors=True)
    return status


if __name__ == '__main__':
    sys.exit(main())
