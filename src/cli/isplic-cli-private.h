/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdio.h>

#include <gio/gio.h>

#include <json-glib/json-glib.h>

#include "isplic-core.h"

G_BEGIN_DECLS

/* The exit codes are a contract with the scripts that call isplic-cli. */
typedef enum {
  ISPLIC_CLI_EXIT_OK = 0,
  ISPLIC_CLI_EXIT_REFUSED = 1,     /* the server refused; its message is on stderr */
  ISPLIC_CLI_EXIT_USAGE = 2,       /* bad command line, refused before anything was sent */
  ISPLIC_CLI_EXIT_TRANSPORT = 3,   /* network or transport failure */
  ISPLIC_CLI_EXIT_UNKNOWN = 4,     /* a money operation's outcome is unknown */
  ISPLIC_CLI_EXIT_NOT_PRINTED = 5, /* done, but the result could not be written to stdout */
  ISPLIC_CLI_EXIT_INTERRUPTED = 130,
} IsplicCliExit;

typedef struct _IsplicCli IsplicCli;
typedef struct _IsplicCliCommand IsplicCliCommand;

struct _IsplicCliCommand {
  const char         *name;
  const char         *parameters;   /* N_(), shown after the command in "Usage:" */
  const char         *summary;      /* N_(), one line */
  const char         *description;  /* N_(), details and examples */
  const GOptionEntry *entries;      /* the command's own options, nullable */
  gboolean            needs_account;
  /* Checks the arguments without any I/O. FALSE with @error: a usage error (exit 2). */
  gboolean (*prepare) (IsplicCli *cli, GError **error);
  /* Starts the work; every path ends in isplic_cli_exit() or isplic_cli_exit_error(). */
  void     (*run)     (IsplicCli *cli);
};

struct _IsplicCli {
  GMainLoop    *loop;
  GCancellable *cancellable;
  IsplicClient *client;            /* NULL for commands that need no account */
  char        **args;              /* positional arguments after the command, NULL-terminated */
  guint         n_args;
  int           exit_code;
  gboolean      finished;
  gboolean      interrupted;       /* Ctrl+C was pressed */
  gboolean      changed;           /* the server confirmed a change (an order, a renewal…) */
};

const IsplicCliCommand *isplic_cli_commands_get      (guint *n_commands);
const IsplicCliCommand *isplic_cli_command_lookup    (const char *name);
/* Frees what the commands kept between their steps. */
void                    isplic_cli_commands_cleanup  (void);

/* isplic-cli.c */
void     isplic_cli_exit                (IsplicCli *cli, int exit_code);
void     isplic_cli_exit_error          (IsplicCli *cli, const GError *error);
int      isplic_cli_exit_code_for_error (const GError *error);
void     isplic_cli_printerr            (const char *format, ...) G_GNUC_PRINTF (1, 2);
/* (transfer full, nullable) the app's settings, when its schema is installed. */
GSettings  *isplic_cli_open_settings  (void);
/* The global option "server", "user" or "lang" as given (nullable). */
const char *isplic_cli_option         (const char *name);
/* (transfer full, nullable) the stored accounts' names quoted, comma-separated, for messages. */
char       *isplic_cli_account_names  (GSettings *settings);
/* Prints the help of @command_name (NULL: the tool's) on stdout; FALSE if there is no such command. */
gboolean isplic_cli_print_help          (const char *command_name);

/* isplic-cli-output.c */
const IsplicTariff *isplic_cli_tariff_find      (const char *text);
char               *isplic_cli_tariff_aliases   (const IsplicTariff *tariff);
gboolean            isplic_cli_parse_period     (const char *text, int *period);
gboolean            isplic_cli_parse_auto_renew (const char *text, int *auto_renew);
char               *isplic_cli_format_details   (IsplicLicense *license);
char               *isplic_cli_format_tariffs   (gboolean json);
char               *isplic_cli_format_date      (GDateTime *date);
guint               isplic_cli_display_width    (const char *text);
/* The tariff's name as shown (the server's, else the catalogue's, else its code); borrowed. */
const char         *isplic_cli_tariff_text      (IsplicLicense *license);
const char         *isplic_cli_auto_renew_text  (int auto_renew);
/* A usage error (exit 2) with @message; always FALSE. */
gboolean            isplic_cli_usage            (GError **error, const char *message);
/* FALSE with a usage error when @id is not a license id. */
gboolean            isplic_cli_check_id         (const char *id, GError **error);

/* isplic-cli-list-output.c. format_* return the whole text; write_* write it to @file as it is
 * formatted and take @licenses (transfer full), letting each license go once it is written.
 * JSON is laid out as json-glib's pretty printer does it, two spaces a level. */
char *isplic_cli_format_table        (GPtrArray *licenses);
char *isplic_cli_format_csv          (GPtrArray *licenses);
char *isplic_cli_format_json         (GPtrArray *licenses);
char *isplic_cli_format_license_json (IsplicLicense *license);
void  isplic_cli_write_table         (GPtrArray *licenses, FILE *file);
void  isplic_cli_write_csv           (GPtrArray *licenses, FILE *file);
void  isplic_cli_write_json          (GPtrArray *licenses, FILE *file);
/* Appends @text (NULL: null) as a JSON string made safe like isplic_cli_safe_json()
 * (isplic_export_append_json_string()). */
void  isplic_cli_json_append_string  (GString *out, const char *text);

/* isplic-cli-password.c: ISPLIC_PASSWORD, else the Secret Service, else a prompt on a terminal.
 * Fails with G_IO_ERROR_NOT_FOUND when there is no way to get one. Free the result with
 * isplic_account_password_free(). */
void  isplic_cli_password_async  (const char          *server_url,
                                  const char          *user,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
char *isplic_cli_password_finish (GAsyncResult  *result,
                                  GError       **error);

/* isplic-cli-account.c: balance, prices. */
extern const IsplicCliCommand isplic_cli_account_commands[];
extern const guint            isplic_cli_n_account_commands;
/* isplic-cli-money.c: nodes, quotes and the display before a charge. */
extern const IsplicCliCommand isplic_cli_money_commands[];
extern const guint            isplic_cli_n_money_commands;
/* isplic-cli-cart.c: cart, history, auto-renew. */
extern const IsplicCliCommand isplic_cli_cart_commands[];
extern const guint            isplic_cli_n_cart_commands;
/* isplic-cli-accounts.c: accounts (list, add, remove, use). */
extern const IsplicCliCommand isplic_cli_accounts_commands[];
extern const guint            isplic_cli_n_accounts_commands;
extern const IsplicCliCommand isplic_cli_journal_commands[];
extern const guint            isplic_cli_n_journal_commands;
void     isplic_cli_money_cleanup    (void);
void     isplic_cli_cart_cleanup     (void);

/* Goes on with a charging operation once its price (nullable: not known) has been shown. */
typedef void (*IsplicCliProceed) (IsplicCli *cli, const IsplicMoney *charge);

/* With @proceed NULL (--quote): prints the quote and the balance on stdout (JSON with @json) and
 * exits; a quote the server does not offer exits 1 with a plain message. With @proceed: prints
 * "Charging X; balance Y" on stderr as far as the server tells them, exits 1 with nothing sent
 * when the balance is known not to cover the price and @force is FALSE, else calls @proceed. */
void     isplic_cli_quote_order      (IsplicCli               *cli,
                                      const IsplicOrderParams *params,
                                      gboolean                 json,
                                      gboolean                 force,
                                      IsplicCliProceed         proceed);
/* The licenses are cli->args. */
void     isplic_cli_quote_renew      (IsplicCli               *cli,
                                      int                      period,
                                      gboolean                 json,
                                      gboolean                 force,
                                      IsplicCliProceed         proceed);
/* The license is cli->args[0]; @nodes 0: not given. */
void     isplic_cli_quote_tariff     (IsplicCli               *cli,
                                      const char              *tariff_id,
                                      guint                    nodes,
                                      gboolean                 json,
                                      gboolean                 force,
                                      IsplicCliProceed         proceed);
/* Exits with @exit_code after a charge; first, when the balance before was known and
 * cli->changed, prints what the balance dropped by and the balance now on stderr. */
void     isplic_cli_exit_charged     (IsplicCli               *cli,
                                      int                      exit_code);

/* isplic-cli-money-format.c. Amounts in --json are {"amount": "56.00", "minor": 5600,
 * "currency": "EUR"} or null. */
gboolean isplic_cli_is_not_offered   (const GError *error);
/* Prints @message ("This billing server does not offer …") and exits 1. */
void     isplic_cli_exit_not_offered (IsplicCli *cli, const char *message);
/* (transfer full) @money for a person, made safe; "price not available" for NULL. */
char    *isplic_cli_money_text       (const IsplicMoney *money);
/* (transfer full) @text made safe, "-" when NULL or empty. */
char    *isplic_cli_cell             (const char *text);
void     isplic_cli_json_money       (JsonBuilder *builder, const char *key,
                                      const IsplicMoney *money);
void     isplic_cli_json_string      (JsonBuilder *builder, const char *key, const char *value);
void     isplic_cli_json_date        (JsonBuilder *builder, const char *key, GDateTime *date);
/* Prints the builder's document on stdout, made safe (isplic_cli_safe_json()). */
void     isplic_cli_print_json       (JsonBuilder *builder);
/* Prints rows (GStrv of made-safe cells) under the NULL-terminated @headers, aligned. */
void     isplic_cli_print_table      (const char * const *headers,
                                      GPtrArray          *rows);

G_END_DECLS
