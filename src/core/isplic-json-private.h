/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * A small JSON reader for billmgr answers. json-glib builds a GObject-heavy tree (a hash table per
 * object, several allocations per value); a 5,000-row page costs tens of megabytes and most of the
 * parse time. This reader keeps nodes in chunks and all text in one buffer, and can hand each row
 * of a list to a callback and then forget it, so a page of any size needs memory for one row.
 *
 * Strict RFC 8259 JSON, UTF-8 only, nesting limited to ISPLIC_JSON_MAX_DEPTH.
 */

#include <glib.h>

G_BEGIN_DECLS

#define ISPLIC_JSON_MAX_DEPTH 256

typedef enum {
  ISPLIC_JSON_NULL,
  ISPLIC_JSON_BOOL,
  ISPLIC_JSON_NUMBER,
  ISPLIC_JSON_STRING,
  ISPLIC_JSON_ARRAY,
  ISPLIC_JSON_OBJECT,
} IsplicJsonType;

typedef struct _IsplicJsonNode IsplicJsonNode;
struct _IsplicJsonNode
{
  const char     *key;    /* member name; NULL for array elements and the root */
  const char     *text;   /* STRING and NUMBER: the text; BOOL: "true" or "false"; else NULL */
  IsplicJsonNode *child;  /* ARRAY, OBJECT: the first element or member */
  IsplicJsonNode *next;   /* the next sibling */
  IsplicJsonType  type;
};

typedef struct _IsplicJsonDoc IsplicJsonDoc;

/* Called for each element of an array named "elem" that is a member of an object named "doc".
 * Return TRUE when the row was consumed: it is then left out of the tree and its memory reused. */
typedef gboolean (*IsplicJsonRowFunc) (IsplicJsonNode *row, gpointer user_data);

/* NULL with *error_offset set (nullable) when @data is not a JSON text. */
IsplicJsonDoc  *isplic_json_parse      (const char         *data,
                                        gsize               length,
                                        IsplicJsonRowFunc   row_func,
                                        gpointer            user_data,
                                        gsize              *error_offset);
IsplicJsonNode *isplic_json_doc_root   (IsplicJsonDoc      *doc);
void            isplic_json_doc_free   (IsplicJsonDoc      *doc);
/* The member @name of @object (the first if repeated), or NULL; NULL when @object is not one. */
IsplicJsonNode *isplic_json_member     (IsplicJsonNode     *object,
                                        const char         *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsplicJsonDoc, isplic_json_doc_free)

G_END_DECLS
