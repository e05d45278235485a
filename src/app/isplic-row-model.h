/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isplic-core.h"

G_BEGIN_DECLS

/*
 * IsplicRowModel mirrors a GListModel of IsplicLicense (the filtered, sorted list) as a list of
 * stable IsplicRow objects, one per position. When the source changes, the rows keep their
 * identity and only their "license" changes; items-changed is emitted just for rows added or
 * removed at the end.
 *
 * Why: GTK 4.8's list views keep up to 200 rows alive and rebuild every row widget whose item
 * changed identity. With the licenses themselves as items, each search keystroke or sort on
 * 10,000 licenses destroyed and re-created about 200 rows × 7 cells (~100–250 ms). With stable
 * rows the cells only change their text.
 *
 * A row is made when it is first asked for (GTK asks only for the rows it shows), so a list
 * of 100,000 licenses arrives without 100,000 objects; isplic_row_model_peek() reads the
 * source directly where no row was made.
 *
 * Positions are the source's positions: the row at position p shows source item p. Selections
 * kept by position must be re-applied after "rows-changed" (the window does this).
 *
 * Rows nobody watches (isplic_row_watch(): no cell shows them) do not fetch their license on
 * each change; they look it up when asked. A watched row notifies "license", and calls its
 * watchers' functions, when it shows another license and when its license changes, so its
 * cells need no handler on the license.
 *
 * With a step (isplic_row_model_set_step()), a growth from a few rows to many adds only a step
 * at once and sets "pending"; the owner adds the rest with isplic_row_model_grow() once per
 * frame, or isplic_row_model_flush(). Until then the model has fewer rows than its source.
 */

#define ISPLIC_TYPE_ROW (isplic_row_get_type ())
G_DECLARE_FINAL_TYPE (IsplicRow, isplic_row, ISPLIC, ROW, GObject)

/* (transfer none) the license shown by this row; notifies "license" when it changes. */
IsplicLicense *isplic_row_get_license (IsplicRow *self);
/* Called after the row shows another license, or its license changed. */
typedef void (*IsplicRowChangedFunc) (IsplicRow *row, gpointer data);

/* @func (nullable) is called on each change until isplic_row_unwatch() with the same @func and
 * @data: a plain call, cheaper than a signal handler for the ~1,400 cells a scrollbar drag binds
 * each frame. Calls nest. */
void           isplic_row_watch       (IsplicRow *self, IsplicRowChangedFunc func, gpointer data);
void           isplic_row_unwatch     (IsplicRow *self, IsplicRowChangedFunc func, gpointer data);

#define ISPLIC_TYPE_ROW_MODEL (isplic_row_model_get_type ())
G_DECLARE_FINAL_TYPE (IsplicRowModel, isplic_row_model, ISPLIC, ROW_MODEL, GObject)

IsplicRowModel *isplic_row_model_new       (GListModel     *model);
GListModel     *isplic_row_model_get_model (IsplicRowModel *self);
void            isplic_row_model_set_model (IsplicRowModel *self,
                                            GListModel     *model);
/* (transfer none) the license at @position, or NULL; no reference is taken. */
IsplicLicense  *isplic_row_model_peek      (IsplicRowModel *self,
                                            guint           position);
void            isplic_row_model_set_step  (IsplicRowModel *self,
                                            guint           step);
gboolean        isplic_row_model_get_pending (IsplicRowModel *self);
gboolean        isplic_row_model_grow      (IsplicRowModel *self);
void            isplic_row_model_flush     (IsplicRowModel *self);

G_END_DECLS
