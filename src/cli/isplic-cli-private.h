/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

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
/* Prints the help of @command_name (NULL: the tool's) on stdout; FALSE if there is no such command. */
gboolean isplic_cli_print_help          (const char *command_name);

/* isplic-cli-output.c */
const IsplicTariff *isplic_cli_tariff_find      (const char *text);
char               *isplic_cli_tariff_aliases   (const IsplicTariff *tariff);
gboolean            isplic_cli_parse_period     (const char *text, int *period);
gboolean            isplic_cli_parse_auto_renew (const char *text, int *auto_renew);
char               *isplic_cli_format_table     (GPtrArray *licenses);
char               *isplic_cli_format_csv       (GPtrArray *licenses);
char               *isplic_cli_format_json      (GPtrArray *licenses);
char               *isplic_cli_format_license_json (IsplicLicense *license);
char               *isplic_cli_format_details   (IsplicLicense *license);
char               *isplic_cli_format_tariffs   (gboolean json);
char               *isplic_cli_format_date      (GDateTime *date);
guint               isplic_cli_display_width    (const char *text);

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

G_END_DECLS
