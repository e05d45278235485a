/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * The billmgr response parser, separate from the transport so that the tests and the fuzzer can
 * feed it bytes directly. Every function takes the raw body (@data, @length; need not be
 * NUL-terminated), never crashes on any input, and fails with:
 *   - ISPLIC_CLIENT_ERROR_MALFORMED when the body is not a billmgr JSON document
 *     ({"doc": {...}}) or lacks what the call needs;
 *   - ISPLIC_BILLMGR_ERROR when the document carries an `error` element, in any shape (an
 *     object, an array of them, a string, empty): the server refused;
 *   - ISPLIC_CLIENT_ERROR_UNCONFIRMED when a change's answer lacks billmgr's confirmation.
 * All of them are safe to call from any thread.
 */

#include "isplic-client.h"
#include "isplic-json-private.h"
#include "isplic-license.h"

G_BEGIN_DECLS

/* Parses and checks the envelope. Returns (transfer full) the document; *doc (transfer none) is
 * the `doc` object. Fails on an `error` element. */
IsplicJsonDoc *isplic_parse_document        (const char      *data,
                                             gssize           length,
                                             IsplicJsonNode **doc,
                                             GError         **error);
/* The error element of @doc (or of doc.doc) as a GError, or NULL when there is none. */
GError        *isplic_parse_error           (IsplicJsonNode  *doc);
/* A value as billmgr's JSON renders it: a string or number, or an object whose "$orig" (preferred)
 * or "$" holds it. (transfer full, nullable) */
char          *isplic_json_get_value        (IsplicJsonNode *object,
                                             const char     *member);
/* Like isplic_json_get_value() but prefers the display text "$" over "$orig". */
char          *isplic_json_get_display      (IsplicJsonNode *object,
                                             const char     *member);
/* The value trimmed, NULL when empty; "$orig" first with @prefer_orig, else "$". (transfer
 * full, nullable) */
char          *isplic_json_get_text         (IsplicJsonNode *object, const char *member,
                                             gboolean prefer_orig);
/* The text of a string, number or boolean node, else NULL. (transfer none) */
const char    *isplic_json_scalar_text      (IsplicJsonNode *node);
/* The member when it is an object, else NULL. (transfer none) */
IsplicJsonNode *isplic_json_get_object      (IsplicJsonNode *object, const char *member);
/* A money member: the display text ("12.34 €") first, then "$orig". (transfer full,
 * nullable) */
IsplicMoney   *isplic_json_get_money        (IsplicJsonNode *object, const char *member);
/* Sets ISPLIC_CLIENT_ERROR_MALFORMED with @message. */
void           isplic_parse_set_malformed   (GError **error, const char *message);
/* Months from a period value: "12", "1 month", "1 year", "Trial", "-100"…; 0 when unknown. */
int            isplic_parse_period          (const char  *text);
/* Auto-renew months from "1", "12", "null", "off", "1 month"…; 0 when off or unknown. */
int            isplic_parse_auto_renew      (const char  *text);
/* A license from a list row or a form document; NULL when it has no id (@fallback_id may supply
 * one). */
IsplicLicense *isplic_license_from_json     (IsplicJsonNode *object,
                                             const char     *fallback_id);

/* func=soft: (transfer container) GPtrArray of IsplicLicense; *total is p_elems, or -1 when the
 * server did not say. Rows without an id are skipped. */
GPtrArray     *isplic_parse_license_list    (const char  *data,
                                             gssize       length,
                                             gint64      *total,
                                             GError     **error);
/* func=soft.edit without sok (fields in doc or doc.doc). (transfer full) */
IsplicLicense *isplic_parse_license_details (const char  *data,
                                             gssize       length,
                                             const char  *id,
                                             GError     **error);
/* func=soft.order.param: the new license id (`id`, `item.id`) or, @to_cart, the cart's order id
 * (`billorder.id`, `billorder`; a license id counts too). Anything else — `ok` alone, a form —
 * fails with ISPLIC_CLIENT_ERROR_UNCONFIRMED. */
gboolean       isplic_parse_order           (const char  *data,
                                             gssize       length,
                                             gboolean     to_cart,
                                             char       **license_id,
                                             char       **billorder_id,
                                             GError     **error);
/* service.prolong: `newexpiredate` in doc.doc or doc; *new_expiry NULL when absent or not a
 * date. With @confirm (a renewal, not its preview), fails with ISPLIC_CLIENT_ERROR_UNCONFIRMED
 * unless the answer carries `ok`. */
gboolean       isplic_parse_prolong         (const char  *data,
                                             gssize       length,
                                             gboolean     confirm,
                                             GDateTime  **new_expiry,
                                             GError     **error);
/* soft.edit with clicked_button=newkey: `lickey` in doc or doc.doc; without one,
 * ISPLIC_CLIENT_ERROR_UNCONFIRMED. (transfer full) */
char          *isplic_parse_new_key         (const char  *data,
                                             gssize       length,
                                             GError     **error);
/* Any change: TRUE when the document carries billmgr's `ok` (in doc or doc.doc) and no error;
 * ISPLIC_CLIENT_ERROR_UNCONFIRMED when it has neither. */
gboolean       isplic_parse_ok              (const char  *data,
                                             gssize       length,
                                             GError     **error);
/* Any read: TRUE when the body is a billmgr document without an error. */
gboolean       isplic_parse_answer          (const char  *data,
                                             gssize       length,
                                             GError     **error);

/* IsplicCartItem and isplic_cart_item_free(): isplic-client-money.h. */
/* func=basket: the items (list[$name=itemlist].elem). (transfer container) GPtrArray of
 * IsplicCartItem. */
GPtrArray     *isplic_parse_cart            (const char  *data,
                                             gssize       length,
                                             GError     **error);

/* func=basket with the total (total_sum) and the cart's order id (billorder). (transfer full) */
IsplicCart    *isplic_parse_basket          (const char  *data,
                                             gssize       length,
                                             GError     **error);

/* The money answers of API notes §10 (isplic-parse-money.c). */
/* dashboard.info (doc.elem[0].realbalance) or notify (doc.realbalance); MALFORMED without a
 * readable balance. (transfer full) */
IsplicBalance *isplic_parse_balance         (const char  *data,
                                             gssize       length,
                                             GError     **error);
/* dashboard.subaccount_credit: elem[0].credit and elem[0].available_credit, each (transfer
 * full, nullable). */
gboolean       isplic_parse_credit          (const char   *data,
                                             gssize        length,
                                             IsplicMoney **credit_limit,
                                             IsplicMoney **available,
                                             GError      **error);
/* pricelist.export: doc.pricelist (array or one object). (transfer container) GPtrArray of
 * IsplicPrice. */
GPtrArray     *isplic_parse_prices          (const char  *data,
                                             gssize       length,
                                             GError     **error);
/* A form with orderinfo (order, nodes): its total and slist[$name=period] costs. */
IsplicQuote   *isplic_parse_quote           (const char  *data,
                                             gssize       length,
                                             GError     **error);
/* service.prolong / groupedit without sok. */
IsplicRenewalQuote *isplic_parse_renewal_quote (const char  *data,
                                                gssize       length,
                                                GError     **error);
/* service.changepricelist.pricelist. */
IsplicTariffQuote *isplic_parse_tariff_quote (const char  *data,
                                              gssize       length,
                                              GError     **error);
/* service.history: one page; *total is p_elems or -1. (transfer container) */
GPtrArray     *isplic_parse_history         (const char  *data,
                                             gssize       length,
                                             gint64      *total,
                                             GError     **error);
/* "YYYY-MM-DD HH:MM:SS" (seconds optional) or "YYYY-MM-DD" as local time; NULL otherwise. */
GDateTime     *isplic_parse_date_time       (const char  *text);
/* An HTML fragment as plain text: tags removed (block tags end a line), entities decoded,
 * control and bidi characters dropped, one space between words. (transfer full, nullable) */
char          *isplic_html_to_text          (const char  *html);
/* The amount after the last "Total" / "Итого" / "Всего" / "к оплате" of @text that has one. */
gboolean       isplic_find_total            (const char  *text,
                                             IsplicMoney *out);

/* isplic_call_finish() for a call whose result is a pointer of its own: it, or NULL with @error
 * (isplic-client-money.c). */
gpointer       isplic_call_finish_pointer   (IsplicClient  *self,
                                             GAsyncResult  *result,
                                             gpointer       source_tag,
                                             GError       **error);

/* Builds the form-encoded body: each value percent-encoded exactly once. @pairs holds keys and
 * values alternately. (transfer full) */
char          *isplic_form_encode           (const char * const *pairs,
                                             gsize               n_pairs);

G_END_DECLS
