/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * IsplicSim: an in-memory billmgr (ispmanager 6 license reselling) on a loopback SoupServer.
 * Runs on the thread-default main context of the thread that calls isplic_sim_start().
 * Used by isplic-billmgr-sim, by the app's demo mode and by the tests.
 */

#define ISPLIC_TYPE_SIM (isplic_sim_get_type ())
G_DECLARE_FINAL_TYPE (IsplicSim, isplic_sim, ISPLIC, SIM, GObject)

typedef enum {
  ISPLIC_SIM_FAULT_NONE,
  ISPLIC_SIM_FAULT_HTTP500,    /* HTTP 500 with an HTML body */
  ISPLIC_SIM_FAULT_MALFORMED,  /* HTTP 200 with a body that is not JSON */
  ISPLIC_SIM_FAULT_TIMEOUT,    /* never answers (the client's timeout fires) */
  ISPLIC_SIM_FAULT_TIMEOUT_AFTER, /* performs the operation, then never answers */
  ISPLIC_SIM_FAULT_TRUNCATED,  /* performs the operation, answers HTTP 200 with half the JSON */
  ISPLIC_SIM_FAULT_DROP_AFTER, /* performs the operation, then closes the connection unanswered */
  ISPLIC_SIM_FAULT_BUSY,       /* HTTP 200, billmgr's "Request in process, please wait" error
                                * (type "busy"); not performed */
  ISPLIC_SIM_FAULT_HTTP503,    /* HTTP 503 with an HTML body; not performed */
} IsplicSimFault;

/* Default account: user "reseller@example.com", password "demo". */
#define ISPLIC_SIM_DEFAULT_USER "reseller@example.com"
#define ISPLIC_SIM_DEFAULT_PASSWORD "demo"

/* The account's balance of a new simulator: 500.00 EUR, in cents. */
#define ISPLIC_SIM_DEFAULT_BALANCE 50000

IsplicSim *isplic_sim_new            (void);
/* The account's balance in euro cents (negative: on credit; default
 * ISPLIC_SIM_DEFAULT_BALANCE). Paid orders, renewals, tariff upgrades and more nodes draw it
 * down; what balance + credit limit does not cover is refused with billmgr's
 * insufficient-funds error. Saved in the state file. */
void       isplic_sim_set_balance    (IsplicSim *self, gint64 cents);
gint64     isplic_sim_get_balance    (IsplicSim *self);
/* How far below zero the balance may go, in euro cents (default 0). */
void       isplic_sim_set_credit_limit (IsplicSim *self, gint64 cents);
gint64     isplic_sim_get_credit_limit (IsplicSim *self);
/* "120", "120.5", "120.00", "-5.00", "120.00 EUR" → cents; FALSE with @error otherwise. */
gboolean   isplic_sim_parse_amount   (const char *text, gint64 *cents, GError **error);
/* Credentials the server accepts. */
void       isplic_sim_set_account    (IsplicSim *self, const char *user, const char *password);
/* Replaces the state with @n generated licenses; deterministic for a given @seed. */
void       isplic_sim_generate       (IsplicSim *self, guint n, guint32 seed);
/* Delay before each answer, in milliseconds (non-blocking). */
void       isplic_sim_set_latency    (IsplicSim *self, guint latency_ms);
/* How long a new order stays "processing" without a key (default 2000 ms). */
void       isplic_sim_set_key_delay  (IsplicSim *self, guint delay_ms);
/* Rows per page of func=soft when the request has no p_cnt (default 20, as billmgr). */
void       isplic_sim_set_page_size  (IsplicSim *self, guint rows);
/* Idle time after which a func=auth session expires (default 3600 s). */
void       isplic_sim_set_session_idle (IsplicSim *self, guint seconds);
/* Fault injection for one billmgr function (e.g. "soft.order.param"), or "*" for all. */
void       isplic_sim_set_fault      (IsplicSim *self, const char *func, IsplicSimFault fault);
/* The same; with @sok_only the fault hits only requests with sok=ok (the operation itself), and
 * the form or quote of the same function without sok is answered as usual: a test gets a good
 * quote, then a lost or failed charge. */
void       isplic_sim_set_fault_full (IsplicSim *self, const char *func, IsplicSimFault fault,
                                      gboolean sok_only);
/* Parses "FUNC=KIND" or "FUNC=KIND,sok-only" and sets it; KIND: http500, http503, malformed,
 * truncated, timeout, timeout-after, drop-after, busy or none. */
gboolean   isplic_sim_parse_fault    (IsplicSim *self, const char *spec, GError **error);
/* Takes @path for this simulator and loads it if it exists; from then on every change is saved
 * there atomically. FALSE with @error when it is not a state file (larger than 1 GiB, nested
 * more than 64 levels, not the shape) or when another simulator uses it (G_IO_ERROR_BUSY; the
 * lock is "@path.lock", held until the simulator lets the file go). Stale temporary files of
 * a killed save (".NAME.tmp-PID-XXXXXX" next to it, PID gone) are removed. NULL lets the file
 * go and stops saving. */
gboolean   isplic_sim_set_state_file (IsplicSim *self, const char *path, GError **error);

/* Switches a billmgr function (e.g. "basket") off or back on. A disabled function answers as
 * billmgr answers a function it does not have: HTTP 200 with
 * {"doc":{"error":{"$type":"missed","$object":"func","msg":{"$":"Unknown function '…' "}…}}}. */
void       isplic_sim_set_function_enabled (IsplicSim  *self,
                                            const char *func,
                                            gboolean    enabled);

/* Listens on 127.0.0.1:@port (0 = any free port). */
gboolean   isplic_sim_start          (IsplicSim *self, guint port, GError **error);
void       isplic_sim_stop           (IsplicSim *self);
/* "http://127.0.0.1:PORT/billmgr" (transfer full), NULL before start. */
char      *isplic_sim_get_url        (IsplicSim *self);
guint      isplic_sim_get_port       (IsplicSim *self);

/* Request log (API paths only). Each entry: method, path, the raw query string (NULL if none)
 * with the values of authinfo, password and key replaced by "***" (names kept, so a test can
 * see that a secret was put in a URL), the Content-Type header (NULL if none) and the decoded
 * parameters, query and body merged, with the same values replaced by "***". */
typedef struct {
  char       *method;
  char       *path;
  char       *query;         /* raw query string of the URL, nullable */
  char       *content_type;  /* nullable */
  GHashTable *params;        /* char* → char*, merged query + body, secrets redacted */
  char       *func;          /* convenience: params["func"] */
} IsplicSimRequest;

/* Keeps the last 20,000 requests at most. isplic-billmgr-sim always logs. */
void       isplic_sim_set_logging    (IsplicSim *self, gboolean enabled);
/* Also prints each request (redacted) on stderr. */
void       isplic_sim_set_log_stderr (IsplicSim *self, gboolean enabled);
/* (transfer none) GPtrArray of IsplicSimRequest, oldest first. */
GPtrArray *isplic_sim_get_requests   (IsplicSim *self);
void       isplic_sim_clear_requests (IsplicSim *self);
/* Number of logged requests whose func is @func. */
guint      isplic_sim_count_requests (IsplicSim *self, const char *func);

/* State inspection for tests: (transfer full) a JSON object of the license with @id or NULL.
 * Strings: id, licname, ip, pricelist (the code, e.g. "55227"), pricelist_name, createdate,
 * expiredate, update_expiredate, autoprolong ("1", "12" or "null"), lickey ("" while processing),
 * ip_change_date and lickey_change_date ("" when never), cost, status_name.
 * Integers: period (1, 12 or -100), status (1 ordered, 2 active, 3 suspended, 4 deleted,
 * 5 processing), nodes (0 unless business), key_ready_at.
 * Deleted licenses stay in the state with status 4 (hidden from func=soft, their IP is free). */
JsonObject *isplic_sim_lookup        (IsplicSim *self, const char *id);
/* Licenses that func=soft lists (not deleted). */
guint       isplic_sim_get_n_licenses (IsplicSim *self);
/* (transfer full) the whole state: {"licenses":[…all, by id…],"basket":[…cart orders…],
 * "balance":CENTS,"credit_limit":CENTS,"history":[{"license":ID,"time":UNIX_SECONDS,
 * "event":"prolong","arg":"2027-01-06","user":…,"ip":…}…oldest first]}.
 * Test endpoints next to /billmgr (loopback only): GET /sim/state (this dump), GET /sim/requests
 * (the request log as a JSON array; empty unless logging is on) and GET or POST /sim/control
 * with any of fail=FUNC=KIND[,sok-only] (KIND none clears), latency=MS, key_delay=MS,
 * clear_requests=1, disable=FUNC, enable=FUNC, balance=AMOUNT, credit_limit=AMOUNT
 * (e.g. "120.00"). */
JsonNode   *isplic_sim_dump          (IsplicSim *self);
/* The func=soft JSON body for @p_cnt rows, without HTTP (for benchmarks). (transfer full) */
char       *isplic_sim_render_list   (IsplicSim *self, guint p_cnt, gsize *len);

G_END_DECLS
