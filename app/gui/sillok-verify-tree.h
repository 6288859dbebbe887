/* sillok-verify-tree.h: what the Verify page says about a bundle's report (no GTK)
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sillok/sillok-bundle-reader.h"
#include "sillok-verify-node.h"

G_BEGIN_DECLS

typedef enum
{
  SILLOK_VERDICT_TRUSTED,    /* every check passed and every key is trusted */
  SILLOK_VERDICT_UNTRUSTED,  /* every check passed; some key is unknown */
  SILLOK_VERDICT_FORGED,     /* every check passed; a key imitates the id of a trusted one */
  SILLOK_VERDICT_INVALID,    /* a check failed */
} SillokVerdict;

SillokVerdict     sillok_verify_verdict             (const SillokBundleReport *report);
/* The check in words ("File hashes"), in the user's language. */
const char       *sillok_verify_check_title         (SillokBundleError         code);
/* The banner's heading and its sentences. */
char             *sillok_verify_verdict_title       (const SillokBundleReport *report);
char             *sillok_verify_verdict_description (const SillokBundleReport *report);
/* For a failed report: the check, file, record and version, one per line
 * (NULL when valid or nothing is known of the failure). */
char             *sillok_verify_failure_details     (const SillokBundleReport *report);
/* What trusting @signer means, in a few words ("Trusted: Kim, interviewer"). */
char             *sillok_verify_signer_trust        (const SillokBundleSigner *signer);
/* A role as stored ("interviewer", "coordinator") in the user's language. */
const char       *sillok_verify_role_name           (const char               *role);
/* The name a report of the bundle @bundle_name is offered under:
 * "interviews report.pdf" for "interviews.sillok". */
char             *sillok_verify_report_file_name    (const char               *bundle_name);
/* The tree of checks: one root, the bundle, whose children are the checks
 * in the order they run, the records under them, the versions under the
 * records.  A failed report marks the node of its failure, passes what
 * ran before it and leaves the rest "not checked". */
SillokVerifyNode *sillok_verify_tree_new            (const SillokBundleReport *report,
                                                     const char               *file_name);

G_END_DECLS
