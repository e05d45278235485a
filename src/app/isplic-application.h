/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ISPLIC_TYPE_APPLICATION (isplic_application_get_type ())
G_DECLARE_FINAL_TYPE (IsplicApplication, isplic_application, ISPLIC, APPLICATION, AdwApplication)

IsplicApplication *isplic_application_new (void);

G_END_DECLS
