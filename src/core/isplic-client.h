/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "isplic-error.h"
#include "isplic-journal.h"
#include "isplic-license.h"
#include "isplic-tariff.h"

G_BEGIN_DECLS

#define ISPLIC_TYPE_CLIENT (isplic_client_get_type ())
G_DECLARE_FINAL_TYPE (IsplicClient, isplic_client, ISPLIC, CLIENT, GObject)

/*
 * IsplicClient speaks billmgr's API: every call is a POST with a form-encoded body carrying
 * func, out=json, lang, the parameters and authinfo=user:password (encoded once, never in the URL).
 * It refuses credentials over plain http:// unless the host is loopback (ISPLIC_CLIENT_ERROR_INSECURE).
 *
 * Properties:
 *   "base-url"  char*        default ISPLIC_SERVER_EU
 *   "user"      char*
 *   "password"  char*        write-only (never readable, never logged)
 *   "lang"      char*        "en" (default) or "ru"
 *   "session"   SoupSession* construct-only; a private one when NULL
 *   "timeout"   guint        seconds for each request as a whole (connect, headers, body),
 *                            default 60; 0 = none
 *   "page-size" guint        p_cnt for list pages, default 5000
 *   "retry-delay" guint      milliseconds before a busy server is asked again by a read
 *                            (doubling, 3 times at most), default 1000
 *   "max-answer-size" guint64 the largest answer read, after decompression, default and at most
 *                            ISPLIC_MAX_ANSWER_BYTES (256 MiB); larger fails with TOO_LARGE
 *
 * Truth about money: order, renew and change-tariff are never retried. Each is done only when
 * the answer carries billmgr's confirmation (`ok`; for an order the new license's id or the cart
 * order's id). An `error` element in any shape is the server's refusal (ISPLIC_BILLMGR_ERROR).
 * Anything else once the request may have reached the server — a timeout, a dropped connection,
 * HTTP 5xx, an answer that is malformed, too large, or neither confirms nor refuses — fails with
 * ISPLIC_CLIENT_ERROR_OUTCOME_UNKNOWN; the matching reconcile call then looks for evidence.
 * HTTP 403/429/460/503 and billmgr's "Request in process" fail with ISPLIC_CLIENT_ERROR_BUSY (not
 * processed); reads ask again by themselves a few times first, nothing else is ever resent.
 * Other changes (edit, suspend, resume, delete, new key) without a confirmation fail with
 * ISPLIC_CLIENT_ERROR_UNCONFIRMED.
 */

/**
 * IsplicVerdict:
 * What a reconcile found out about an operation whose outcome was unknown.
 * @ISPLIC_VERDICT_UNKNOWN: the evidence cannot decide: check the billing panel before trying again
 * @ISPLIC_VERDICT_DONE: it went through
 * @ISPLIC_VERDICT_NOT_DONE: the evidence proves it did not
 */
typedef enum {
  ISPLIC_VERDICT_UNKNOWN,
  ISPLIC_VERDICT_DONE,
  ISPLIC_VERDICT_NOT_DONE,
} IsplicVerdict;

IsplicClient *isplic_client_new          (const char   *base_url,
                                          const char   *user,
                                          const char   *password);
IsplicClient *isplic_client_new_with_session (SoupSession *session,
                                          const char   *base_url,
                                          const char   *user,
                                          const char   *password);

const char   *isplic_client_get_base_url (IsplicClient *self);
void          isplic_client_set_base_url (IsplicClient *self, const char *base_url);
const char   *isplic_client_get_user     (IsplicClient *self);
void          isplic_client_set_user     (IsplicClient *self, const char *user);
void          isplic_client_set_password (IsplicClient *self, const char *password);
const char   *isplic_client_get_lang     (IsplicClient *self);
void          isplic_client_set_lang     (IsplicClient *self, const char *lang);
guint         isplic_client_get_timeout  (IsplicClient *self);
void          isplic_client_set_timeout  (IsplicClient *self, guint seconds);
SoupSession  *isplic_client_get_session  (IsplicClient *self);
/* Where every change and charge is written before it is sent (isplic-journal.h); nullable.
 * With a journal, a charge whose entry cannot be written is not sent. */
void          isplic_client_set_journal  (IsplicClient *self, IsplicJournal *journal);
IsplicJournal *isplic_client_get_journal (IsplicClient *self);
/* The journal's open entries of this account (sent when the program stopped before the
 * answer): each is looked into with the list as it is now (an order by its IP; a renewal by the
 * expiry written with it; a tariff change, edit, suspend, resume or delete by what the licenses
 * show; what the list cannot tell is UNKNOWN), ended in the journal with its outcome and
 * message, and returned (transfer full, IsplicJournalEntry) to be told. Nothing is ever sent
 * again. An empty array without a journal or open entries; an error leaves the entries open. */
void       isplic_client_reconcile_journal_async  (IsplicClient *self, GCancellable *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer user_data);
GPtrArray *isplic_client_reconcile_journal_finish (IsplicClient *self, GAsyncResult *result,
                                                   GError **error);
/* Licenses per list page (p_cnt), the "page-size" property. */
guint         isplic_client_get_page_size (IsplicClient *self);
void          isplic_client_set_page_size (IsplicClient *self, guint page_size);

/* Checks the credentials with a cheap call (a one-row list). */
void      isplic_client_sign_in_async  (IsplicClient *self, GCancellable *cancellable,
                                        GAsyncReadyCallback callback, gpointer user_data);
gboolean  isplic_client_sign_in_finish (IsplicClient *self, GAsyncResult *result, GError **error);

/* func=soft, page by page (p_cnt/p_num) until p_elems is reached. Parsing runs in a worker thread.
 * Returns (transfer container): GPtrArray of IsplicLicense (with free func). */
void       isplic_client_list_async  (IsplicClient *self, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *isplic_client_list_finish (IsplicClient *self, GAsyncResult *result, GError **error);

/* func=soft.edit without sok: all fields including the key. Returns (transfer full). */
void           isplic_client_get_details_async  (IsplicClient *self, const char *id,
                                                 GCancellable *cancellable,
                                                 GAsyncReadyCallback callback, gpointer user_data);
IsplicLicense *isplic_client_get_details_finish (IsplicClient *self, GAsyncResult *result,
                                                 GError **error);

typedef struct {
  const char *tariff_id;  /* pricelist code, required */
  int         period;     /* 1 or 12; ignored (sent as -100) for trial tariffs */
  int         auto_renew; /* 0 (sent as "null"), 1 or 12 */
  const char *name;       /* licname, required */
  const char *ip;         /* required, IPv4 or IPv6 */
  guint       nodes;      /* for tariffs with nodes (business): sent as addon_55236; 0 → 1 */
  gboolean    to_cart;    /* TRUE: add to cart (skipbasket=off) instead of paying now */
} IsplicOrderParams;

/* func=soft.order.param, clicked_button=finish, sok=ok. Validates locally first
 * (ISPLIC_CLIENT_ERROR_INVALID_INPUT). The params are copied. */
void     isplic_client_order_async  (IsplicClient *self, const IsplicOrderParams *params,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data);
/* On success *license_id (paid order) or *billorder_id (cart) is set (transfer full, nullable). */
gboolean isplic_client_order_finish (IsplicClient *self, GAsyncResult *result,
                                     char **license_id, char **billorder_id, GError **error);
/* After OUTCOME_UNKNOWN. A paid order: re-lists the licenses and looks for one at the order's IP
 * (one license per IP; the name only confirms) that is not among @ids_before, the ids of the
 * licenses that existed before the order was sent (nullable: then any license at that IP is
 * not proof either way). A cart order: looks in the cart (func=basket) for an item with that IP.
 * On success *verdict says what was found; *license (transfer full, nullable) is the new
 * license (DONE, paid), *cart_item (transfer full, nullable) the cart item's id (DONE, cart).
 * FALSE with @error when the evidence could not be gathered (the verdict is then UNKNOWN). */
void     isplic_client_reconcile_order_async  (IsplicClient            *self,
                                               const IsplicOrderParams *params,
                                               const char * const      *ids_before,
                                               GCancellable            *cancellable,
                                               GAsyncReadyCallback      callback,
                                               gpointer                 user_data);
gboolean isplic_client_reconcile_order_finish (IsplicClient   *self,
                                               GAsyncResult   *result,
                                               IsplicVerdict  *verdict,
                                               IsplicLicense **license,
                                               char          **cart_item,
                                               GError        **error);

/* service.prolong without sok: the expiry the license would have after renewing by @period.
 * Returns (transfer full, nullable). */
void       isplic_client_renew_preview_async  (IsplicClient *self, const char *id, int period,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback, gpointer user_data);
GDateTime *isplic_client_renew_preview_finish (IsplicClient *self, GAsyncResult *result,
                                               GError **error);
/* service.prolong, sok=ok; several ids go in one request joined by ", " (each id once). */
void     isplic_client_renew_async  (IsplicClient *self, const char * const *ids, int period,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data);
/* The same for licenses as last seen: the expiry each had goes into the journal with the
 * renewal (never to the server), so a renewal a crash left open is judged at the next start.
 * Finish with isplic_client_renew_finish(). */
void     isplic_client_renew_licenses_async (IsplicClient *self, IsplicLicense * const *licenses,
                                             guint n_licenses, int period,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback, gpointer user_data);
/* *new_expiry (transfer full, nullable) is the new expiry when the server gave one. */
gboolean isplic_client_renew_finish (IsplicClient *self, GAsyncResult *result,
                                     GDateTime **new_expiry, GError **error);
/* After OUTCOME_UNKNOWN: fetches the license. DONE when its expiry differs from @old_expiry
 * (later; or earlier, as a suspended license is renewed from today), NOT_DONE when it is the
 * same day, UNKNOWN when either date is unknown. *expiry (transfer full, nullable) is the expiry
 * now. FALSE with @error when the license could not be read. */
void     isplic_client_reconcile_renew_async  (IsplicClient        *self,
                                               const char          *id,
                                               GDateTime           *old_expiry,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean isplic_client_reconcile_renew_finish (IsplicClient   *self,
                                               GAsyncResult   *result,
                                               IsplicVerdict  *verdict,
                                               GDateTime     **expiry,
                                               GError        **error);

/* soft.edit, sok=ok. @name / @ip NULL means unchanged; only what is non-NULL is sent. */
void     isplic_client_edit_async  (IsplicClient *self, const char *id, const char *name,
                                    const char *ip, GCancellable *cancellable,
                                    GAsyncReadyCallback callback, gpointer user_data);
gboolean isplic_client_edit_finish (IsplicClient *self, GAsyncResult *result, GError **error);

/* service.changepricelist, sok=ok. @nodes: as for isplic_client_change_tariff_quote_async()
 * (0: not given). */
void     isplic_client_change_tariff_async  (IsplicClient *self, const char *id,
                                             const char *tariff_id, guint nodes,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback, gpointer user_data);
gboolean isplic_client_change_tariff_finish (IsplicClient *self, GAsyncResult *result,
                                             GError **error);
/* After OUTCOME_UNKNOWN: fetches the license. DONE when it now has @tariff_id, NOT_DONE when it
 * has another known tariff, UNKNOWN when its tariff cannot be told. */
void     isplic_client_reconcile_tariff_async  (IsplicClient        *self,
                                                const char          *id,
                                                const char          *tariff_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean isplic_client_reconcile_tariff_finish (IsplicClient   *self,
                                                GAsyncResult   *result,
                                                IsplicVerdict  *verdict,
                                                GError        **error);

/* soft.suspend / soft.resume / soft.delete; several ids in one request joined by ", " (each id
 * once). */
void     isplic_client_suspend_async  (IsplicClient *self, const char * const *ids,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback, gpointer user_data);
gboolean isplic_client_suspend_finish (IsplicClient *self, GAsyncResult *result, GError **error);
void     isplic_client_resume_async   (IsplicClient *self, const char * const *ids,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback, gpointer user_data);
gboolean isplic_client_resume_finish  (IsplicClient *self, GAsyncResult *result, GError **error);
void     isplic_client_delete_async   (IsplicClient *self, const char * const *ids,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback, gpointer user_data);
gboolean isplic_client_delete_finish  (IsplicClient *self, GAsyncResult *result, GError **error);

/* soft.checkip. TRUE: the IP can take this tariff. FALSE with a ISPLIC_BILLMGR_ERROR: the
 * server's reason (its message); other domains: the check itself failed. */
void     isplic_client_check_ip_async  (IsplicClient *self, const char *ip, const char *tariff_id,
                                        int period, GCancellable *cancellable,
                                        GAsyncReadyCallback callback, gpointer user_data);
gboolean isplic_client_check_ip_finish (IsplicClient *self, GAsyncResult *result, GError **error);

/* soft.edit with clicked_button=newkey, sok=ok. Returns (transfer full) the new key. */
void  isplic_client_new_key_async  (IsplicClient *self, const char *id, GCancellable *cancellable,
                                    GAsyncReadyCallback callback, gpointer user_data);
char *isplic_client_new_key_finish (IsplicClient *self, GAsyncResult *result, GError **error);

G_END_DECLS

#include "isplic-client-money.h"
