/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isplic-account.h"
#include "isplic-accounts.h"
#include "isplic-client.h"
#include "isplic-error.h"
#include "isplic-export.h"
#include "isplic-license.h"
#include "isplic-journal.h"
#include "isplic-license-cache.h"
#include "isplic-license-list.h"
#include "isplic-reuse.h"
#include "isplic-tariff.h"
#include "isplic-text-safe.h"
#include "isplic-util.h"
#include "isplic-watch.h"
