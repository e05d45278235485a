/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for the billmgr response parser: every parser entry point gets the same
 * bytes. Build with -Dfuzzing=true and CC=clang; run e.g.
 *   _build-fuzz/tests/fuzz/fuzz-parse -max_total_time=30 tests/fuzz/corpus
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "isplic-client-private.h"
#include "isplic-util.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A critical or warning from the parser is a bug: make it a crash the fuzzer reports. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_setenv ("TZ", "UTC", TRUE);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  g_autofree char *copy = g_strndup (text, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(IsplicLicense) details = NULL;
  g_autoptr(GDateTime) expiry = NULL;
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *id = NULL;
  g_autofree char *billorder = NULL;
  g_autofree char *key = NULL;
  gint64 total;

  if (size > G_MAXSSIZE)
    return 0;

  list = isplic_parse_license_list (text, (gssize) size, &total, &error);
  g_assert ((list == NULL) == (error != NULL));
  g_clear_error (&error);

  details = isplic_parse_license_details (text, (gssize) size, "1", &error);
  g_assert ((details == NULL) == (error != NULL));
  g_clear_error (&error);

  if (isplic_parse_order (text, (gssize) size, size % 2 == 0, &id, &billorder, &error))
    g_assert_no_error (error);
  g_clear_error (&error);

  if (isplic_parse_prolong (text, (gssize) size, size % 3 == 0, &expiry, &error))
    g_assert_no_error (error);
  g_clear_error (&error);

  {
    g_autoptr(GPtrArray) cart = isplic_parse_cart (text, (gssize) size, &error);
    g_assert ((cart == NULL) == (error != NULL));
    g_clear_error (&error);
  }

  key = isplic_parse_new_key (text, (gssize) size, &error);
  g_assert ((key == NULL) == (error != NULL));
  g_clear_error (&error);

  if (!isplic_parse_ok (text, (gssize) size, &error))
    {
      /* Every failure carries a message fit for a person. */
      g_assert_nonnull (error);
      g_assert_true (error->message != NULL && g_utf8_validate (error->message, -1, NULL));
    }
  g_clear_error (&error);

  /* The small value parsers take NUL-terminated text. */
  (void) isplic_parse_period (copy);
  (void) isplic_parse_auto_renew (copy);
  (void) isplic_ip_is_valid (copy);
  date = isplic_date_parse (copy);

  return 0;
}
