/* sillok-verify-tree.c: what the Verify page says about a bundle's report (no GTK)
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sillok/sillok-trust.h"
#include "sillok-verify-tree.h"

/* The checks in the order the reader runs them (sillok-bundle-reader.h):
 * each of the per-version ones runs over every version, in the order of
 * the manifest, before the next one starts. */
typedef enum
{
  PHASE_DECRYPT,
  PHASE_TAR,
  PHASE_B2SUMS,
  PHASE_MANIFEST,
  PHASE_EXPORTER,
  PHASE_STATEMENTS,
  PHASE_DISCLOSURES,
  PHASE_SUPERSEDES,
  PHASE_AUDIT,
  PHASE_TEMPLATES,
  PHASE_NONE,
} Phase;

typedef struct
{
  const SillokBundleReport *r;
  Phase                     phase;   /* of the failure; PHASE_NONE when valid */
  const char               *record;  /* the failure's, or NULL */
  guint                     version;
  SillokVerifyNode         *records; /* the "Records" node */
  gboolean                  placed;  /* the failure has its node */
} Tree;

static const char *
failure_message (const SillokBundleReport *r)
{
  return r->failure != NULL ? r->failure->message : _("the bundle could not be read");
}

SillokVerdict
sillok_verify_verdict (const SillokBundleReport *report)
{
  gboolean unknown = FALSE;

  g_return_val_if_fail (report != NULL, SILLOK_VERDICT_INVALID);

  if (report->verdict != SILLOK_BUNDLE_VERDICT_VALID)
    return SILLOK_VERDICT_INVALID;
  for (guint i = 0; i < report->signers->len; i++)
    {
      SillokBundleSigner *s = report->signers->pdata[i];

      if (s->trust == SILLOK_BUNDLE_TRUST_MISMATCH)
        return SILLOK_VERDICT_FORGED;
      unknown |= s->trust != SILLOK_BUNDLE_TRUST_TRUSTED;
    }
  return unknown ? SILLOK_VERDICT_UNTRUSTED : SILLOK_VERDICT_TRUSTED;
}

const char *
sillok_verify_check_title (SillokBundleError code)
{
  switch (code)
    {
    case SILLOK_BUNDLE_ERROR_NOT_FOR_US:
      return _("Recipient");
    case SILLOK_BUNDLE_ERROR_AGE_HEADER:
      return _("Encryption header");
    case SILLOK_BUNDLE_ERROR_AGE_PAYLOAD:
      return _("Encrypted content");
    case SILLOK_BUNDLE_ERROR_TAR:
      return _("File layout");
    case SILLOK_BUNDLE_ERROR_B2SUMS:
      return _("File hashes");
    case SILLOK_BUNDLE_ERROR_MANIFEST:
      return _("Manifest");
    case SILLOK_BUNDLE_ERROR_KEY:
      return _("Signing keys");
    case SILLOK_BUNDLE_ERROR_MANIFEST_SIGNATURE:
      return _("Exporter’s signature");
    case SILLOK_BUNDLE_ERROR_STATEMENT:
      return C_("verify check", "Statement");
    case SILLOK_BUNDLE_ERROR_STATEMENT_SIGNATURE:
      return _("Statement signature");
    case SILLOK_BUNDLE_ERROR_DISCLOSURES:
      return C_("verify check", "Disclosures");
    case SILLOK_BUNDLE_ERROR_ATTACHMENT:
      return _("Attachments");
    case SILLOK_BUNDLE_ERROR_SUPERSEDES:
      return _("Version chain");
    case SILLOK_BUNDLE_ERROR_AUDIT:
      return C_("verify check", "Audit chain");
    case SILLOK_BUNDLE_ERROR_TEMPLATE:
      return C_("verify check", "Templates");
    default:
      return _("Reading");
    }
}

const char *
sillok_verify_role_name (const char *role)
{
  if (g_strcmp0 (role, SILLOK_TRUST_ROLE_INTERVIEWER) == 0)
    return C_("trusted signer", "interviewer");
  if (g_strcmp0 (role, SILLOK_TRUST_ROLE_COORDINATOR) == 0)
    return C_("trusted signer", "coordinator");
  return role;
}

char *
sillok_verify_signer_trust (const SillokBundleSigner *signer)
{
  const char *role = sillok_verify_role_name (signer->role);

  switch (signer->trust)
    {
    case SILLOK_BUNDLE_TRUST_TRUSTED:
      if (role != NULL)
        return g_strdup_printf (_("Trusted: %s, %s"), signer->name != NULL ? signer->name : "", role);
      return g_strdup_printf (_("Trusted: %s"), signer->name != NULL ? signer->name : "");
    case SILLOK_BUNDLE_TRUST_MISMATCH:
      return g_strdup (_("Forged: a key you trust has this id, but other key bytes"));
    case SILLOK_BUNDLE_TRUST_UNKNOWN:
    default:
      return g_strdup (_("Not trusted: no key you trust has this id"));
    }
}

/* "A1B2… (exporter), C3D4…" for the keys of @trust. */
static char *
keys_with_trust (const SillokBundleReport *r,
                 SillokBundleTrust         trust)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < r->signers->len; i++)
    {
      SillokBundleSigner *s = r->signers->pdata[i];

      if (s->trust != trust)
        continue;
      if (out->len > 0)
        g_string_append (out, _(", "));
      if (s->exporter)
        g_string_append_printf (out, _("%s (exporter)"), s->key_id);
      else
        g_string_append (out, s->key_id);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
sillok_verify_verdict_title (const SillokBundleReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);

  switch (sillok_verify_verdict (report))
    {
    case SILLOK_VERDICT_TRUSTED:
      return g_strdup (_("Valid and Trusted"));
    case SILLOK_VERDICT_UNTRUSTED:
      return g_strdup (_("Valid, but Signed by an Untrusted Key"));
    case SILLOK_VERDICT_FORGED:
      return g_strdup (_("Valid, but Signed by a Forged Key"));
    case SILLOK_VERDICT_INVALID:
    default:
      return g_strdup (_("Invalid Bundle"));
    }
}

char *
sillok_verify_verdict_description (const SillokBundleReport *report)
{
  g_autofree char *keys = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  switch (sillok_verify_verdict (report))
    {
    case SILLOK_VERDICT_TRUSTED:
      return g_strdup (_("Every file, signature, disclosure and audit chain checked out, and every key that "
                         "signed is one you trust."));
    case SILLOK_VERDICT_UNTRUSTED:
      keys = keys_with_trust (report, SILLOK_BUNDLE_TRUST_UNKNOWN);
      return g_strdup_printf (_("Every check passed, but no key you trust vouches for %s. Anyone can make a "
                                "key: compare its id with the person who should hold it before you rely on "
                                "this bundle."), keys);
    case SILLOK_VERDICT_FORGED:
      keys = keys_with_trust (report, SILLOK_BUNDLE_TRUST_MISMATCH);
      return g_strdup_printf (_("Every check passed, but %s carries the id of a key you trust with other key "
                                "bytes: someone made a key that imitates it. Treat what it signed as forged."),
                              keys);
    case SILLOK_VERDICT_INVALID:
    default:
      return g_strdup (failure_message (report));
    }
}

char *
sillok_verify_failure_details (const SillokBundleReport *report)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (report != NULL, NULL);

  if (report->verdict == SILLOK_BUNDLE_VERDICT_VALID)
    return NULL;
  if (report->failure != NULL && report->failure->domain == SILLOK_BUNDLE_ERROR)
    g_string_append_printf (out, _("Failed check: %s (%s)"), sillok_verify_check_title (report->failure->code),
                            sillok_bundle_error_to_string (report->failure->code));
  if (report->failure_path != NULL)
    {
      g_string_append (out, out->len > 0 ? "\n" : "");
      /* Translators: the file of the bundle where a check failed */
      g_string_append_printf (out, _("File: %s"), report->failure_path);
    }
  if (report->failure_record != NULL)
    {
      g_string_append (out, out->len > 0 ? "\n" : "");
      if (report->failure_version > 0)
        g_string_append_printf (out, _("Record: %s, version %u"), report->failure_record, report->failure_version);
      else
        g_string_append_printf (out, _("Record: %s"), report->failure_record);
    }
  if (out->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
sillok_verify_report_file_name (const char *bundle_name)
{
  g_autofree char *stem = NULL;

  g_return_val_if_fail (bundle_name != NULL, NULL);

  stem = g_str_has_suffix (bundle_name, SILLOK_BUNDLE_SUFFIX) && strlen (bundle_name) > strlen (SILLOK_BUNDLE_SUFFIX)
         ? g_strndup (bundle_name, strlen (bundle_name) - strlen (SILLOK_BUNDLE_SUFFIX))
         : g_strdup (bundle_name);
  /* Translators: the suggested file name of a report; %s is the bundle's name */
  return g_strdup_printf (_("%s report.pdf"), stem);
}

/* ----- where the failure is ------------------------------------------------------------ */

static gboolean
has_exporter (const SillokBundleReport *r)
{
  for (guint i = 0; i < r->signers->len; i++)
    if (((SillokBundleSigner *) r->signers->pdata[i])->exporter)
      return TRUE;
  return FALSE;
}

static Phase
failure_phase (const SillokBundleReport *r)
{
  if (r->verdict == SILLOK_BUNDLE_VERDICT_VALID)
    return PHASE_NONE;
  if (r->failure == NULL || r->failure->domain != SILLOK_BUNDLE_ERROR)
    return PHASE_DECRYPT;
  switch ((SillokBundleError) r->failure->code)
    {
    case SILLOK_BUNDLE_ERROR_NOT_FOR_US:
    case SILLOK_BUNDLE_ERROR_AGE_HEADER:
    case SILLOK_BUNDLE_ERROR_AGE_PAYLOAD:
      return PHASE_DECRYPT;
    case SILLOK_BUNDLE_ERROR_TAR:
      return PHASE_TAR;
    case SILLOK_BUNDLE_ERROR_B2SUMS:
      return PHASE_B2SUMS;
    case SILLOK_BUNDLE_ERROR_MANIFEST:
      return PHASE_MANIFEST;
    case SILLOK_BUNDLE_ERROR_MANIFEST_SIGNATURE:
      return PHASE_EXPORTER;
    case SILLOK_BUNDLE_ERROR_KEY:
      /* The exporter's key is read first; the others with the statements. */
      return r->failure_record != NULL || has_exporter (r) ? PHASE_STATEMENTS : PHASE_EXPORTER;
    case SILLOK_BUNDLE_ERROR_STATEMENT:
    case SILLOK_BUNDLE_ERROR_STATEMENT_SIGNATURE:
      return PHASE_STATEMENTS;
    case SILLOK_BUNDLE_ERROR_DISCLOSURES:
    case SILLOK_BUNDLE_ERROR_ATTACHMENT:
      return PHASE_DISCLOSURES;
    case SILLOK_BUNDLE_ERROR_SUPERSEDES:
      return PHASE_SUPERSEDES;
    case SILLOK_BUNDLE_ERROR_AUDIT:
      return PHASE_AUDIT;
    case SILLOK_BUNDLE_ERROR_TEMPLATE:
    default:
      return PHASE_TEMPLATES;
    }
}

static SillokVerifyStatus
phase_status (Tree  *t,
              Phase  phase)
{
  if (phase < t->phase)
    return SILLOK_VERIFY_STATUS_PASSED;
  return phase == t->phase ? SILLOK_VERIFY_STATUS_FAILED : SILLOK_VERIFY_STATUS_NOT_CHECKED;
}

/* A check of one version: it ran for the versions before the failing one. */
static SillokVerifyStatus
version_status (Tree       *t,
                Phase       phase,
                const char *record,
                guint       version)
{
  int cmp;

  if (phase != t->phase)
    return phase_status (t, phase);
  /* A failure of no version comes after the loop over every version. */
  if (t->record == NULL)
    return SILLOK_VERIFY_STATUS_PASSED;
  cmp = strcmp (record, t->record);
  if (cmp == 0)
    cmp = version < t->version ? -1 : version > t->version;
  if (cmp < 0)
    return SILLOK_VERIFY_STATUS_PASSED;
  return cmp == 0 ? SILLOK_VERIFY_STATUS_FAILED : SILLOK_VERIFY_STATUS_NOT_CHECKED;
}

static gboolean
is_failure_of (Tree              *t,
               SillokBundleError  code,
               const char        *record,
               guint              version)
{
  const SillokBundleReport *r = t->r;

  return r->verdict != SILLOK_BUNDLE_VERDICT_VALID && r->failure != NULL && r->failure->domain == SILLOK_BUNDLE_ERROR
         && r->failure->code == (int) code && g_strcmp0 (r->failure_record, record) == 0
         && (record == NULL || r->failure_version == version);
}

static SillokVerifyNode *
add_node (SillokVerifyNode   *parent,
          SillokVerifyStatus  status,
          const char         *title,
          const char         *subtitle)
{
  g_autoptr(SillokVerifyNode) node = NULL;

  if (status == SILLOK_VERIFY_STATUS_NOT_CHECKED)
    subtitle = _("Not checked: an earlier check failed");
  node = sillok_verify_node_new (status, title, subtitle);
  return sillok_verify_node_add (parent, node);
}

/* A check node: passed with @passed, or failed with the report's message. */
static SillokVerifyNode *
add_check (Tree               *t,
           SillokVerifyNode   *parent,
           SillokVerifyStatus  status,
           const char         *title,
           const char         *passed)
{
  SillokVerifyNode *node = add_node (parent, status, title, passed);

  if (status == SILLOK_VERIFY_STATUS_FAILED)
    {
      sillok_verify_node_set_failure (node, failure_message (t->r));
      t->placed = TRUE;
    }
  return node;
}

/* ----- the tree --------------------------------------------------------------------------- */

static void
add_signing_keys (Tree             *t,
                  SillokVerifyNode *root)
{
  const SillokBundleReport *r = t->r;
  SillokVerifyStatus status = SILLOK_VERIFY_STATUS_NOT_CHECKED;
  g_autofree char *summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u key, each used to sign",
                                                           "%u keys, each used to sign", r->signers->len),
                                              r->signers->len);
  SillokVerifyNode *node;

  if (PHASE_STATEMENTS < t->phase)
    status = SILLOK_VERIFY_STATUS_PASSED;
  else if (t->phase == PHASE_STATEMENTS && t->record == NULL)
    status = SILLOK_VERIFY_STATUS_FAILED;
  node = add_check (t, root, status, _("Signing keys"), summary);
  for (guint i = 0; status != SILLOK_VERIFY_STATUS_NOT_CHECKED && i < r->signers->len; i++)
    {
      SillokBundleSigner *s = r->signers->pdata[i];
      g_autofree char *trust = sillok_verify_signer_trust (s);
      g_autofree char *title = s->exporter ? g_strdup_printf (_("%s (exporter)"), s->key_id) : g_strdup (s->key_id);
      SillokVerifyStatus key_status = SILLOK_VERIFY_STATUS_PASSED;

      if (s->trust == SILLOK_BUNDLE_TRUST_UNKNOWN)
        key_status = SILLOK_VERIFY_STATUS_WARNING;
      else if (s->trust == SILLOK_BUNDLE_TRUST_MISMATCH)
        key_status = SILLOK_VERIFY_STATUS_FAILED;
      add_node (node, key_status, title, trust);
    }
}

static void
add_attachments (Tree                *t,
                 SillokVerifyNode    *parent,
                 const char          *record,
                 SillokBundleVersion *v,
                 SillokVerifyStatus   status)
{
  guint n = v->attachments != NULL ? v->attachments->len : 0;
  g_autofree char *summary = NULL;
  SillokVerifyNode *node;

  if (n == 0 && !is_failure_of (t, SILLOK_BUNDLE_ERROR_ATTACHMENT, record, v->version))
    return;
  if (status == SILLOK_VERIFY_STATUS_FAILED && !is_failure_of (t, SILLOK_BUNDLE_ERROR_ATTACHMENT, record, v->version))
    status = SILLOK_VERIFY_STATUS_NOT_CHECKED;
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u attachment, carried whole",
                                          "%u attachments, carried whole", n), n);
  node = add_check (t, parent, status, _("Attachments"), summary);
  for (guint i = 0; status == SILLOK_VERIFY_STATUS_PASSED && i < n; i++)
    {
      SillokBundleAttachment *a = v->attachments->pdata[i];
      g_autofree char *size = g_format_size (a->size);
      g_autofree char *detail = g_strdup_printf (_("%s, %s, BLAKE2b-512 %s"),
                                                 a->media_type != NULL ? a->media_type : "", size,
                                                 a->b2 != NULL ? a->b2 : "");

      add_node (node, SILLOK_VERIFY_STATUS_INFO, a->name != NULL ? a->name : "", detail);
    }
}

static void
add_disclosures (Tree                *t,
                 SillokVerifyNode    *parent,
                 const char          *record,
                 SillokBundleVersion *v)
{
  SillokVerifyStatus status = version_status (t, PHASE_DISCLOSURES, record, v->version);
  SillokVerifyStatus own = status;
  g_autofree char *summary = g_strdup_printf (_("%u shown, %u digests withheld (decoys included)"), v->disclosed,
                                              v->withheld);
  SillokVerifyNode *node;

  /* Disclosures and attachments are checked together; the failure names one. */
  if (status == SILLOK_VERIFY_STATUS_FAILED && !is_failure_of (t, SILLOK_BUNDLE_ERROR_DISCLOSURES, record, v->version))
    own = SILLOK_VERIFY_STATUS_NOT_CHECKED;
  if (own == SILLOK_VERIFY_STATUS_PASSED)
    {
      if (v->sealed_at != NULL)
        {
          g_autofree char *sealed = g_strdup_printf (_("%s (as %s)"), v->sealed_at, v->sealed_at_name);

          add_node (parent, SILLOK_VERIFY_STATUS_INFO, _("Sealed"), sealed);
        }
      else
        add_node (parent, SILLOK_VERIFY_STATUS_INFO, _("Sealed"), _("The time is not disclosed"));
    }
  node = add_check (t, parent, own, C_("verify check", "Disclosures"), summary);
  for (guint i = 0; own == SILLOK_VERIFY_STATUS_PASSED && v->fields != NULL && v->fields[i] != NULL; i++)
    add_node (node, SILLOK_VERIFY_STATUS_INFO, v->fields[i], NULL);
  add_attachments (t, parent, record, v, status);
}

static void
add_version (Tree                *t,
             SillokVerifyNode    *record_node,
             const char          *record,
             SillokBundleVersion *v)
{
  g_autofree char *title = g_strdup_printf (_("Version %u"), v->version);
  g_autofree char *signed_by = v->signer != NULL ? g_strdup_printf (_("Signed by %s"), v->signer) : NULL;
  g_autofree char *statement = g_strdup_printf (_("Statement %s, signed by %s"),
                                                v->statement != NULL ? v->statement : "",
                                                v->signer != NULL ? v->signer : "?");
  g_autofree char *chain = NULL;
  SillokVerifyNode *node = add_node (record_node, SILLOK_VERIFY_STATUS_PASSED, title, signed_by);

  add_check (t, node, version_status (t, PHASE_STATEMENTS, record, v->version), _("Statement and signature"),
             statement);
  add_disclosures (t, node, record, v);
  if (v->version == 1)
    chain = g_strdup (_("The first version: it supersedes nothing"));
  else if (v->supersedes_in_archive)
    chain = g_strdup_printf (_("Supersedes statement %s, found in the archive"), v->supersedes);
  else
    chain = g_strdup_printf (_("Supersedes version %u’s statement %s"), v->version - 1,
                             v->supersedes != NULL ? v->supersedes : "");
  add_check (t, node, version_status (t, PHASE_SUPERSEDES, record, v->version), _("Version chain"), chain);
}

static void
add_record (Tree               *t,
            SillokBundleRecord *rec)
{
  g_autofree char *title = g_strdup_printf (_("Record %s"), rec->uuid);
  g_autofree char *versions = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u version", "%u versions",
                                                            rec->versions->len), rec->versions->len);
  g_autofree char *audit = NULL;
  SillokVerifyNode *node = add_node (t->records, SILLOK_VERIFY_STATUS_PASSED, title, versions);
  SillokVerifyStatus status;

  for (guint i = 0; i < rec->versions->len; i++)
    add_version (t, node, rec->uuid, rec->versions->pdata[i]);

  if (rec->audit_ok)
    status = SILLOK_VERIFY_STATUS_PASSED;
  else if (is_failure_of (t, SILLOK_BUNDLE_ERROR_AUDIT, rec->uuid, t->r->failure_version))
    status = SILLOK_VERIFY_STATUS_FAILED;
  else
    status = SILLOK_VERIFY_STATUS_NOT_CHECKED;
  audit = g_strdup_printf (rec->audit_times
                           ? g_dngettext (GETTEXT_PACKAGE, "%u entry, linked; its time disclosed and checked",
                                          "%u entries, linked; their times disclosed and checked", rec->audit_entries)
                           : g_dngettext (GETTEXT_PACKAGE, "%u entry, linked; its time withheld",
                                          "%u entries, linked; their times withheld", rec->audit_entries),
                           rec->audit_entries);
  add_check (t, node, status, C_("verify check", "Audit chain"), audit);
}

static void
add_records (Tree             *t,
             SillokVerifyNode *root)
{
  const SillokBundleReport *r = t->r;
  guint versions = 0;
  g_autofree char *summary = NULL;
  g_autofree char *n_records = NULL;
  g_autofree char *n_versions = NULL;

  for (guint i = 0; i < r->records->len; i++)
    versions += ((SillokBundleRecord *) r->records->pdata[i])->versions->len;
  n_records = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record", "%u records", r->records->len),
                               r->records->len);
  n_versions = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u version", "%u versions", versions), versions);
  /* Translators: "3 records, 4 versions" */
  summary = g_strdup_printf (_("%s, %s"), n_records, n_versions);
  t->records = add_node (root, t->phase <= PHASE_MANIFEST ? SILLOK_VERIFY_STATUS_NOT_CHECKED
                                                         : SILLOK_VERIFY_STATUS_PASSED,
                         _("Records"), summary);
  sillok_verify_node_set_open (t->records, TRUE);
  for (guint i = 0; t->phase > PHASE_MANIFEST && i < r->records->len; i++)
    add_record (t, r->records->pdata[i]);
}

static void
add_templates (Tree             *t,
               SillokVerifyNode *root)
{
  const SillokBundleReport *r = t->r;
  g_autofree char *summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u template, named after its digest",
                                                           "%u templates, each named after its digest",
                                                           r->templates->len), r->templates->len);
  SillokVerifyNode *node = add_check (t, root, phase_status (t, PHASE_TEMPLATES), C_("verify check", "Templates"),
                                      summary);

  for (guint i = 0; t->phase == PHASE_NONE && i < r->templates->len; i++)
    {
      SillokBundleTemplate *tmpl = r->templates->pdata[i];
      g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT, tmpl->version);
      /* Translators: a template and its version, "forced-labour version 1" */
      g_autofree char *title = g_strdup_printf (_("%s version %s"), tmpl->id, version);

      add_node (node, SILLOK_VERIFY_STATUS_INFO, title, tmpl->digest);
    }
}

static char *
root_subtitle (const SillokBundleReport *r)
{
  g_autofree char *size = g_format_size (r->size);

  if (r->verdict != SILLOK_BUNDLE_VERDICT_VALID && r->failure != NULL && r->failure->domain == SILLOK_BUNDLE_ERROR)
    return g_strdup_printf (_("%s; the %s check failed"), size, sillok_verify_check_title (r->failure->code));
  return g_strdup_printf (_("%s; every check passed"), size);
}

SillokVerifyNode *
sillok_verify_tree_new (const SillokBundleReport *report,
                        const char               *file_name)
{
  Tree t = { report, failure_phase (report), report->failure_record, report->failure_version, NULL, FALSE };
  g_autofree char *subtitle = root_subtitle (report);
  g_autofree char *files = NULL;
  g_autofree char *exporter = NULL;
  SillokVerifyNode *root = sillok_verify_node_new (SILLOK_VERIFY_STATUS_PASSED, file_name, subtitle);
  const char *exporter_id = NULL;

  sillok_verify_node_set_open (root, TRUE);
  for (guint i = 0; i < report->signers->len; i++)
    if (((SillokBundleSigner *) report->signers->pdata[i])->exporter)
      exporter_id = ((SillokBundleSigner *) report->signers->pdata[i])->key_id;
  files = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file, each regular and in order",
                                        "%u files, each regular and in order", report->entries), report->entries);
  exporter = g_strdup_printf (_("manifest.json is signed by %s"), exporter_id != NULL ? exporter_id : "");

  add_check (&t, root, phase_status (&t, PHASE_DECRYPT), _("Decryption"),
             _("The bundle opened, and every encrypted chunk is authentic"));
  add_check (&t, root, phase_status (&t, PHASE_TAR), _("File layout"), files);
  add_check (&t, root, phase_status (&t, PHASE_B2SUMS), _("File hashes"),
             _("Every file matches its BLAKE2b-512 hash in B2SUMS"));
  add_check (&t, root, phase_status (&t, PHASE_MANIFEST), _("Manifest"),
             _("Lists exactly the records and templates the bundle carries"));
  add_check (&t, root, phase_status (&t, PHASE_EXPORTER), _("Exporter’s signature"), exporter);
  add_signing_keys (&t, root);
  add_records (&t, root);
  add_templates (&t, root);

  /* A failure of something the tree does not list (an audit file of no
   * record, an attachment nobody disclosed) is the records'. */
  if (t.phase != PHASE_NONE && !t.placed)
    sillok_verify_node_set_failure (t.records, failure_message (report));
  return root;
}
