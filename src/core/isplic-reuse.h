/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isplic-client.h"

G_BEGIN_DECLS

/*
 * Reuse instead of buying (billmgr's own pooling convention): a suspended license that is still
 * paid for can take a new IP and name and be resumed, instead of paying for a new one. The IP
 * (and the key) may change once a month: ISPLIC_REUSE_IP_DAYS after the last change.
 */
#define ISPLIC_REUSE_IP_DAYS 30

/* (transfer full, nullable) When the IP may change next; NULL when it may change at @now (or
 * the last change is not known: the server then decides). */
GDateTime *isplic_license_next_ip_change (IsplicLicense *license, GDateTime *now);
/* (transfer full, element-type IsplicLicense) The licenses of @licenses that could be reused for
 * an order of @tariff_id at @now: suspended, of that tariff, paid beyond @now; the most paid time
 * first. Whether each IP may change now is known only from its details
 * (isplic_license_next_ip_change() after isplic_client_get_details_async()). */
GPtrArray *isplic_reuse_candidates       (GListModel *licenses, const char *tariff_id,
                                          GDateTime *now);

/* Reuses license @id: soft.edit with the new @ip and @name, then soft.resume, each confirmed by
 * the server. Nothing is charged. When the edit was made but the resume was not, the error says
 * so; nothing is ever sent twice. */
void     isplic_client_reuse_async  (IsplicClient *self, const char *id, const char *ip,
                                     const char *name, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data);
gboolean isplic_client_reuse_finish (IsplicClient *self, GAsyncResult *result, GError **error);

G_END_DECLS
