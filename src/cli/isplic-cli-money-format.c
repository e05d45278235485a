/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the money commands share (issue 8): amounts for a person and in JSON, aligned tables,
 * JSON on stdout, and the "does not offer" exit. Everything printed is made safe. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "isplic-cli-private.h"
#include "isplic-cli-safe.h"

gboolean
isplic_cli_is_not_offered (const GError *error)
{
  return g_error_matches (error, ISPLIC_CLIENT_ERROR, ISPLIC_CLIENT_ERROR_NOT_OFFERED);
}

void
isplic_cli_exit_not_offered (IsplicCli *cli, const char *message)
{
  isplic_cli_printerr ("%s", message);
  isplic_cli_exit (cli, ISPLIC_CLI_EXIT_REFUSED);
}

char *
isplic_cli_money_text (const IsplicMoney *money)
{
  g_autofree char *text = NULL;

  if (money == NULL)
    return g_strdup (_("price not available"));
  text = isplic_money_format_amount (money);
  return isplic_cli_safe (text);
}

void
isplic_cli_json_money (JsonBuilder *builder, const char *key, const IsplicMoney *money)
{
  gint64 abs_amount;
  g_autofree char *amount = NULL;

  json_builder_set_member_name (builder, key);
  if (money == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  abs_amount = money->amount < 0 ? -money->amount : money->amount;
  amount = g_strdup_printf ("%s%" G_GINT64_FORMAT ".%02d", money->amount < 0 ? "-" : "",
                            abs_amount / 100, (int) (abs_amount % 100));
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "amount");
  json_builder_add_string_value (builder, amount);
  json_builder_set_member_name (builder, "minor");
  json_builder_add_int_value (builder, money->amount);
  json_builder_set_member_name (builder, "currency");
  if (money->currency != NULL)
    json_builder_add_string_value (builder, money->currency);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

void
isplic_cli_json_string (JsonBuilder *builder, const char *key, const char *value)
{
  json_builder_set_member_name (builder, key);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
isplic_cli_json_date (JsonBuilder *builder, const char *key, GDateTime *date)
{
  g_autofree char *text = isplic_date_format (date);

  isplic_cli_json_string (builder, key, text);
}

void
isplic_cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;
  g_autofree char *safe = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  safe = isplic_cli_safe_json (text);
  fputs (safe, stdout);
  fputs ("\n", stdout);
}

/* Prints @rows (GStrv each, cells already made safe) under @headers, aligned in columns. */
void
isplic_cli_print_table (const char * const *headers, GPtrArray *rows)
{
  guint n_cols = g_strv_length ((char **) headers);
  g_autofree guint *widths = g_new0 (guint, n_cols);
  GString *out = g_string_new (NULL);

  for (guint c = 0; c < n_cols; c++)
    widths[c] = isplic_cli_display_width (headers[c]);
  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_cols; c++)
        widths[c] = MAX (widths[c], isplic_cli_display_width (row[c]));
    }
  for (guint r = 0; r <= rows->len; r++)
    {
      const char * const *cells = r == 0 ? headers : g_ptr_array_index (rows, r - 1);

      for (guint c = 0; c < n_cols; c++)
        {
          g_string_append (out, cells[c]);
          if (c + 1 < n_cols)
            for (guint k = isplic_cli_display_width (cells[c]); k < widths[c] + 2; k++)
              g_string_append_c (out, ' ');
        }
      while (out->len > 0 && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
      g_string_append_c (out, '\n');
    }
  fputs (out->str, stdout);
  g_string_free (out, TRUE);
}

char *
isplic_cli_cell (const char *text)
{
  return isplic_cli_safe (text == NULL || *text == '\0' ? "-" : text);
}
