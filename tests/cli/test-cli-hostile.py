#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""isplic-cli against a misbehaving billmgr (tests/lib's isplic-hostile-server), printing TAP.

usage: test-cli-hostile.py ISPLIC_CLI ISPLIC_HOSTILE_SERVER TESTS_LIB_DIR

The rules of issue 7 as a person at a terminal meets them: done only on the server's word,
refusals in any shape shown in full, "outcome unknown" (exit 4) reconciled without guessing and
never resent, answers bounded in size and time, paging lies stopped, busy servers, and no server
text reaching the terminal raw.
"""

import json
import os
import resource
import subprocess
import sys
import time

CLI = sys.argv[1]
SERVER = sys.argv[2]
sys.path.insert(0, sys.argv[3])

from isplic_hostile import HOSTILE_STRINGS, HostileServer, error_body, has_raw_controls  # noqa: E402
import isplic_tap  # noqa: E402
from isplic_tap import expect  # noqa: E402

PASSWORD = 'p@ss:w&rd %2B+#?пароль'
test = isplic_tap.Tests()


def cli(server, *args, timeout=60):
    env = dict(os.environ, ISPLIC_PASSWORD=PASSWORD)
    argv = [CLI, '--server', server.url, '--user', 'reseller@example.com'] + list(args)
    start = time.monotonic()
    proc = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=timeout)
    took = time.monotonic() - start
    out = proc.stdout.decode('utf-8', 'replace')
    err = proc.stderr.decode('utf-8', 'replace')
    expect(PASSWORD not in out and PASSWORD not in err, 'the password was printed')
    # Nothing the server sent reaches the terminal raw, whatever happened (CSV rows end in CRLF,
    # as RFC 4180 wants: those are the CLI's own).
    expect(not has_raw_controls(out.replace('\r\n', '\n')) and not has_raw_controls(err),
           'raw control characters reached the terminal', repr(out), repr(err))
    return proc.returncode, out, err, took


def sent(server, func):
    """How many @func requests were sent with sok (not the quotes asked before a charge)."""
    return sum(1 for r in server.requests() if r['func'] == func and 'sok' in r['params'])


def body(doc, status=200):
    return {'kind': 'body', 'status': status, 'body': json.dumps({'doc': doc})}


def v(text):
    return {'$': text}


def row(lic_id, name, ip, expires='2026-07-01', status='2'):
    return {'id': v(lic_id), 'licname': v(name), 'ip': v(ip), 'expiredate': v(expires),
            'status': v(status), 'pricelist': v('ispmanager 6 Lite'),
            'pricelist_id': v('55227')}


def listing(*rows):
    return body({'elem': list(rows), 'p_elems': v(str(len(rows)))})


def details(lic_id, expires, status='2'):
    return body({'id': v(lic_id), 'elid': v(lic_id), 'licname': v('web-1'),
                 'ip': v('203.0.113.10'), 'expiredate': v(expires), 'status': v(status),
                 'pricelist': v('55227'), 'lickey': v(lic_id + '-KEY')})


def max_child_rss_mib():
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


# -- 1. Success only on the server's explicit word ---------------------------------------------

@test('renew answered with an empty doc, the renewal form, or garbage → 4, sent once')
def _():
    for answer in ({'kind': 'body', 'body': '{"doc":{}}'},
                   body({'expiredate': v('2026-07-01'), 'newexpiredate': v('2027-07-01')}),
                   {'kind': 'body', 'body': '<html>502</html>'}):
        script = {'soft.edit': [details('3100001', '2026-07-01')],
                  'service.prolong': [answer]}
        with HostileServer(SERVER, script) as server:
            code, out, err, _ = cli(server, 'renew', '3100001', '--period', '12')
            expect(code == 4, 'exit %d, not 4' % code, out, err)
            expect('renewed until' not in out, 'claimed a renewal', out)
            expect('may or may not' in err, 'no "may or may not"', err)
            # the expiry did not move: proven not renewed
            expect('was not renewed' in out, 'no verdict', out, err)
            expect(sent(server, 'service.prolong') == 1, 'the renewal was sent again')


@test('an error as an array, a string or empty is a refusal → 1 with every message')
def _():
    answers = [
        ({'kind': 'body', 'body': json.dumps({'doc': {'error': [
            {'$type': 'value', 'msg': v('Insufficient funds to complete the operation.')},
            {'msg': v('Required amount 400.00 EUR. Your current balance: 12.00 EUR')}]}})},
         ['Insufficient funds', 'Required amount 400.00 EUR']),
        ({'kind': 'body', 'body': '{"doc":{"error":"Insufficient funds"}}'},
         ['Insufficient funds']),
        ({'kind': 'body', 'body': '{"doc":{"error":{}}}'}, ['refused']),
    ]
    for answer, words in answers:
        script = {'soft.edit': [details('3100001', '2026-07-01')], 'service.prolong': [answer],
                  'service.changepricelist': [answer]}
        with HostileServer(SERVER, script) as server:
            code, out, err, _ = cli(server, 'renew', '3100001')
            expect(code == 1, 'renew: exit %d, not 1' % code, out, err)
            for word in words:
                expect(word in err, 'missing %r' % word, err)
            code, out, err, _ = cli(server, 'change-tariff', '3100001', '--tariff', 'business')
            expect(code == 1, 'change-tariff: exit %d, not 1' % code, out, err)
            expect(sent(server, 'service.changepricelist') == 1, 'sent twice')


@test('an order answered with ok but no license number → 4, reconciled, sent once')
def _():
    script = {'soft': [listing(row('3100001', 'web-1', '203.0.113.10')),
                       listing(row('3100001', 'web-1', '203.0.113.10'),
                               row('3100002', 'new-web', '203.0.113.20'))],
              'soft.order.param': [{'kind': 'body', 'body': '{"doc":{"ok":{}}}'}]}
    with HostileServer(SERVER, script) as server:
        code, out, err, _ = cli(server, 'order', '--tariff', 'lite', '--ip', '203.0.113.20',
                                '--name', 'new-web')
        expect(code == 4, 'exit %d' % code, out, err)
        expect('placed after all: license 3100002' in out, 'not reconciled', out, err)
        expect(sent(server, 'soft.order.param') == 1, 'the order was sent again')


# -- 2. Reconcile never guesses ----------------------------------------------------------------

@test('a lost renewal whose expiry comes back with a time part → renewed after all, 4')
def _():
    script = {'soft.edit': [details('3100001', '2026-07-01'),
                            details('3100001', '2026-08-01 00:00:00')],
              'service.prolong': [{'kind': 'drop'}]}
    with HostileServer(SERVER, script) as server:
        code, out, err, _ = cli(server, 'renew', '3100001')
        expect(code == 4, 'exit %d' % code, out, err)
        expect('renewed after all: it now expires on 2026-08-01' in out, 'wrong verdict', out, err)
        expect('still expires on -' not in out, 'the old lie', out)


@test('a lost renewal whose expiry cannot be read → could not tell, 4, never "not renewed"')
def _():
    script = {'soft.edit': [details('3100001', '2026-07-01'),
                            details('3100001', 'Ежедневное списание')],
              'service.prolong': [{'kind': 'drop'}]}
    with HostileServer(SERVER, script) as server:
        code, out, err, _ = cli(server, 'renew', '3100001')
        expect(code == 4, 'exit %d' % code, out, err)
        expect('Could not tell' in err and 'billing panel' in err, 'no "could not tell"', err)
        expect('not renewed' not in out, 'a guess', out)


@test('a lost order for an IP that already had a license → not placed, not the old license')
def _():
    old = row('3100001', 'web-1', '203.0.113.10')
    script = {'soft': [listing(old), listing(old)],
              'soft.order.param': [{'kind': 'drop'}]}
    with HostileServer(SERVER, script) as server:
        code, out, err, _ = cli(server, 'order', '--tariff', 'lite', '--ip', '203.0.113.10',
                                '--name', 'web-1')
        expect(code == 4, 'exit %d' % code, out, err)
        expect('placed after all' not in out, 'took the old license for the order', out)
        expect('was not placed' in out, 'no verdict', out, err)
        expect('no license was created and nothing was charged' in out, 'no reassurance', out)


@test('a lost order whose name the server shortened → placed after all (the IP decides)')
def _():
    script = {'soft': [listing(row('3100001', 'web-1', '203.0.113.10')),
                       listing(row('3100001', 'web-1', '203.0.113.10'),
                               row('3100007', 'a-very-long-na', '203.0.113.30'))],
              'soft.order.param': [{'kind': 'drop'}]}
    with HostileServer(SERVER, script) as server:
        code, out, err, _ = cli(server, 'order', '--tariff', 'lite', '--ip', '203.0.113.30',
                                '--name', 'a-very-long-name-the-server-shortens')
        expect(code == 4, 'exit %d' % code, out, err)
        expect('placed after all: license 3100007' in out, 'wrong verdict', out, err)


@test('a lost cart order: found in the cart; no cart function → could not tell')
def _():
    basket = body({'list': {'$name': 'itemlist', 'elem': {
        'id': v('77'), 'ip': v('203.0.113.40'), 'licname': v('cart-1')}}})
    for answer, verdict in ((basket, 'in the cart after all (item 77)'),
                            ({'kind': 'body', 'body': error_body('Unknown function')},
                             'Could not tell')):
        script = {'soft.order.param': [{'kind': 'drop'}], 'basket': [answer]}
        with HostileServer(SERVER, script) as server:
            code, out, err, _ = cli(server, 'order', '--tariff', 'lite', '--ip', '203.0.113.40',
                                    '--name', 'cart-1', '--cart')
            expect(code == 4, 'exit %d' % code, out, err)
            expect(verdict in out + err, 'expected %r' % verdict, out, err)
            expect('seems not placed' not in out, 'the old guess', out)
            expect(sent(server, 'soft.order.param') == 1, 'sent twice')


# -- 3. Bounded, whatever the server sends -----------------------------------------------------

@test('endless, endless-length and gzip-bomb answers → 3 with a clear message, bounded memory')
def _():
    for kind in ('endless', 'endless-length', 'gzip-bomb'):
        with HostileServer(SERVER, {'soft': [{'kind': kind}]}) as server:
            code, out, err, took = cli(server, 'list', '--timeout', '120')
            rss = max_child_rss_mib()
            print('# %s: exit %d after %.2f s, peak RSS of a child so far %.0f MiB: %s'
                  % (kind, code, took, rss, err.strip()), flush=True)
            expect(code == 3, 'exit %d' % code, err)
            expect('larger than 256' in err, 'no size message', err)
            # 256 MiB of answer at most; AddressSanitizer (its shadow and quarantine) needs more.
            bound = 1400 if 'ASAN_OPTIONS' in os.environ else 700
            expect(rss < bound, 'peak memory %.0f MiB' % rss)


@test('--timeout bounds the whole request: a server that drips a byte at a time')
def _():
    with HostileServer(SERVER, {'soft': [{'kind': 'drip', 'interval_ms': 200}]}) as server:
        code, out, err, took = cli(server, 'list', '--timeout', '2')
        print('# drip with --timeout 2: exit %d after %.2f s' % (code, took), flush=True)
        expect(code == 3, 'exit %d' % code, err)
        expect('within 2 seconds' in err, 'no timeout message', err)
        expect(took < 8, 'took %.1f s' % took)


@test('never-ending pages → 3 with an error, a handful of requests, not a partial list')
def _():
    for script in ({'soft': [{'kind': 'pages-liar'}]},
                   {'soft': [{'kind': 'pages-liar', 'p_elems': 4294967295}]},
                   {'soft': [{'kind': 'pages-repeat'}]}):
        with HostileServer(SERVER, script) as server:
            code, out, err, took = cli(server, 'list')
            expect(code == 3, 'exit %d' % code, out, err)
            expect('does not add up' in err, 'no paging message', err)
            expect(out == '', 'printed a partial list', out)
            expect(server.count('soft') <= 3, '%d requests' % server.count('soft'))


@test('busy (503, 429, billmgr "Request in process"): list asks again, renew is not resent')
def _():
    busy_doc = json.dumps({'doc': {'error': {'$type': 'busy',
                                             'msg': v('Request in process, please wait')}}})
    one = listing(row('3100001', 'web-1', '203.0.113.10'))
    for first in ({'kind': 'status', 'status': 503, 'headers': {'Retry-After': '0'}},
                  {'kind': 'status', 'status': 429},
                  {'kind': 'body', 'body': busy_doc}):
        script = {'soft': [first, one], 'soft.edit': [details('3100001', '2026-07-01')],
                  'service.prolong': [first]}
        with HostileServer(SERVER, script) as server:
            code, out, err, _ = cli(server, 'list')
            expect(code == 0 and 'web-1' in out, 'list: exit %d' % code, out, err)
            expect(server.count('soft') == 2, 'asked %d times' % server.count('soft'))
            code, out, err, _ = cli(server, 'renew', '3100001')
            expect(code in (1, 3), 'renew: exit %d' % code, out, err)
            expect('renewed' not in out, 'claimed a renewal', out)
            time.sleep(0.3)
            expect(sent(server, 'service.prolong') == 1, 'the renewal was resent')


# -- 5. Nothing from the server reaches a terminal raw -----------------------------------------

@test('escape sequences in refusals, names, ids and keys are shown escaped')
def _():
    for name, text in HOSTILE_STRINGS.items():
        script = {'soft.edit': [details('3100001', '2026-07-01')],
                  'service.prolong': [{'kind': 'body', 'body': error_body(text)}],
                  'soft': [listing(row('3100001', text, '203.0.113.10'))]}
        with HostileServer(SERVER, script) as server:
            code, out, err, _ = cli(server, 'renew', '3100001')  # cli() checks the bytes
            expect(code == 1, '%s: exit %d' % (name, code), out, err)
            for args in (['list'], ['list', '--csv'], ['list', '--json']):
                code, out, err, _ = cli(server, *args)
                expect(code == 0, '%s %s: exit %d' % (name, args, code), err)


@test('escape sequences in history, cart, prices and tariff quotes are shown escaped')
def _():
    for name, text in HOSTILE_STRINGS.items():
        script = {
            'service.history': [body({'elem': [{'changedate': v('2026-01-02 10:00:00'),
                                                'desc': v(text), 'user': v(text),
                                                'ip': v(text)}]})],
            'basket': [body({'list': [{'$name': 'itemlist', 'elem': [
                {'id': v(text), 'licname': v(text), 'ip': v(text), 'cost': v('5.00 EUR'),
                 'period': v('1')}]}], 'total_sum': v('5.00 EUR')})],
            'pricelist.export': [body({'pricelist': {'id': v('55227'), 'name': v(text),
                                                     'price': {'$currency': 'EUR', 'period': [
                                                         {'$type': 'month', '$length': '1',
                                                          '$cost': '5.00'}]}}})],
            'service.changepricelist.pricelist': [body({
                'oldpricelist': v(text), 'newpricelist': v(text),
                'money_info': v('<b>%s</b> Total amount: 5.00 EUR' % text)})],
            'dashboard.info': [body({'elem': [{'realbalance': v('12.00 EUR')}]})],
        }
        with HostileServer(SERVER, script) as server:
            for args in (['history', '3100001'], ['history', '3100001', '--json'], ['cart'],
                         ['cart', '--json'], ['prices'], ['prices', '--json'],
                         ['change-tariff', '3100001', '--tariff', 'pro', '--quote'],
                         ['change-tariff', '3100001', '--tariff', 'pro', '--quote', '--json']):
                code, out, err, _ = cli(server, *args)  # cli() checks the bytes
                expect(code == 0, '%s %s: exit %d' % (name, args, code), out, err)
                if '--json' in args:
                    json.loads(out)


def main():
    return test.run()


if __name__ == '__main__':
    sys.exit(main())
