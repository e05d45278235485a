/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isplic-core.h"

G_BEGIN_DECLS

/* The server-side check of an IP address (soft.checkip) shared by the order and edit dialogs:
 * local validation, a pause while the person types, one request at a time (a newer text cancels
 * the older check), and what the last positive answer was for, so that a dialog only sends an
 * IP the server has accepted for exactly its tariff and period. */

typedef enum {
  ISPLIC_IP_CHECK_EMPTY,
  ISPLIC_IP_CHECK_INVALID,
  ISPLIC_IP_CHECK_PENDING,  /* valid, waiting for the pause or the server's answer */
  ISPLIC_IP_CHECK_OK,
  ISPLIC_IP_CHECK_REFUSED,  /* the server said this IP cannot take the license */
  ISPLIC_IP_CHECK_FAILED,   /* the check itself failed: the dialog waits for one that passes */
} IsplicIpCheckState;

#define ISPLIC_TYPE_IP_CHECK (isplic_ip_check_get_type ())
G_DECLARE_FINAL_TYPE (IsplicIpCheck, isplic_ip_check, ISPLIC, IP_CHECK, GObject)

/* "changed" (no arguments) is emitted when the server's answer changed the state. */
IsplicIpCheck      *isplic_ip_check_new        (void);

/* Validates @ip (stripped) and, when it is a valid address, asks the server whether it can
 * take a license of @tariff_id (static, from the tariff table) for @period after a short pause;
 * with @schedule FALSE the check waits (PENDING) for the next update. Cancels the check before. */
void                isplic_ip_check_update     (IsplicIpCheck *self,
                                                IsplicClient  *client,
                                                const char    *ip,
                                                const char    *tariff_id,
                                                int            period,
                                                gboolean       schedule);
/* Cancels the check waiting or in flight and forgets the last positive answer (so nothing is
 * sent on it until the next update); the state stays. No "changed" follows. */
void                isplic_ip_check_cancel     (IsplicIpCheck *self);

IsplicIpCheckState  isplic_ip_check_get_state  (IsplicIpCheck *self);
/* The server's (REFUSED) or the transport's (FAILED) message, else NULL. */
const char         *isplic_ip_check_get_error  (IsplicIpCheck *self);
/* TRUE only when the last answer was positive for exactly @ip, @tariff_id and @period. */
gboolean            isplic_ip_check_passed     (IsplicIpCheck *self,
                                                const char    *ip,
                                                const char    *tariff_id,
                                                int            period);

G_END_DECLS
