/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Parsing of the CLI's own arguments and formatting of what it prints: pure functions, no I/O. */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "isplic-cli-private.h"
#include "isplic-cli-safe.h"

/* Short names a reseller types, besides the code and the full product name. */
static const struct {
  const char *alias;
  const char *id;
} tariff_aliases[] = {
  { "trial", "55239" },
  { "business-trial", "55240" },
  { "btrial", "55240" },
  { "lite", "55227" },
  { "pro", "55228" },
  { "host", "55229" },
  { "business", "55230" },
  { "biz", "55230" },
};

/* Lower case, '_' and ' ' as '-', without the "ispmanager 6" prefix: "ispmanager 6 Business
 * trial" → "business-trial". */
static char *
normalize_tariff_name (const char *text)
{
  g_autofree char *lower = g_ascii_strdown (text, -1);
  const char *rest = g_strstrip (lower);
  GString *out = g_string_new (NULL);

  if (g_str_has_prefix (rest, "ispmanager"))
    {
      rest += strlen ("ispmanager");
      while (*rest == ' ' || *rest == '-' || *rest == '_')
        rest++;
      if (*rest == '6')
        rest++;
    }
  while (*rest == ' ' || *rest == '-' || *rest == '_')
    rest++;

  for (const char *p = rest; *p != '\0'; p++)
    {
      char c = (*p == '_' || *p == ' ') ? '-' : *p;

      if (c == '-' && (out->len == 0 || out->str[out->len - 1] == '-'))
        continue;
      g_string_append_c (out, c);
    }
  if (out->len > 0 && out->str[out->len - 1] == '-')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

const IsplicTariff *
isplic_cli_tariff_find (const char *text)
{
  const IsplicTariff *tariff;
  const IsplicTariff *tariffs;
  g_autofree char *wanted = NULL;
  guint n_tariffs;

  if (text == NULL || *text == '\0')
    return NULL;

  tariff = isplic_tariff_find (text);
  if (tariff != NULL)
    return tariff;

  wanted = normalize_tariff_name (text);
  for (guint i = 0; i < G_N_ELEMENTS (tariff_aliases); i++)
    if (g_str_equal (tariff_aliases[i].alias, wanted))
      return isplic_tariff_lookup (tariff_aliases[i].id);

  tariffs = isplic_tariffs_get (&n_tariffs);
  for (guint i = 0; i < n_tariffs; i++)
    {
      g_autofree char *name = normalize_tariff_name (tariffs[i].name);

      if (g_str_equal (name, wanted))
        return &tariffs[i];
    }

  return NULL;
}

/* The aliases of @tariff joined by ", " (transfer full; empty when it has none). */
char *
isplic_cli_tariff_aliases (const IsplicTariff *tariff)
{
  GString *joined = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tariff_aliases); i++)
    if (g_str_equal (tariff_aliases[i].id, tariff->id))
      {
        if (joined->len > 0)
          g_string_append (joined, ", ");
        g_string_append (joined, tariff_aliases[i].alias);
      }
  return g_string_free (joined, FALSE);
}

gboolean
isplic_cli_parse_period (const char *text, int *period)
{
  if (g_strcmp0 (text, "1") == 0)
    *period = 1;
  else if (g_strcmp0 (text, "12") == 0)
    *period = 12;
  else
    return FALSE;
  return TRUE;
}

gboolean
isplic_cli_parse_auto_renew (const char *text, int *auto_renew)
{
  if (text == NULL)
    return FALSE;
  if (g_str_equal (text, "1") || g_ascii_strcasecmp (text, "monthly") == 0)
    *auto_renew = 1;
  else if (g_str_equal (text, "12") || g_ascii_strcasecmp (text, "yearly") == 0)
    *auto_renew = 12;
  else if (g_ascii_strcasecmp (text, "off") == 0 || g_str_equal (text, "0")
           || g_ascii_strcasecmp (text, "null") == 0)
    *auto_renew = 0;
  else
    return FALSE;
  return TRUE;
}

char *
isplic_cli_format_date (GDateTime *date)
{
  return isplic_date_format (date);
}

/* Terminal columns taken by @text: wide (CJK) characters count twice, combining marks not at all. */
guint
isplic_cli_display_width (const char *text)
{
  guint width = 0;
  const char *p = text;

  if (text == NULL)
    return 0;
  /* Most cells are ASCII: one column a byte. */
  while ((guchar) *p >= 0x20 && (guchar) *p < 0x7f)
    p++;
  if (*p == '\0')
    return (guint) (p - text);
  if (!g_utf8_validate (text, -1, NULL))
    return (guint) strlen (text);

  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

const char *
isplic_cli_auto_renew_text (int auto_renew)
{
  switch (auto_renew)
    {
    case 0:
      return C_("auto-renew", "off");
    case 1:
      return C_("auto-renew", "monthly");
    case 12:
      return C_("auto-renew", "yearly");
    default:
      return "?";
    }
}

static char *
period_text (int period)
{
  if (period == ISPLIC_TRIAL_PERIOD)
    return g_strdup (C_("period", "trial"));
  if (period <= 0)
    return g_strdup ("-");
  return g_strdup_printf (ngettext ("%d month", "%d months", (unsigned long) period), period);
}

const char *
isplic_cli_tariff_text (IsplicLicense *license)
{
  return isplic_export_tariff_text (license);
}

static const char *
or_dash (const char *text)
{
  return (text == NULL || *text == '\0') ? "-" : text;
}

/* One string per column, made safe (isplic-cli-safe.h) so that a name cannot break the table or
 * the terminal; the widths are then measured on what is printed. */
static char *
table_cell (const char *text)
{
  return isplic_cli_safe (or_dash (text));
}

static void
add_string (JsonBuilder *builder, const char *key, const char *value)
{
  json_builder_set_member_name (builder, key);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static char *
generate (JsonBuilder *builder)
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
  return g_strconcat (safe, "\n", NULL);
}

char *
isplic_cli_format_details (IsplicLicense *license)
{
  g_autofree char *period = period_text (isplic_license_get_period (license));
  g_autofree char *created = isplic_date_format (isplic_license_get_created (license));
  g_autofree char *expires = isplic_date_format (isplic_license_get_expires (license));
  g_autofree char *nodes = g_strdup_printf ("%d", isplic_license_get_nodes (license));
  g_autofree char *tariff = NULL;
  const char *tariff_id = isplic_license_get_tariff_id (license);
  const char *labels[] = {
    _("ID:"), _("Name:"), _("IP:"), _("Tariff:"), _("Status:"), _("Period:"), _("Created:"),
    _("Expires:"), _("Auto-renew:"), _("Cost:"), _("Nodes:"), _("Key:"),
  };
  const char *values[G_N_ELEMENTS (labels)];
  GString *out = g_string_new (NULL);
  guint width = 0;

  if (tariff_id != NULL && g_strcmp0 (tariff_id, isplic_cli_tariff_text (license)) != 0)
    tariff = g_strdup_printf ("%s (%s)", or_dash (isplic_cli_tariff_text (license)), tariff_id);
  else
    tariff = g_strdup (or_dash (isplic_cli_tariff_text (license)));

  values[0] = isplic_license_get_id (license);
  values[1] = isplic_license_get_name (license);
  values[2] = isplic_license_get_ip (license);
  values[3] = tariff;
  values[4] = isplic_license_get_status_label (license);
  values[5] = period;
  values[6] = created;
  values[7] = expires;
  values[8] = isplic_cli_auto_renew_text (isplic_license_get_auto_renew (license));
  values[9] = isplic_license_get_cost (license);
  /* Nodes only mean something for tariffs that take them. */
  values[10] = isplic_license_get_nodes (license) > 0 ? nodes : NULL;
  values[11] = isplic_license_get_key (license);
  if (values[11] == NULL || *values[11] == '\0')
    values[11] = isplic_license_get_status (license) == ISPLIC_LICENSE_STATUS_PROCESSING
                 ? _("(not issued yet: the order is still being processed)") : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    width = MAX (width, isplic_cli_display_width (labels[i]));

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autofree char *value = NULL;

      if (i == 10 && values[i] == NULL)
        continue;
      value = table_cell (values[i]);
      g_string_append (out, labels[i]);
      for (guint k = isplic_cli_display_width (labels[i]); k < width + 2; k++)
        g_string_append_c (out, ' ');
      g_string_append (out, value);
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

char *
isplic_cli_format_tariffs (gboolean json)
{
  const IsplicTariff *tariffs;
  guint n_tariffs;

  tariffs = isplic_tariffs_get (&n_tariffs);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < n_tariffs; i++)
        {
          g_autofree char *joined = isplic_cli_tariff_aliases (&tariffs[i]);
          g_auto(GStrv) aliases = g_strsplit (joined, ", ", -1);

          json_builder_begin_object (builder);
          add_string (builder, "id", tariffs[i].id);
          add_string (builder, "name", tariffs[i].name);
          json_builder_set_member_name (builder, "trial");
          json_builder_add_boolean_value (builder, tariffs[i].trial);
          json_builder_set_member_name (builder, "nodes");
          json_builder_add_boolean_value (builder, tariffs[i].has_nodes);
          json_builder_set_member_name (builder, "aliases");
          json_builder_begin_array (builder);
          for (guint k = 0; aliases[k] != NULL; k++)
            if (*aliases[k] != '\0')
              json_builder_add_string_value (builder, aliases[k]);
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      return generate (builder);
    }
  else
    {
      GString *out = g_string_new (NULL);
      const char *h_code = C_("column", "CODE");
      const char *h_name = C_("column", "NAME");
      const char *h_alias = C_("column", "ALIASES");
      guint w_code = isplic_cli_display_width (h_code);
      guint w_name = isplic_cli_display_width (h_name);
      guint w_alias = isplic_cli_display_width (h_alias);

      for (guint i = 0; i < n_tariffs; i++)
        {
          g_autofree char *aliases = isplic_cli_tariff_aliases (&tariffs[i]);

          w_code = MAX (w_code, isplic_cli_display_width (tariffs[i].id));
          w_name = MAX (w_name, isplic_cli_display_width (tariffs[i].name));
          w_alias = MAX (w_alias, isplic_cli_display_width (aliases));
        }

      g_string_append_printf (out, "%s%*s  %s%*s  %s%*s  %s\n",
                              h_code, (int) (w_code - isplic_cli_display_width (h_code)), "",
                              h_name, (int) (w_name - isplic_cli_display_width (h_name)), "",
                              h_alias, (int) (w_alias - isplic_cli_display_width (h_alias)), "",
                              C_("column", "NOTES"));
      for (guint i = 0; i < n_tariffs; i++)
        {
          g_autofree char *aliases_copy = isplic_cli_tariff_aliases (&tariffs[i]);
          const char *notes;

          if (tariffs[i].trial)
            notes = _("trial: no period, cannot be renewed");
          else if (tariffs[i].has_nodes)
            notes = _("takes --nodes N");
          else
            notes = "";

          g_string_append_printf (out, "%s%*s  %s%*s  %s%*s  %s",
                                  tariffs[i].id,
                                  (int) (w_code - isplic_cli_display_width (tariffs[i].id)), "",
                                  tariffs[i].name,
                                  (int) (w_name - isplic_cli_display_width (tariffs[i].name)), "",
                                  aliases_copy,
                                  (int) (w_alias - isplic_cli_display_width (aliases_copy)), "",
                                  notes);
          /* No trailing spaces when there are no notes. */
          while (out->len > 0 && out->str[out->len - 1] == ' ')
            g_string_truncate (out, out->len - 1);
          g_string_append_c (out, '\n');
        }
      return g_string_free (out, FALSE);
    }
}

gboolean
isplic_cli_usage (GError     **error,
                  const char  *message)
{
  g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, message);
  return FALSE;
}

gboolean
isplic_cli_check_id (const char  *id,
                     GError     **error)
{
  if (isplic_id_is_valid (id))
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
               _("“%s” is not a license ID (IDs are whole numbers above zero, without leading "
                 "zeros, as “isplic-cli list” shows)."), id);
  return FALSE;
}
