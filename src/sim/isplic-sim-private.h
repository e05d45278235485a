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
  guint       month_cents;  /* price of one month, in euro cents */
  guint       node_cents;   /* extra per node beyond the first */
} SimTariff;

#define SIM_TRIAL_PERIOD (-100)
#define SIM_NODES_ADDON "addon_55236"

const SimTariff *sim_tariffs_get   (guint *n);
const SimTariff *sim_tariff_lookup (const char *id);

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

/* ---- The simulator object, shared by isplic-sim.c (HTTP, state) and isplic-sim-api.c ---- */

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
  char       *state_file;
  char       *filter[5];  /* soft.filter: licname, ip, id, status, pricelist */

  gboolean    logging;
  gboolean    log_stderr;
  GPtrArray  *requests;   /* IsplicSimRequest* */

  GHashTable *sessions;   /* sid → SimSession */

  SoupServer   *server;
  guint         port;
  GMainContext *context;
  GPtrArray    *hanging;  /* SoupServerMessage* never to be answered */
  GPtrArray    *delayed;  /* Delayed* */
  GPtrArray    *timers;   /* GSource* for keys becoming ready */
};

/* isplic-sim.c */
void        sim_index_add            (IsplicSim *self, SimLicense *lic);
void        sim_state_save           (IsplicSim *self);
void        sim_schedule_settle      (IsplicSim *self, guint delay_ms);
SimLicense *sim_find_license         (IsplicSim *self, const char *id);

/* isplic-sim-api.c */
gboolean    sim_is_secret_param      (const char *name);
/* The keys of @table, sorted (container only). */
GPtrArray  *sim_sorted_keys          (GHashTable *table);
/* Runs one API call and returns the whole body (transfer full). */
char       *sim_api_run              (IsplicSim   *self,
                                      GHashTable  *params,
                                      const char  *remote,
                                      const char **content_type,
                                      gsize       *len);

G_END_DECLS
