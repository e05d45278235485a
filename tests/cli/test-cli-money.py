#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""isplic-cli's money commands (issue 8) against a spawned isplic-billmgr-sim, printing TAP.

usage: test-cli-money.py ISPLIC_CLI ISPLIC_BILLMGR_SIM

balance, prices, cart, history, auto-renew, nodes and --quote of order, renew and change-tariff:
each output and its JSON against the simulator's /sim/state; every quote printed equals the
amount the balance then drops by; an account that cannot pay is refused (locally, or by the
server with --yes) with nothing changed; every optional function switched off with --disable
gives a plain "does not offer" and leaves the main job working. Uses test-cli.py's helpers.
"""

import datetime
import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import isplic_tap

_spec = importlib.util.spec_from_file_location(
    'isplic_test_cli', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'test-cli.py'))
base = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(base)

Sim, cli, expect, expect_rc, add_months = base.Sim, base.cli, base.expect, base.expect_rc, \
    base.add_months

MONEY_COMMANDS = ['balance', 'prices', 'nodes', 'cart', 'history', 'auto-renew']
test = isplic_tap.Tests()


def cents(money):
    """The minor units of a --json money object, checked against its decimal string."""
    expect(money is not None, 'no amount')
    amount = money['amount']
    expect(re.fullmatch(r'-?\d+\.\d\d', amount), 'bad amount string %r' % amount)
    expect(int(amount.replace('.', '')) == money['minor'], 'amount and minor differ', money)
    expect(money['currency'] == 'EUR', 'bad currency', money)
    return money['minor']


def balance(sim):
    return sim.state()['balance']


def fmt(minor):
    return '%d.%02d EUR' % (minor // 100, minor % 100)


class Ctx:
    sim = None
    used = set()

    def pick(self, tariff=None, period=None):
        for lic in self.sim.licenses():
            if (str(lic['id']) not in self.used and int(lic['status']) == 2
                    and int(lic['period']) in (1, 12) and lic.get('lickey')
                    and (tariff is None or str(lic['pricelist']) == tariff)
                    and (period is None or int(lic['period']) == period)):
                self.used.add(str(lic['id']))
                return lic
        raise AssertionError('no suitable license left')


ctx = Ctx()


def sent(sim, func):
    return len(sim.requests(func, sent=True))


@test('--help lists the money commands; each has its help')
def _():
    code, out, _ = cli(None, '--help', user=None)
    expect(code == 0, 'exit %d' % code)
    for command in MONEY_COMMANDS:
        expect(re.search(r'^  %s ' % re.escape(command), out, re.M), 'no %s' % command, out)
        code, out2, err = cli(None, 'help', command, user=None)
        expect(code == 0 and out2.startswith('Usage:') and 'Examples:' in out2,
               'help %s' % command, out2, err)
    for command in ('order', 'renew', 'change-tariff', 'nodes'):
        code, out2, _ = cli(None, 'help', command, user=None)
        expect('--quote' in out2 and '--yes' in out2, 'no --quote/--yes in %s' % command, out2)


@test('usage errors of the money options → 2, nothing sent')
def _():
    for args in (['renew', '1', '--json'], ['order', '--tariff', 'lite', '--ip', '192.0.2.1',
                                            '--name', 'x', '--json'],
                 ['renew', '1', '--quote', '--yes'], ['nodes', '1'], ['nodes', '1', '0'],
                 ['nodes', '1', '1001'], ['nodes', 'x', '2'], ['nodes', '1', '2', '--json'],
                 ['auto-renew', '1'], ['auto-renew', '1', 'weekly'], ['auto-renew', 'x', '12'],
                 ['history'], ['history', '1', '2'], ['cart', '--clear'],
                 ['cart', '--remove', '1', '--clear', '--yes'], ['cart', '--yes'],
                 ['balance', 'extra']):
        code, out, err = cli(None, *args, user=None)
        expect(code == 2, '%s exited %d' % (args, code), out, err)


@test('start the simulator with 1000.00 EUR and a credit limit of 50.00')
def _():
    ctx.sim = Sim('--credit-limit', '50', balance='1000.00', licenses=16)
    expect(balance(ctx.sim) == 100000, 'balance %r' % balance(ctx.sim))


@test('balance: the balance and credit limit, text and JSON')
def _():
    code, out, err = cli(ctx.sim, 'balance')
    expect_rc((code, out, err), 0)
    expect(re.search(r'^Balance: +1,?000\.00 EUR$', out, re.M), 'no balance line', out)
    expect(re.search(r'^Credit limit: +50\.00 EUR$', out, re.M), 'no credit line', out)
    code, out, err = cli(ctx.sim, 'balance', '--json')
    doc = json.loads(out)
    expect(cents(doc['balance']) == balance(ctx.sim), 'balance differs', doc)
    expect(cents(doc['credit-limit']) == ctx.sim.state()['credit_limit'] == 5000, 'credit', doc)
    expect('available' in doc, 'no available', doc)


@test('prices: tariffs per month and year and per node, text and JSON')
def _():
    code, out, err = cli(ctx.sim, 'prices')
    expect_rc((code, out, err), 0)
    for code_, month, year in (('55227', '5.00', '50.00'), ('55228', '10.00', '100.00'),
                               ('55229', '20.00', '200.00'), ('55230', '40.00', '400.00')):
        expect(re.search(r'^%s .* %s EUR +%s EUR$' % (code_, re.escape(month), re.escape(year)),
                         out, re.M), 'no prices for %s' % code_, out)
    expect(re.search(r'per node +8\.00 EUR +80\.00 EUR$', out, re.M), 'no node price', out)
    code, out, err = cli(ctx.sim, 'prices', '--json')
    doc = json.loads(out)
    business = [p for p in doc if p['id'] == '55230'][0]
    by_months = {p['months']: cents(p['price']) for p in business['prices']}
    expect(by_months == {1: 4000, 12: 40000}, 'business prices', business)
    node = [a for a in business['addons'] if a['id'] == '55236'][0]
    expect({p['months']: cents(p['price']) for p in node['prices']} == {1: 800, 12: 8000},
           'node prices', node)


@test('order --quote prints the total and the balance and orders nothing; the order is charged '
      'exactly that')
def _():
    sim = ctx.sim
    args = ['order', '--tariff', 'business', '--nodes', '3', '--period', '12', '--ip',
            '198.51.100.40', '--name', 'quoted']
    n = len(sim.licenses(include_deleted=True))
    before = balance(sim)
    code, out, err = cli(sim, *args, '--quote')
    expect_rc((code, out, err), 0)
    expect('Total: 560.00 EUR' in out and re.search(r'Balance: 1,?000\.00 EUR', out),
           'quote not printed', out)
    code, out, err = cli(sim, *args, '--quote', '--json')
    doc = json.loads(out)
    total = cents(doc['total'])
    expect(total == 56000 and cents(doc['balance']) == before and doc['covered'] is True,
           'bad JSON quote', doc)
    expect(sent(sim, 'soft.order.param') == 0 and balance(sim) == before
           and len(sim.licenses(include_deleted=True)) == n, 'the quote ordered something')

    code, out, err = cli(sim, *args)
    expect_rc((code, out, err), 0)
    expect('isplic-cli: Charging 560.00 EUR; balance 1,000.00 EUR' in err
           or 'isplic-cli: Charging 560.00 EUR; balance 1000.00 EUR' in err,
           'no price before the charge', err)
    expect(before - balance(sim) == total, 'charged %d, quoted %d' % (before - balance(sim), total))
    expect(re.search(r'Charged 560\.00 EUR; balance now 440\.00 EUR', err), 'no charge', err)
    expect(doc['cart'] is False, 'cart', doc)

    # --cart --quote: the same total, said to be charged later; nothing is added to the cart.
    cart = ['order', '--tariff', 'pro', '--ip', '198.51.100.42', '--name', 'later', '--cart']
    code, out, err = cli(sim, *cart, '--quote')
    expect_rc((code, out, err), 0)
    expect('Total: 10.00 EUR' in out and 'nothing is charged now' in out, 'cart quote', out)
    code, out, err = cli(sim, *cart, '--quote', '--json')
    expect(json.loads(out)['cart'] is True, 'cart not in JSON', out)
    code, out, err = cli(sim, 'cart', '--json')
    expect(json.loads(out)['items'] == [], 'the quote filled the cart', out)


@test('renew --quote: each license\'s expiry, new expiry and cost, the total; the renewal '
      'is charged exactly that')
def _():
    sim = ctx.sim
    a, b = ctx.pick(), ctx.pick()
    ids = [str(a['id']), str(b['id'])]
    before = balance(sim)
    code, out, err = cli(sim, 'renew', *ids, '--period', '12', '--quote')
    expect_rc((code, out, err), 0)
    for lic in (a, b):
        expect(re.search(r'^%s +%s +%s +\d' % (lic['id'], lic['expiredate'],
                                               add_months(lic['expiredate'], 12)), out, re.M),
               'no row for %s' % lic['id'], out)
    code, out, err = cli(sim, 'renew', *ids, '--period', '12', '--quote', '--json')
    doc = json.loads(out)
    expect(doc['period'] == 12 and [l['id'] for l in doc['licenses']] == ids, 'bad JSON', doc)
    for item, lic in zip(doc['licenses'], (a, b)):
        expect(item['expires'] == lic['expiredate']
               and item['new-expires'] == add_months(lic['expiredate'], 12), 'dates', item)
    total = cents(doc['total'])
    expect(total == sum(cents(l['cost']) for l in doc['licenses']), 'total is not the sum', doc)
    expect('Total: %s' % fmt(total) in cli(sim, 'renew', *ids, '--period', '12', '--quote')[1],
           'total not printed')
    expect(sent(sim, 'service.prolong') == 0 and balance(sim) == before, 'the quote renewed')

    code, out, err = cli(sim, 'renew', *ids, '--period', '12')
    expect_rc((code, out, err), 0)
    expect('Charging %s; balance' % fmt(total) in err, 'no price before the charge', err)
    expect(before - balance(sim) == total, 'charged %d, quoted %d' % (before - balance(sim), total))
    for lic in (a, b):
        expect(sim.license(lic['id'])['expiredate'] == add_months(lic['expiredate'], 12),
               'not renewed')


@test('change-tariff --quote: old and new price, new expiry, charged now; the change is '
      'charged exactly that')
def _():
    sim = ctx.sim
    lic = ctx.pick(tariff='55227')
    lic_id = str(lic['id'])
    before = balance(sim)
    code, out, err = cli(sim, 'change-tariff', lic_id, '--tariff', 'host', '--quote')
    expect_rc((code, out, err), 0)
    expect(re.search(r'^Old tariff: .*Lite, 5(0)?\.00 EUR per (month|year), expires %s$'
                     % lic['expiredate'], out, re.M), 'no old tariff line', out)
    expect(re.search(r'^New tariff: .*Host, 20(0)?\.00 EUR per (month|year)', out, re.M),
           'no new tariff line', out)
    code, out, err = cli(sim, 'change-tariff', lic_id, '--tariff', 'host', '--quote', '--json')
    doc = json.loads(out)
    charge = cents(doc['charge'])
    expect(charge > 0 and doc['id'] == lic_id and doc['new-expires'] is not None, 'bad JSON', doc)
    expect(cents(doc['old-price']) in (500, 5000) and cents(doc['new-price']) in (2000, 20000),
           'prices', doc)
    expect(balance(sim) == before and str(sim.license(lic_id)['pricelist']) == '55227',
           'the quote changed something')

    code, out, err = cli(sim, 'change-tariff', lic_id, '--tariff', 'host')
    expect_rc((code, out, err), 0)
    expect('Charging %s; balance' % fmt(charge) in err, 'no price before the charge', err)
    expect(before - balance(sim) == charge,
           'charged %d, quoted %d' % (before - balance(sim), charge))
    expect(str(sim.license(lic_id)['pricelist']) == '55229', 'tariff not changed')
    expect(sim.license(lic_id)['expiredate'] == doc['new-expires'], 'expiry differs from quote')


@test('change-tariff --nodes N: the nodes are in the quote and the charge is exactly the quote')
def _():
    sim = ctx.sim
    lic = ctx.pick(tariff='55227')
    lic_id = str(lic['id'])
    before = balance(sim)
    code, out, err = cli(sim, 'change-tariff', lic_id, '--tariff', 'business', '--quote',
                         '--json')
    expect_rc((code, out, err), 0)
    plain = json.loads(out)
    code, out, err = cli(sim, 'change-tariff', lic_id, '--tariff', 'business', '--nodes', '3',
                         '--quote', '--json')
    expect_rc((code, out, err), 0)
    doc = json.loads(out)
    charge = cents(doc['charge'])
    expect(doc['nodes'] == 3 and 'nodes' not in plain, 'nodes in JSON', doc, plain)
    # Two nodes beyond the first: 8.00 EUR a month or 80.00 a year each.
    expect(cents(doc['new-price']) - cents(plain['new-price']) in (1600, 16000),
           'nodes not priced', doc, plain)
    expect(charge > cents(plain['charge']), 'nodes not in the charge', doc, plain)
    expect(balance(sim) == before and str(sim.license(lic_id)['pricelist']) == '55227',
           'the quote changed something')

    code, out, err = cli(sim, 'change-tariff', lic_id, '--tariff', 'business', '--nodes', '3')
    expect_rc((code, out, err), 0)
    expect('Charging %s; balance' % fmt(charge) in err, 'no price before the charge', err)
    expect(before - balance(sim) == charge,
           'charged %d, quoted %d' % (before - balance(sim), charge))
    expect(str(sim.license(lic_id)['pricelist']) == '55230'
           and int(sim.license(lic_id)['nodes']) == 3, 'not Business with 3 nodes',
           sim.license(lic_id))


@test('change-tariff --nodes for a tariff without nodes or out of range → 2, nothing sent')
def _():
    sim = ctx.sim
    lic = [l for l in sim.licenses() if int(l['status']) == 2
           and str(l['pricelist']) == '55227'][0]
    quotes = len(sim.requests('service.changepricelist.pricelist'))
    code, out, err = cli(sim, 'change-tariff', str(lic['id']), '--tariff', 'host', '--nodes', '2')
    expect(code == 2 and out == '' and 'only for tariffs with nodes' in err,
           'exit %d' % code, out, err)
    for n in ('0', '1001'):
        code, out, err = cli(sim, 'change-tariff', str(lic['id']), '--tariff', 'business',
                             '--nodes', n)
        expect(code == 2, '--nodes %s: exit %d' % (n, code), out, err)
    expect(len(sim.requests('service.changepricelist.pricelist')) == quotes, 'something was sent')


@test('nodes --quote and nodes: the change is charged exactly the quote')
def _():
    sim = ctx.sim
    code, out, err = cli(sim, 'order', '--tariff', 'business', '--ip', '198.51.100.41',
                         '--name', 'nodes')
    expect_rc((code, out, err), 0)
    lic_id = out.strip()
    before = balance(sim)
    code, out, err = cli(sim, 'nodes', lic_id, '4', '--quote', '--json')
    expect_rc((code, out, err), 0)
    doc = json.loads(out)
    total = cents(doc['total'])
    expect(doc['id'] == lic_id and doc['nodes'] == 4 and total > 0, 'bad JSON', doc)
    code, out, err = cli(sim, 'nodes', lic_id, '4', '--quote')
    expect('Total: %s' % fmt(total) in out, 'no total', out)
    expect(balance(sim) == before and int(sim.license(lic_id)['nodes']) == 1, 'quote changed')
    code, out, err = cli(sim, 'nodes', lic_id, '4')
    expect_rc((code, out, err), 0)
    expect('License %s now has 4 nodes.' % lic_id in out, 'no confirmation', out)
    expect('Charging %s; balance' % fmt(total) in err, 'no price before the charge', err)
    expect(before - balance(sim) == total, 'charged %d, quoted %d' % (before - balance(sim), total))
    expect(int(sim.license(lic_id)['nodes']) == 4, 'nodes not set')


@test('nodes of a license that is not Business → refused locally (1), nothing sent')
def _():
    sim = ctx.sim
    lic = [l for l in sim.licenses() if int(l['status']) == 2
           and str(l['pricelist']) in ('55227', '55228', '55229')][0]
    before, edits = balance(sim), sent(sim, 'soft.edit')
    for extra in ([], ['--quote']):
        code, out, err = cli(sim, 'nodes', str(lic['id']), '3', *extra)
        expect(code == 1, 'nodes %s exited %d' % (extra, code), out, err)
        expect('which has no nodes' in err and out == '', 'no local refusal', out, err)
    expect(balance(sim) == before and sent(sim, 'soft.edit') == edits, 'something was sent')
    code, out, err = cli(sim, 'nodes', '9999999', '3')
    expect(code == 1 and out == '', 'unknown license: exit %d' % code, out, err)


@test('cart: list with total, JSON, --remove ITEM, --clear --yes')
def _():
    sim = ctx.sim
    for number, tariff in enumerate(('pro', 'lite')):
        code, out, err = cli(sim, 'order', '--tariff', tariff, '--ip', '198.51.100.%d'
                             % (50 + number), '--name', 'cart-%d' % number, '--cart')
        expect_rc((code, out, err), 0)
    code, out, err = cli(sim, 'cart')
    expect_rc((code, out, err), 0)
    expect('198.51.100.50' in out and '10.00 EUR' in out and 'Total: 15.00 EUR' in out,
           'bad cart', out)
    code, out, err = cli(sim, 'cart', '--json')
    doc = json.loads(out)
    expect(len(doc['items']) == 2 and cents(doc['total']) == 1500, 'bad JSON', doc)
    item = [i for i in doc['items'] if i['ip'] == '198.51.100.50'][0]
    expect(cents(item['cost']) == 1000 and item['period'] == 1 and item['name'] == 'cart-0',
           'bad item', item)
    code, out, err = cli(sim, 'cart', '--remove', item['id'])
    expect_rc((code, out, err), 0)
    expect('Removed item %s' % item['id'] in out, 'no confirmation', out)
    expect(len(sim.state()['basket']) == 1, 'not removed', sim.state()['basket'])
    code, out, err = cli(sim, 'cart', '--clear', '--yes')
    expect_rc((code, out, err), 0)
    expect(sim.state()['basket'] == [], 'not emptied')
    code, out, err = cli(sim, 'cart')
    expect(code == 0 and 'The cart is empty.' in out, 'not empty', out)


@test('auto-renew ID… 1|12|off changes the state; history shows date, change, user and IP')
def _():
    sim = ctx.sim
    a, b = ctx.pick(), ctx.pick()
    ids = [str(a['id']), str(b['id'])]
    code, out, err = cli(sim, 'auto-renew', *ids, '12')
    expect_rc((code, out, err), 0)
    expect(all(str(sim.license(i)['autoprolong']) == '12' for i in ids), 'not yearly')
    expect('License %s: auto-renewal yearly.' % ids[0] in out, 'no confirmation', out)
    code, out, err = cli(sim, 'auto-renew', *ids, 'off', '--json')
    expect_rc((code, out, err), 0)
    doc = json.loads(out)
    expect([d['id'] for d in doc] == ids and all(d['done'] and d['auto-renew'] == 0 for d in doc),
           'bad JSON', doc)
    expect(all(str(sim.license(i)['autoprolong']) in ('null', '0', '') for i in ids), 'not off')

    code, out, err = cli(sim, 'history', ids[0], '--json')
    expect_rc((code, out, err), 0)
    entries = json.loads(out)
    expect(len(entries) >= 2, 'history too short', entries)
    for entry in entries:
        expect(re.fullmatch(r'\d{4}-\d\d-\d\d \d\d:\d\d:\d\d', entry['date'] or ''), 'date', entry)
    logged = [h for h in sim.state()['history'] if str(h['license']) == ids[0]]
    changes = [e for e in entries if e['ip'] == '127.0.0.1']
    expect(len(changes) == len(logged) >= 1 and all(e['user'] == base.USER for e in changes)
           and any('Auto-renewal' in e['change'] for e in changes), 'entries differ', entries,
           logged)
    code, out, err = cli(sim, 'history', ids[0])
    expect(code == 0 and out.startswith('DATE') and '127.0.0.1' in out
           and changes[0]['change'] in out and changes[0]['date'] in out, 'no table', out)


@test('the balance does not cover it → refused locally (1), nothing sent; --yes → the '
      'server\'s refusal, nothing changed')
def _():
    sim = Sim(balance='1.00', licenses=6)
    try:
        lics = [l for l in sim.licenses() if int(l['status']) == 2 and int(l['period']) in (1, 12)]
        lite = [l for l in lics if str(l['pricelist']) == '55227'][0]
        cases = [['renew', str(lics[0]['id'])],
                 ['change-tariff', str(lite['id']), '--tariff', 'business'],
                 ['order', '--tariff', 'pro', '--ip', '198.51.100.60', '--name', 'poor']]
        state = sim.state()
        for args in cases:
            code, out, err = cli(sim, *args)
            expect(code == 1, '%s exited %d' % (args, code), out, err)
            expect('does not cover' in err and 'Nothing was sent' in err and '--yes' in err,
                   'no local refusal', err)
            code, out, err = cli(sim, *args, '--yes')
            expect(code == 1, '%s --yes exited %d' % (args, code), out, err)
            expect('insufficient funds' in err and 'Required amount' in err,
                   'not the server\'s message', err)
        expect(sim.state()['licenses'] == state['licenses'] and balance(sim) == 100,
               'something changed')
        # The quote says so too, and exits 0.
        code, out, err = cli(sim, 'renew', str(lics[0]['id']), '--quote', '--json')
        expect(code == 0 and json.loads(out)['covered'] is False, 'covered', out)
    finally:
        sim.stop()


NOT_OFFERED = [
    (['dashboard.info', 'notify'], ['balance'], 'the account balance'),
    (['pricelist.export'], ['prices'], 'a price list'),
    (['service.history'], ['history', '{id}'], 'license history'),
    (['basket'], ['cart'], 'a cart'),
    (['basket'], ['cart', '--clear', '--yes'], 'emptying the cart'),
    (['service.changepricelist.pricelist'], ['change-tariff', '{id}', '--tariff', 'pro',
                                             '--quote'], 'tariff change quotes'),
    (['groupedit'], ['renew', '{id}', '{id2}', '--quote'], 'renewal quotes'),
]


@test('every optional function switched off → "does not offer …", exit 1')
def _():
    for funcs, args, what in NOT_OFFERED:
        extra = []
        for func in funcs:
            extra += ['--disable', func]
        sim = Sim(*extra, licenses=4)
        try:
            lics = [l for l in sim.licenses() if int(l['status']) == 2
                    and int(l['period']) in (1, 12) and str(l['pricelist']) != '55228']
            argv = [a.format(id=lics[0]['id'], id2=lics[1]['id']) for a in args]
            code, out, err = cli(sim, *argv)
            expect(code == 1, '%s exited %d' % (argv, code), out, err)
            expect('isplic-cli: This billing server does not offer %s.' % what in err,
                   'no plain message for %s' % argv, err)
        finally:
            sim.stop()


@test('without balance, quotes or getmoney the charges still work, without the display')
def _():
    sim = Sim('--disable', 'dashboard.info', '--disable', 'notify', '--disable',
              'dashboard.subaccount_credit', '--disable', 'service.changepricelist.pricelist',
              licenses=6)
    try:
        lics = [l for l in sim.licenses() if int(l['status']) == 2 and int(l['period']) in (1, 12)]
        lic = lics[0]
        before = balance(sim)
        code, out, err = cli(sim, 'renew', str(lic['id']))
        expect_rc((code, out, err), 0)
        expect(sim.license(lic['id'])['expiredate'] == add_months(lic['expiredate'], 1),
               'not renewed')
        expect('balance' not in err and 'does not offer' not in err, 'noise on stderr', err)
        expect('Charging %s' % fmt(before - balance(sim)) in err, 'the price is not shown', err)

        other = [l for l in lics[1:] if str(l['pricelist']) != '55228'][0]
        code, out, err = cli(sim, 'change-tariff', str(other['id']), '--tariff', 'pro')
        expect_rc((code, out, err), 0)
        expect(str(sim.license(other['id'])['pricelist']) == '55228', 'not changed')
        expect(err == '', 'noise on stderr', err)
        code, out, err = cli(sim, 'order', '--tariff', 'lite', '--ip', '198.51.100.70', '--name',
                             'blind')
        expect_rc((code, out, err), 0)
        expect('does not offer' not in err, 'noise', err)
    finally:
        sim.stop()
    # getmoney unknown: the plain change, charged the quote.
    sim = Sim('--disable', 'service.changepricelist.getmoney', licenses=6)
    try:
        lic = [l for l in sim.licenses() if int(l['status']) == 2 and int(l['period']) in (1, 12)
               and str(l['pricelist']) == '55227'][0]
        code, out, err = cli(sim, 'change-tariff', str(lic['id']), '--tariff', 'host', '--quote',
                             '--json')
        charge = cents(json.loads(out)['charge'])
        before = balance(sim)
        code, out, err = cli(sim, 'change-tariff', str(lic['id']), '--tariff', 'host')
        expect_rc((code, out, err), 0)
        expect(str(sim.license(lic['id'])['pricelist']) == '55229', 'not changed')
        expect(before - balance(sim) == charge, 'charged %d, quoted %d'
               % (before - balance(sim), charge))
        expect(sent(sim, 'service.changepricelist') == 1, 'the plain call was not used')
    finally:
        sim.stop()


@test('nodes whose answer is lost (timeout-after) → 4, checked, sent once')
def _():
    sim = Sim('--fail', 'soft.edit=timeout-after', licenses=6)
    try:
        lic = [l for l in sim.licenses() if str(l['pricelist']) == '55230'
               and int(l['status']) == 2][0]
        wanted = int(lic['nodes']) + 1
        code, out, err = cli(sim, 'nodes', str(lic['id']), str(wanted), '--timeout', '2')
        expect(code == 4, 'exit %d' % code, out, err)
        expect(int(sim.license(lic['id'])['nodes']) == wanted, 'not changed once')
        expect('went through after all' in out or 'Could not tell' in err, 'no finding', out, err)
        expect(sent(sim, 'soft.edit') == 1, 'sent more than once')
    finally:
        sim.stop()


@test('nodes whose charge alone is lost (drop-after,sok-only): the quote is shown, then 4, '
      'checked, sent once')
def _():
    sim = Sim('--fail', 'soft.edit=drop-after,sok-only', licenses=6)
    try:
        lic = [l for l in sim.licenses() if str(l['pricelist']) == '55230'
               and int(l['status']) == 2][0]
        wanted = int(lic['nodes']) + 1
        code, out, err = cli(sim, 'nodes', str(lic['id']), str(wanted), '--quote', '--json')
        expect_rc((code, out, err), 0)
        total = cents(json.loads(out)['total'])
        before = balance(sim)
        code, out, err = cli(sim, 'nodes', str(lic['id']), str(wanted), '--timeout', '5')
        expect(code == 4, 'exit %d' % code, out, err)
        expect('Charging %s; balance' % fmt(total) in err, 'no price before the charge', err)
        expect('may or may not have gone through' in err, 'no "outcome unknown"', err)
        expect('went through after all' in out, 'not reconciled', out, err)
        expect(int(sim.license(lic['id'])['nodes']) == wanted, 'not changed once')
        expect(before - balance(sim) == total, 'charged %d, quoted %d'
               % (before - balance(sim), total))
        expect(sent(sim, 'soft.edit') == 1, 'sent more than once')
    finally:
        sim.stop()


@test('reuse: a suspended, paid license takes a new IP and name and is resumed, nothing '
      'charged; the once-a-month IP rule and an active license are refused before sending')
def _():
    sim = Sim(licenses=6)
    try:
        code, out, err = cli(sim, 'order', '--tariff', 'lite', '--period', '12', '--ip',
                             '198.51.100.201', '--name', 'pool-1', '--yes')
        expect_rc((code, out, err), 0)
        lic = [l for l in sim.licenses() if l['licname'] == 'pool-1'][0]
        lic_id = str(lic['id'])
        # An active license is not reused.
        code, out, err = cli(sim, 'reuse', lic_id, '--ip', '203.0.113.90')
        expect(code == 1 and 'not suspended' in err, 'active reused', code, out, err)
        expect(sent(sim, 'soft.edit') == 0, 'sent for an active license')
        code, out, err = cli(sim, 'suspend', lic_id)
        expect_rc((code, out, err), 0)
        before = balance(sim)
        code, out, err = cli(sim, 'reuse', lic_id, '--ip', '203.0.113.90', '--name', 'web-90')
        expect_rc((code, out, err), 0)
        expect('reused' in out and 'Nothing was charged' in out, 'no confirmation', out)
        now = sim.license(lic_id)
        expect(now['ip'] == '203.0.113.90' and now['licname'] == 'web-90'
               and int(now['status']) == 2, 'not reused', now)
        expect(balance(sim) == before, 'charged')
        # Suspended again: its IP changed today, so the next change is refused before sending.
        code, out, err = cli(sim, 'suspend', lic_id)
        edits = sent(sim, 'soft.edit')
        code, out, err = cli(sim, 'reuse', lic_id, '--ip', '203.0.113.91')
        expect(code == 1 and 'once a month' in err, 'IP rule not checked', code, out, err)
        expect(sent(sim, 'soft.edit') == edits, 'sent despite the IP rule')
        expect(sim.license(lic_id)['ip'] == '203.0.113.90', 'changed')
        # Usage errors.
        for args in (['reuse', lic_id], ['reuse', lic_id, '--ip', 'x'], ['reuse', '--ip',
                                                                         '192.0.2.1']):
            code, out, err = cli(sim, *args)
            expect(code == 2, '%s exited %d' % (args, code), out, err)
    finally:
        sim.stop()


@test('journal: empty, then what was sent with its outcome; --open; --json; no account needed')
def _():
    code, out, err = cli(None, 'journal', user=None)
    expect_rc((code, out, err), 0)
    code, out, err = cli(None, 'journal', '--json', user=None)
    expect_rc((code, out, err), 0)
    expect(isinstance(json.loads(out), list), 'not a list', out)
    code, out, err = cli(None, 'journal', 'extra', user=None)
    expect(code == 2, 'exit %d' % code, out, err)


def spawn_cli(sim, *args):
    """isplic-cli in the background, with cli()'s environment, to be killed."""
    env = dict(os.environ)
    env['XDG_DATA_HOME'] = os.path.join(base.TMP, 'data')
    env['XDG_CACHE_HOME'] = os.path.join(base.TMP, 'cache')
    env['ISPLIC_PASSWORD'] = base.PASSWORD
    argv = [base.CLI] + list(args) + ['--server', sim.url, '--user', base.USER]
    return subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


@test('journal: an order killed (kill -9) after sending and before the answer is open; the '
      'next run reconciles it with the server (placed: license N) and tells it once')
def _():
    sim = Sim('--fail', 'soft.order.param=timeout-after,sok-only', licenses=4)
    try:
        proc = spawn_cli(sim, 'order', '--tariff', 'lite', '--period', '1', '--ip',
                         '198.51.100.230', '--name', 'killed-order', '--yes', '--timeout', '120')
        deadline = time.time() + 30
        while time.time() < deadline and not [l for l in sim.licenses()
                                              if l['licname'] == 'killed-order']:
            time.sleep(0.1)
        placed = [l for l in sim.licenses() if l['licname'] == 'killed-order']
        expect(placed, 'the simulator never placed the order')
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        proc.stdout.close()
        proc.stderr.close()
        code, out, err = cli(None, 'journal', '--open', '--json', user=None)
        expect_rc((code, out, err), 0)
        entries = [e for e in json.loads(out) if e['operation'] == 'soft.order.param'
                   and '198.51.100.230' in (e['what'] or '')]
        expect(len(entries) == 1 and entries[0]['money'], 'no open money entry', out)
        # The next run, whatever its command, first looks into it.
        code, out, err = cli(sim, 'balance')
        expect_rc((code, out, err), 0)
        expect('stopped before the answer' in err and 'It was placed: license %s'
               % placed[0]['id'] in err, 'not reconciled', err)
        expect(sent(sim, 'soft.order.param') == 1, 'sent again')
        code, out, err = cli(sim, 'balance')
        expect('stopped before the answer' not in err, 'told twice', err)
        code, out, err = cli(None, 'journal', '--json', user=None)
        done = [e for e in json.loads(out) if e['operation'] == 'soft.order.param'
                and '198.51.100.230' in (e['what'] or '')]
        expect(done and done[0]['outcome'] == 'done', 'not ended as done', out)
    finally:
        sim.stop()


def kill_renewal(sim, lic_id, applied):
    """Renews @lic_id in the background and kills the CLI (kill -9) once the simulator has the
    request (and, with @applied, once the license shows it); the answer never comes."""
    before = sim.license(lic_id)['expiredate']
    proc = spawn_cli(sim, 'renew', lic_id, '--period', '1', '--yes', '--timeout', '120')
    deadline = time.time() + 30
    while time.time() < deadline and (sent(sim, 'service.prolong') == 0 or (
            applied and sim.license(lic_id)['expiredate'] == before)):
        time.sleep(0.1)
    expect(sent(sim, 'service.prolong') == 1, 'the renewal never reached the simulator')
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    proc.stdout.close()
    proc.stderr.close()
    # The expiry it had went into the journal as evidence, never to the server.
    expect(not [l for l in sim.requests('service.prolong') if 'journal.' in l],
           'evidence sent to the server', sim.requests('service.prolong'))
    return before


@test('journal: a renewal killed (kill -9) between sending and the answer is judged at the next '
      'run by the expiry the license had: renewed when it moved, not renewed when it did not')
def _():
    for kind, applied in (('timeout-after', True), ('timeout', False)):
        sim = Sim('--fail', 'service.prolong=%s,sok-only' % kind, licenses=4)
        try:
            lic_id = str([l for l in sim.licenses() if int(l['status']) == 2][0]['id'])
            before = kill_renewal(sim, lic_id, applied)
            moved = sim.license(lic_id)['expiredate'] != before
            expect(moved == applied, '%s: expiry moved %s' % (kind, moved))
            code, out, err = cli(None, 'journal', '--open', '--json', user=None)
            entry = [e for e in json.loads(out) if e['operation'] == 'service.prolong'][-1]
            expect(entry['money'] and entry['licenses'] == [lic_id], 'no open entry', out)
            code, out, err = cli(sim, 'balance')
            expect_rc((code, out, err), 0)
            want = 'It was made' if applied else 'It was not made'
            expect('stopped before the answer' in err and want in err and lic_id in err,
                   '%s: not judged' % kind, err)
            expect(sent(sim, 'service.prolong') == 1, 'sent again')
            code, out, err = cli(None, 'journal', '--json', user=None)
            entry = [e for e in json.loads(out) if e['operation'] == 'service.prolong'][-1]
            expect(entry['outcome'] == ('done' if applied else 'not-done'),
                   '%s: ended as %s' % (kind, entry['outcome']))
        finally:
            sim.stop()


@test('journal: every change and charge is written with its outcome; a charge whose entry '
      'cannot be written is not sent')
def _():
    sim = Sim(licenses=4)
    try:
        lic = [l for l in sim.licenses() if int(l['status']) == 2][0]
        code, out, err = cli(sim, 'suspend', str(lic['id']))
        expect_rc((code, out, err), 0)
        code, out, err = cli(None, 'journal', '--json', user=None)
        entries = json.loads(out)
        expect(entries[-1]['operation'] == 'soft.suspend' and entries[-1]['outcome'] == 'done'
               and entries[-1]['licenses'] == [str(lic['id'])] and not entries[-1]['money'],
               'suspend not journaled', entries[-1])
        # A data folder that cannot hold the journal: the renewal is not sent.
        blocked = os.path.join(base.TMP, 'blocked')
        with open(blocked, 'w') as f:
            f.write('')
        code, out, err = base.cli(sim, 'renew', str(lic['id']), '--period', '1', '--yes',
                                  env_extra={'XDG_DATA_HOME': blocked})
        expect(code != 0 and 'Nothing was sent' in err, 'renewed without a journal', code, err)
        expect(sent(sim, 'service.prolong') == 0, 'sent without a journal')
    finally:
        sim.stop()


@test('stop the simulator')
def _():
    ctx.sim.stop()


def main():
    status = test.run()
    shutil.rmtree(base.TMP, ignore_errors=True)
    return status


if __name__ == '__main__':
    sys.exit(main())
