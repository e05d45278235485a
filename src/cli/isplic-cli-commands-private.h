/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the command files share: argument checks (usage errors, exit 2) and the commands that
 * charge, in isplic-cli-charge.c. */

#include "isplic-cli-private.h"

gboolean            isplic_cli_check_ids        (IsplicCli *cli, guint min, guint max,
                                                 GError **error);
/* Leaves out repeated ids (each license handled, and charged, once), saying so on stderr. */
void                isplic_cli_dedup_ids        (IsplicCli *cli);
gboolean            isplic_cli_check_tariff     (const char *text, gboolean required,
                                                 const IsplicTariff **tariff, GError **error);
gboolean            isplic_cli_check_period     (const char *text, int *period, GError **error);
gboolean            isplic_cli_check_ip         (const char *ip, GError **error);
gboolean            isplic_cli_is_blank         (const char *text);
/* Checks @name as the server will store it, and trims it. */
gboolean            isplic_cli_check_name       (char *name, GError **error);
const char * const *isplic_cli_ids              (IsplicCli *cli);
char               *isplic_cli_join_ids         (IsplicCli *cli);
/* TRUE when the request may or may not have been carried out: look, never send again. */
gboolean            isplic_cli_outcome_to_check (IsplicCli *cli, const GError *error);
/* Writes @text to stdout as is. */
void                isplic_cli_print_raw        (const char *text);

/* isplic-cli-charge.c */
extern const GOptionEntry isplic_cli_order_entries[];
extern const GOptionEntry isplic_cli_renew_entries[];
extern const GOptionEntry isplic_cli_change_tariff_entries[];
gboolean isplic_cli_order_prepare         (IsplicCli *cli, GError **error);
void     isplic_cli_order_run             (IsplicCli *cli);
gboolean isplic_cli_renew_prepare         (IsplicCli *cli, GError **error);
void     isplic_cli_renew_run             (IsplicCli *cli);
gboolean isplic_cli_change_tariff_prepare (IsplicCli *cli, GError **error);
void     isplic_cli_change_tariff_run     (IsplicCli *cli);
void     isplic_cli_charge_cleanup        (void);
