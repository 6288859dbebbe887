/* sillok.h: the public API of libsillok
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sillok-age.h"
#include "sillok-disclosure.h"
#include "sillok-init.h"
#include "sillok-jcs.h"
#include "sillok-minisign.h"
#include "sillok-progress.h"
#include "sillok-secret.h"
#include "sillok-strength.h"
#include "sillok-vault.h"
