/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "isplic-sim.h"

G_BEGIN_DECLS

/* ---- Streaming writer: one API, two outputs (billmgr's out=json mapping and out=xml) ---- */

typedef struct _SimWriter SimWriter;

SimWriter *sim_writer_new          (gboolean xml, gsize reserve);
void       sim_writer_free         (SimWriter *w);
/* Returns the text (transfer full) and frees the writer. */
char      *sim_writer_finish       (SimWriter *w, gsize *len);
gsize      sim_writer_get_len      (SimWriter *w);
guint      sim_writer_get_depth    (SimWriter *w);
/* Drops everything written after @len, going back to stack depth @depth. */
void       sim_writer_truncate     (SimWriter *w, gsize len, guint depth);

/* @name must stay valid until the matching end call. Inside an array @name is ignored. */
void       sim_writer_begin        (SimWriter *w, const char *name);
void       sim_writer_end          (SimWriter *w);
void       sim_writer_begin_array  (SimWriter *w, const char *name);
void       sim_writer_end_array    (SimWriter *w);
void       sim_writer_attr         (SimWriter *w, const char *name, const char *value);
void       sim_writer_text         (SimWriter *w, const char *text);
/* Appends @s as a quoted JSON string. */
void       sim_json_escape         (GString *out, const char *s);

/* <name>text</name>  /  "name":{"$":"text"} */
void       sim_writer_value        (SimWriter *w, const char *name, const char *text);
/* <name orig="o">text</name>  /  "name":{"$orig":"o","$":"text"} */
void       sim_writer_value_orig   (SimWriter  *w,
                                    const char *name,
                                    const char *orig,
                                    const char *text);
/* <name/>  /  "name":{} */
void       sim_writer_empty        (SimWriter *w, const char *name);

/* ---- Tariffs as the simulator sells them ---- */

typedef struct {
  const char *id;
  const char *name;
  gboolean    trial;
  gboolean    has_nodes;
  guint       month_cents;       /* price of one month, in euro cents */
  guint       year_cents;        /* price of one year */
  guint       node_month_cents;  /* extra per node beyond the first, a month */
  guint       node_year_cents;   /* the same for a year */
} SimTariff;

#define SIM_TRIAL_PERIOD (-100)
#define SIM_NODES_ADDON "addon_55236"

const SimTariff *sim_tariffs_get   (guint *n);
const SimTariff *sim_tariff_lookup (const char *id);
/* The price of @tariff for @period months (1 or 12; a trial's -100 is free) with @nodes nodes
 * (business: the first is included), in euro cents. */
guint            sim_price_cents   (const SimTariff *tariff, int period, guint nodes);

/* ---- One license ---- */

enum {
  SIM_STATUS_ORDERED = 1,
  SIM_STATUS_ACTIVE = 2,
  SIM_STATUS_SUSPENDED = 3,
  SIM_STATUS_DELETED = 4,
  SIM_STATUS_PROCESSING = 5,
};

typedef struct {
  guint64          id;
  char             id_str[24];
  char            *licname;
  char            *ip;              /* canonical form */
  const SimTariff *tariff;
  int              period;          /* 1, 12 or SIM_TRIAL_PERIOD */
  int              status;
  guint32          createdate;      /* GDate julian days; 0 = none */
  guint32          expiredate;
  guint32          update_expiredate;
  guint32          ip_change_date;
  guint32          lickey_change_date;
  int              autoprolong;     /* 0 = off ("null"), 1 or 12 */
  char            *lickey;          /* "" until the key exists */
  guint            nodes;           /* business only, else 0 */
  gint64           key_ready_at;    /* g_get_real_time() when processing ends; 0 none, -1 never */
  guint64          billorder;       /* basket items only */
} SimLicense;

SimLicense *sim_license_new          (guint64 id);
void        sim_license_free         (SimLicense *lic);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimLicense, sim_license_free)
void        sim_license_set_id       (SimLicense *lic, guint64 id);
/* "5.00 EUR / Month" etc. (transfer full) */
char       *sim_license_cost         (const SimLicense *lic, gboolean ru);
/* The price of @lic for its period (a year costs ten months), in euro cents; 0 for trials. */
guint       sim_license_price_cents  (const SimLicense *lic);
JsonObject *sim_license_to_json      (const SimLicense *lic);
/* The same object as text, appended to @out (fast path for big state files). */
void        sim_license_write_json   (const SimLicense *lic, GString *out);
SimLicense *sim_license_from_json    (JsonObject *obj, GError **error);
/* Loading field by field: a license with no id, tariff or IP yet; one field (text, or @num when
 * @is_num), FALSE for a bad value; the final check that id, tariff and IP are there. */
SimLicense *sim_license_new_for_load (void);
gboolean    sim_license_set_field    (SimLicense *lic,
                                      const char *key,
                                      const char *str,
                                      gint64      num,
                                      gboolean    is_num);
gboolean    sim_license_check_loaded (SimLicense *lic, GError **error);

/* ---- Dates as julian day numbers ---- */
guint32     sim_today                (void);
/* YYYY-MM-DD into @buf (at least 11 bytes), "" for 0. Returns @buf. */
const char *sim_date_format          (guint32 julian, char *buf);
guint32     sim_date_parse           (const char *text);
guint32     sim_date_add_months      (guint32 julian, int months);

/* ---- Labels (en / ru) ---- */
const char *sim_status_label         (int status, gboolean ru);
/* "1 month", "1 year", "Trial"… */
const char *sim_period_label         (int period, gboolean ru);
/* "1 month", "1 year", "Off" */
const char *sim_autoprolong_label    (int autoprolong, gboolean ru);

/* Canonical text of a literal IPv4/IPv6 address (transfer full), or NULL when invalid. */
char       *sim_ip_canonical         (const char *text);

/* "<id>-<32 hex digits>" (transfer full). */
char       *sim_make_key             (GRand *rand, guint64 id);

/* Generated data: @n licenses starting at id @first_id (transfer full, SimLicense*). */
GPtrArray  *sim_generate             (guint n, guint32 seed, guint64 first_id);

/* ---- The simulator object, shared by isplic-sim.c (HTTP), isplic-sim-state.c (the state
 * file), isplic-sim-api.c and isplic-sim-basket.c (the billmgr functions) ---- */

#define SIM_FIRST_ID 3100001
#define SIM_FIRST_BILLORDER 7200001
/* State files: at most this large and this deeply nested (see isplic-sim-state.c). */
#define SIM_STATE_MAX_BYTES ((guint64) 1024 * 1024 * 1024)
#define SIM_STATE_MAX_DEPTH 64u

typedef struct {
  char   *user;
  gint64  last_used;   /* monotonic µs */
} SimSession;

struct _IsplicSim
{
  GObject parent_instance;

  char       *user;
  char       *password;

  GPtrArray  *licenses;   /* SimLicense*, not deleted, ascending id (owned) */
  GPtrArray  *deleted;    /* SimLicense*, status 4 (owned) */
  GPtrArray  *basket;     /* SimLicense*, ordered into the cart (owned) */
  GHashTable *by_id;      /* id_str → SimLicense (licenses and deleted) */
  GHashTable *by_ip;      /* canonical ip → SimLicense (licenses only) */
  GPtrArray  *pending;    /* SimLicense* still waiting for a key (unowned) */
  guint64     next_id;
  guint64     next_billorder;
  GRand      *rand;

  guint       latency_ms;
  guint       key_delay_ms;
  guint       page_size;
  guint       session_idle_s;
  GHashTable *faults;     /* func → IsplicSimFault */
  GHashTable *disabled;   /* func names answered as unknown functions (set) */
  char       *state_file;
  int         lock_fd;    /* flock()ed "state_file.lock", -1 when none */
  char       *lock_path;
  char       *filter[5];  /* soft.filter: licname, ip, id, status, pricelist */

  gboolean    logging;
  gboolean    log_stderr;
  GPtrArray  *requests;   /* IsplicSimRequest* */

  GHashTable *sessions;   /* sid → SimSession */

  gint64      balance;        /* the account, in euro cents (negative when on credit) */
  gint64      credit_limit;   /* how far below zero the balance may go, in euro cents */
  GPtrArray  *history;        /* SimHistory*, oldest first (owned) */

  SoupServer   *server;
  guint         port;
  GMainContext *context;
  GPtrArray    *hanging;  /* SoupServerMessage* never to be answered */
  GPtrArray    *delayed;  /* Delayed* */
  GPtrArray    *timers;   /* GSource* for keys becoming ready */
};

/* ---- History of a license (isplic-sim-history.c) ---- */

typedef struct {
  guint64  license;   /* the license id */
  gint64   time;      /* Unix seconds */
  char    *event;     /* "order", "prolong", "pricelist", "suspend", "resume", "delete",
                       * "licname", "ip", "newkey", "autoprolong", "nodes" */
  char    *arg;       /* the new value where the event has one ("" otherwise) */
  char    *user;
  char    *ip;        /* the request's remote address */
} SimHistory;

void        sim_history_free         (SimHistory *h);
SimHistory *sim_history_new_for_load (void);
/* One field of a loaded entry (text, or @num when @is_num); FALSE for an unknown or bad one. */
gboolean    sim_history_set_field    (SimHistory *h,
                                      const char *key,
                                      const char *str,
                                      gint64      num,
                                      gboolean    is_num);
gboolean    sim_history_check_loaded (SimHistory *h);
JsonObject *sim_history_to_json      (const SimHistory *h);
void        sim_history_write_json   (const SimHistory *h, GString *out);

/* isplic-sim.c */
void        sim_index_add            (IsplicSim *self, SimLicense *lic);
void        sim_schedule_settle      (IsplicSim *self, guint delay_ms);
SimLicense *sim_find_license         (IsplicSim *self, const char *id);

/* isplic-sim-state.c */
void        sim_state_clear          (IsplicSim *self);
/* The state as a JSON tree (@for_file adds the id counters). (transfer full) */
JsonNode   *sim_state_build          (IsplicSim *self, gboolean for_file);
/* The same as text, one license per line (fast for big states). (transfer full) */
GString    *sim_state_to_text        (IsplicSim *self, gboolean for_file);
/* Saves to self->state_file (if any) atomically; failures are printed, not fatal. */
void        sim_state_save           (IsplicSim *self);
/* Locks @path (its "@path.lock"), removes stale temporary files and loads @path if it exists. */
gboolean    sim_state_open           (IsplicSim *self, const char *path, GError **error);
gboolean    sim_state_lock           (IsplicSim *self, const char *path, GError **error);
void        sim_state_unlock         (IsplicSim *self);
guint       sim_state_remove_stale_temps (const char *path);
gboolean    sim_json_depth_ok        (const char *text, gsize len, guint max_depth);

/* ---- One API call (isplic-sim-api.c, isplic-sim-basket.c) ---- */

/* A billmgr error element. */
typedef struct {
  const char *type;
  char       *object;
  char       *object_label;
  char       *value;
  char       *desc;
  char       *group;
  char       *msg;
} SimError;

typedef struct {
  IsplicSim  *sim;
  GHashTable *params;
  const char *func;
  gboolean    ru;
  SimWriter  *w;
  SimError    err;
  char       *remote;  /* remote address text */
} SimCall;

/* isplic-sim-api.c */
gboolean    sim_is_secret_param      (const char *name);
const char *sim_param                (GHashTable *params, const char *name);
gboolean    sim_has_sok              (GHashTable *params);
/* Set c->err and return FALSE. */
gboolean    sim_error_other          (SimError   *e,
                                      const char *type,
                                      const char *object,
                                      const char *value,
                                      const char *msg);
gboolean    sim_error_missed         (SimError *e, gboolean ru, const char *field);
/* The answer to a function billmgr does not know (also for a disabled one). */
gboolean    sim_error_unknown_func   (SimCall *c);
/* The keys of @table, sorted (container only). */
GPtrArray  *sim_sorted_keys          (GHashTable *table);
/* Runs one API call and returns the whole body (transfer full). */
char       *sim_api_run              (IsplicSim   *self,
                                      GHashTable  *params,
                                      const char  *remote,
                                      const char **content_type,
                                      gsize       *len);
/* The same document with billmgr's busy error instead of running the function. */
char       *sim_api_busy             (IsplicSim   *self,
                                      GHashTable  *params,
                                      const char **content_type,
                                      gsize       *len);

/* isplic-sim-api.c: helpers shared with isplic-sim-renew.c and isplic-sim-money.c */
gboolean    sim_parse_int            (const char *text, gint64 min, gint64 max, gint64 *out);
gboolean    sim_error_value          (SimError   *e,
                                      gboolean    ru,
                                      const char *field,
                                      const char *value,
                                      const char *desc);
gboolean    sim_error_unknown_elid   (SimError *e, gboolean ru, const char *id);
/* The license named by elid (not deleted), or FALSE with c->err set. */
gboolean    sim_get_elid_license     (SimCall *c, SimLicense **out);
/* "12, 34, 56" → licenses (container only); every id must exist (and not be deleted unless
 * @deleted_too); NULL with c->err set. */
GPtrArray  *sim_get_group            (SimCall *c, gboolean deleted_too);
/* addon_55236: 1 to 1000, @def when absent (0: required). */
gboolean    sim_parse_nodes          (SimCall *c, guint *out, guint def);
/* slist[$name=@name] with the periods 1 and 12 ("null" first when @with_off). */
void        sim_write_slist_periods  (SimWriter  *w,
                                      const char *name,
                                      gboolean    with_off,
                                      gboolean    ru);

/* isplic-sim-renew.c: service.prolong, groupedit, service.changepricelist(.pricelist|.getmoney) */
gboolean    sim_func_prolong         (SimCall *c);
gboolean    sim_func_groupedit       (SimCall *c);
gboolean    sim_func_changepricelist (SimCall *c);

/* isplic-sim-money.c */
/* "56.00 EUR", "-3.50 EUR" (transfer full). */
char       *sim_money_format         (gint64 cents);
/* "120", "120.5", "120.00" (optionally followed by " EUR") → cents. */
gboolean    sim_money_parse          (const char *text, gint64 *cents);
/* TRUE when balance + credit limit cover @cents; else billmgr's insufficient-funds error. */
gboolean    sim_money_check          (SimCall *c, gint64 cents);
/* Draws @cents from the balance (after sim_money_check()). */
void        sim_money_take           (IsplicSim *self, gint64 cents);
/* What a change costing @delta_cents more per period (of @lic's period) costs for the rest of
 * the period, rounded up to a cent; 0 when @delta_cents <= 0 or nothing is left. */
gint64      sim_money_prorate        (const SimLicense *lic, gint64 delta_cents, guint32 today);
/* The charge for moving @lic to @nodes nodes now. */
gint64      sim_money_nodes_cost     (const SimLicense *lic, guint nodes, guint32 today);
/* doc.@name: an HTML fragment with @what (escaped, may be NULL) and "Total amount: X EUR". */
void        sim_money_write_orderinfo (SimCall    *c,
                                       const char *name,
                                       const char *what,
                                       gint64      total);
/* The {"$name":"period","val":[…]} item of a form's slist array, with $cost (for @tariff with
 * @nodes) on each option; without a @tariff the paid periods without prices. */
void        sim_money_write_period_entry (SimCall *c, const SimTariff *tariff, guint nodes);
gboolean    sim_func_pricelist_export    (SimCall *c);
gboolean    sim_func_dashboard_info      (SimCall *c);
gboolean    sim_func_notify              (SimCall *c);
gboolean    sim_func_subaccount_credit   (SimCall *c);
gboolean    sim_func_whoami              (SimCall *c);

/* isplic-sim-history.c */
/* Appends an entry for @lic (user: the account, ip: @remote) and does not save. */
void        sim_history_add          (IsplicSim        *self,
                                      const SimLicense *lic,
                                      const char       *event,
                                      const char       *arg,
                                      const char       *remote);
gboolean    sim_func_service_history (SimCall *c);

/* isplic-sim-basket.c: func=basket, func=cart.empty; the switched-off functions */
gboolean    sim_func_basket          (SimCall *c);
gboolean    sim_func_cart_empty      (SimCall *c);
gboolean    sim_func_is_disabled     (IsplicSim *self, const char *func);

G_END_DECLS
