/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * Money, cart and history calls of IsplicClient (issue 8, API notes §10). Included by
 * isplic-client.h; do not include directly.
 *
 * Every call here is OPTIONAL on the server's side: BILLmanager 6 has these functions for other
 * services, the license API may not. When billmgr answers with an error of type "missed"
 * (unknown function) or "access" (no access), the call fails with
 * ISPLIC_CLIENT_ERROR_NOT_OFFERED (the server's text as the message) so that the caller hides the
 * feature; a "missed" error that names the license (`$object` "elid") stays a billmgr error.
 * Answers are parsed in a worker thread. Reads (balance, prices, quotes, previews, cart, history)
 * ask a busy server again like every read; changes (cart removal, auto-renewal) need billmgr's
 * confirmation; money calls (tariff change by getmoney, nodes) are never resent and end
 * OUTCOME_UNKNOWN when not confirmed, as order and renew do.
 *
 * Amounts are IsplicMoney (isplic-money.h). Result structs are plain C, freed with their
 * _free() (g_autoptr works); nullable members are NULL where the server gave nothing.
 */

#include "isplic-money.h"

G_BEGIN_DECLS

/* -------------------------------------------------------------------------------------------- */
/* Balance                                                                                      */

typedef struct {
  IsplicMoney  balance;       /* the account's real balance */
  IsplicMoney *credit_limit;  /* nullable: the credit limit */
  IsplicMoney *available;     /* nullable: the credit still available, as the server says */
} IsplicBalance;

void isplic_balance_free (IsplicBalance *balance);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsplicBalance, isplic_balance_free)

/* Whether @balance (with its credit limit, which the server lets an account spend too) covers
 * @amount: *covers set and TRUE returned; FALSE when it cannot be told (no amount, another
 * currency). */
gboolean isplic_balance_covers (const IsplicBalance *balance,
                                const IsplicMoney   *amount,
                                gboolean            *covers);

/* func=dashboard.info (doc.elem[0].realbalance); when that is not offered or has no balance,
 * func=notify&notifiaction=count (doc.realbalance); then func=dashboard.subaccount_credit
 * (elem[0].credit, elem[0].available_credit) for the credit, whose failure (any but
 * cancellation) only leaves the credit NULL. NOT_OFFERED when neither balance call is offered.
 * Returns (transfer full). */
void           isplic_client_get_balance_async  (IsplicClient        *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
IsplicBalance *isplic_client_get_balance_finish (IsplicClient        *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* -------------------------------------------------------------------------------------------- */
/* Prices                                                                                       */

/* One priced thing of the catalogue: a tariff, or a tariff's add-on (nodes). */
typedef struct {
  char   *id;          /* the pricelist or add-on code, e.g. "55230", "55236" */
  char   *name;        /* nullable: name (tariffs) or intname (add-ons) */
  gboolean available;  /* FALSE when marked inactive, hidden in orders or archived */
  GArray *prices;      /* IsplicMoney, one per period (period = months), in the server's order */
  int     min;         /* add-ons: addonmin, -1 when not given */
  int     max;         /* add-ons: addonlimit, -1 when not given */
  char   *measure;     /* add-ons: nullable, e.g. "unit" */
  GPtrArray *addons;   /* tariffs: IsplicPrice of each add-on (may be empty); NULL for add-ons */
} IsplicPrice;

void               isplic_price_free (IsplicPrice *price);
/* The price for @months (1, 12…), or NULL. (transfer none) */
const IsplicMoney *isplic_price_get  (const IsplicPrice *price,
                                      int                months);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsplicPrice, isplic_price_free)

/* func=pricelist.export&elid=1&onlyavailable=on. Returns (transfer container) a GPtrArray of
 * IsplicPrice, one per tariff (with free func). */
void       isplic_client_get_prices_async  (IsplicClient        *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GPtrArray *isplic_client_get_prices_finish (IsplicClient        *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* -------------------------------------------------------------------------------------------- */
/* Quotes: what one concrete order or change would cost                                        */

typedef struct {
  IsplicMoney *total;    /* nullable: the total the server stated (discounts applied) */
  char        *text;     /* nullable: orderinfo as plain text (tags removed) */
  GArray      *periods;  /* IsplicMoney per period option (slist period $cost; period set);
                          * may be empty */
} IsplicQuote;

void isplic_quote_free (IsplicQuote *quote);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsplicQuote, isplic_quote_free)

/* func=soft.order.param with the order's parameters but without sok and clicked_button: the
 * order form, nothing ordered. Needs a known tariff and, unless it is a trial, period 1 or 12;
 * the name and IP are sent only when valid (a quote may be asked while the form is being
 * filled). Returns (transfer full). */
void         isplic_client_order_quote_async  (IsplicClient            *self,
                                               const IsplicOrderParams *params,
                                               GCancellable            *cancellable,
                                               GAsyncReadyCallback      callback,
                                               gpointer                 user_data);
IsplicQuote *isplic_client_order_quote_finish (IsplicClient            *self,
                                               GAsyncResult            *result,
                                               GError                 **error);

/* One license of a renewal preview. */
typedef struct {
  char        *id;          /* nullable when the server did not say */
  GDateTime   *expiry;      /* nullable */
  GDateTime   *new_expiry;  /* nullable */
  IsplicMoney *cost;        /* nullable */
} IsplicRenewalItem;

typedef struct {
  GPtrArray   *items;  /* IsplicRenewalItem, one per license the answer describes */
  IsplicMoney *total;  /* nullable: the total (one license: its cost) */
} IsplicRenewalQuote;

void isplic_renewal_item_free  (IsplicRenewalItem  *item);
void isplic_renewal_quote_free (IsplicRenewalQuote *quote);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsplicRenewalQuote, isplic_renewal_quote_free)

/* One id: func=service.prolong&elid=ID&period=P without sok. Several: func=groupedit&
 * faction=service.prolong&elid=ID1, ID2&period=P. Nothing is renewed. Returns (transfer full). */
void                isplic_client_renew_quote_async  (IsplicClient        *self,
                                                      const char * const  *ids,
                                                      int                  period,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
IsplicRenewalQuote *isplic_client_renew_quote_finish (IsplicClient        *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

typedef struct {
  IsplicMoney *old_price;    /* nullable: oldprice */
  IsplicMoney *new_price;    /* nullable: newprice */
  char        *old_tariff;   /* nullable: oldpricelist (a name or code) */
  char        *new_tariff;   /* nullable: newpricelist */
  GDateTime   *old_expiry;   /* nullable: oldexpiredate */
  GDateTime   *new_expiry;   /* nullable: newexpiredate */
  IsplicMoney *charge;       /* nullable: the amount in money_info, charged now */
  char        *money_info;   /* nullable: money_info as plain text */
} IsplicTariffQuote;

void isplic_tariff_quote_free (IsplicTariffQuote *quote);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsplicTariffQuote, isplic_tariff_quote_free)

/* func=service.changepricelist.pricelist&elid=ID&pricelist=TARIFF without sok. @nodes: the node
 * count for a tariff that takes nodes (Business), sent as addon_55236=N; 0 leaves it out (the
 * server keeps the license's count), and it is ignored for other tariffs. Returns
 * (transfer full). */
void               isplic_client_change_tariff_quote_async  (IsplicClient        *self,
                                                             const char          *id,
                                                             const char          *tariff_id,
                                                             guint                nodes,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
IsplicTariffQuote *isplic_client_change_tariff_quote_finish (IsplicClient        *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
/* func=service.changepricelist.getmoney&elid=ID&pricelist=TARIFF&sok=ok: the confirmation when
 * the quote says money is involved (isplic_client_change_tariff_async() otherwise). A money call:
 * never resent, done only with billmgr's `ok`, else OUTCOME_UNKNOWN. @nodes as for the quote. */
void     isplic_client_change_tariff_pay_async  (IsplicClient        *self,
                                                 const char          *id,
                                                 const char          *tariff_id,
                                                 guint                nodes,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean isplic_client_change_tariff_pay_finish (IsplicClient        *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* -------------------------------------------------------------------------------------------- */
/* Cart                                                                                         */

/* One item of the cart (func=basket, list[$name=itemlist].elem). */
typedef struct {
  char        *id;     /* nullable: id or item.id */
  char        *ip;     /* nullable */
  char        *name;   /* nullable: licname */
  char        *text;   /* every value of the item, one a line (for items that name the IP
                        * elsewhere) */
  char        *type;   /* nullable: item.type or type */
  int          period; /* months from item.period or period; 0 when unknown */
  IsplicMoney *cost;   /* nullable: cost */
} IsplicCartItem;

void isplic_cart_item_free (IsplicCartItem *item);

typedef struct {
  GPtrArray   *items;      /* IsplicCartItem */
  IsplicMoney *total;      /* nullable: total_sum */
  char        *billorder;  /* nullable: the cart's order id */
} IsplicCart;

void isplic_cart_free (IsplicCart *cart);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsplicCart, isplic_cart_free)

/* func=basket. Returns (transfer full). */
void        isplic_client_get_cart_async  (IsplicClient        *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
IsplicCart *isplic_client_get_cart_finish (IsplicClient        *self,
                                           GAsyncResult        *result,
                                           GError             **error);
/* func=basket&id=ITEM&clicked_button=delete. Done when the answer carries `ok` or is the cart
 * without that item; else UNCONFIRMED. */
void     isplic_client_cart_remove_async  (IsplicClient        *self,
                                           const char          *item_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean isplic_client_cart_remove_finish (IsplicClient        *self,
                                           GAsyncResult        *result,
                                           GError             **error);
/* func=basket&clicked_button=clearbasket. Done when the answer carries `ok` or is an empty
 * cart; else UNCONFIRMED. */
void     isplic_client_cart_clear_async   (IsplicClient        *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean isplic_client_cart_clear_finish  (IsplicClient        *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* -------------------------------------------------------------------------------------------- */
/* History                                                                                      */

typedef struct {
  GDateTime *date;  /* nullable: changedate, local time, with its time of day */
  char      *desc;  /* nullable: what changed, the server's text */
  char      *user;  /* nullable */
  char      *ip;    /* nullable */
} IsplicHistoryEntry;

void isplic_history_entry_free (IsplicHistoryEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsplicHistoryEntry, isplic_history_entry_free)

/* func=service.history&elid=ID, page by page (p_cnt = the "page-size" property, p_num from 1)
 * until p_elems entries came, a page is short or repeats the one before or brings nothing; more
 * pages than p_elems explains (or 100 without a count) fail with ISPLIC_CLIENT_ERROR_PAGING.
 * Returns (transfer container) a GPtrArray of IsplicHistoryEntry in the server's order. */
void       isplic_client_get_history_async  (IsplicClient        *self,
                                             const char          *id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GPtrArray *isplic_client_get_history_finish (IsplicClient        *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* -------------------------------------------------------------------------------------------- */
/* Auto-renewal and nodes of an existing license                                               */

/* soft.edit&elid=ID&autoprolong=1|12|null&sok=ok; @months 0 (off), 1 or 12. A change: needs `ok`.
 */
void     isplic_client_set_auto_renew_async  (IsplicClient        *self,
                                              const char          *id,
                                              int                  months,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean isplic_client_set_auto_renew_finish (IsplicClient        *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* The most nodes asked for in one license. */
#define ISPLIC_NODES_MAX 1000

/* soft.edit&elid=ID&addon_55236=N without sok: the price of having @nodes nodes (1 to
 * ISPLIC_NODES_MAX). Returns (transfer full). */
void         isplic_client_nodes_quote_async  (IsplicClient        *self,
                                               const char          *id,
                                               guint                nodes,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
IsplicQuote *isplic_client_nodes_quote_finish (IsplicClient        *self,
                                               GAsyncResult        *result,
                                               GError             **error);
/* soft.edit&elid=ID&addon_55236=N&sok=ok. A money call: done only with `ok`; an answer with
 * `orderinfo` and no `ok` (the server wants payment first) is not a confirmation and ends
 * OUTCOME_UNKNOWN; never resent. */
void     isplic_client_set_nodes_async  (IsplicClient        *self,
                                         const char          *id,
                                         guint                nodes,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean isplic_client_set_nodes_finish (IsplicClient        *self,
                                         GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
