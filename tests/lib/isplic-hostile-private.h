/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Between the misbehaving server's connection handling and its behaviours. */
#pragma once

#include <json-glib/json-glib.h>

#include "isplic-hostile-server.h"

struct _IsplicHostileBehaviour {
  IsplicHostileKind kind;
  guint status;         /* 0: the kind's default */
  GPtrArray *headers;   /* owned: name, value, name, value, … */
  char *body;           /* owned, nullable */
  gboolean gzip;        /* body: send it gzip-compressed with Content-Encoding: gzip */
  guint interval_ms;    /* drip */
  guint p_elems;        /* pages-*: the total claimed; 0 for the kind's default */
};

/* One accepted connection, served on a thread of its own with blocking I/O. */
typedef struct {
  IsplicHostile *hostile;
  GSocketConnection *connection;  /* owned */
  GSocket *socket;                /* the connection's */
  GOutputStream *out;             /* the connection's */
  GCancellable *cancellable;      /* the server's: cancelled when it stops */
  guint index;                    /* in the request log */
} IsplicHostileConn;

/* isplic-hostile-server.c */
void isplic_hostile_add_body_bytes (IsplicHostile *hostile,
                                    guint          index,
                                    gsize          n);

/* isplic-hostile-behaviour.c */
void isplic_hostile_behave (IsplicHostileConn      *conn,
                            IsplicHostileBehaviour *behaviour,
                            GHashTable             *params);
gboolean isplic_hostile_conn_write_head (IsplicHostileConn      *conn,
                                         guint                   status,
                                         IsplicHostileBehaviour *behaviour,
                                         const char             *framing);
gboolean isplic_hostile_conn_write_body (IsplicHostileConn *conn,
                                         const void        *data,
                                         gsize              len);
IsplicHostileBehaviour *isplic_hostile_behaviour_from_json (JsonNode  *node,
                                                            GError   **error);
