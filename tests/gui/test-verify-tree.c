/* test-verify-tree.c: what the Verify page says of valid, untrusted, forged and altered bundles (no display)
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <string.h>

#include "sillok/sillok.h"
#include "sillok-test-utils.h"
#include "sillok-verify-fixture.h"
#include "sillok-verify-tree.h"

static SillokVerifyFixture *fx;

static SillokBundleReader *
reader_with_identity (gboolean trust)
{
  SillokBundleReader *reader = sillok_bundle_reader_new ();
  g_autofree char *data = NULL;
  g_autoptr(GPtrArray) identities = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (fx->identity, &data, &len, &error));
  identities = sillok_age_identity_parse_file (data, len, &error);
  g_assert_no_error (error);
  sillok_bundle_reader_add_identity (reader, identities->pdata[0]);
  if (trust)
    {
      g_assert_true (sillok_bundle_reader_add_trusted_dir (reader, fx->trust_dir, &error));
      g_assert_no_error (error);
    }
  return reader;
}

static SillokBundleReport *
read_bundle (const char *path,
             gboolean    trust)
{
  g_autoptr(SillokBundleReader) reader = reader_with_identity (trust);
  g_autoptr(GError) error = NULL;
  SillokBundleReport *report = sillok_bundle_reader_read_file (reader, path, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return report;
}

static SillokBundleReport *
read_tar (GBytes *tar)
{
  g_autoptr(SillokBundleReader) reader = reader_with_identity (TRUE);
  g_autoptr(GError) error = NULL;
  SillokBundleReport *report = sillok_bundle_reader_read_tar (reader, g_bytes_get_data (tar, NULL),
                                                              g_bytes_get_size (tar), &error);

  g_assert_no_error (error);
  return report;
}

/* The node under @node whose title starts with @title, or NULL. */
static SillokVerifyNode *
child (SillokVerifyNode *node,
       const char       *title)
{
  GListModel *children = sillok_verify_node_get_children (node);

  for (guint i = 0; children != NULL && i < g_list_model_get_n_items (children); i++)
    {
      g_autoptr(SillokVerifyNode) c = g_list_model_get_item (children, i);

      if (g_str_has_prefix (sillok_verify_node_get_title (c), title))
        return c;
    }
  return NULL;
}

/* The node at a path of titles, separated by '/'. */
static SillokVerifyNode *
at (SillokVerifyNode *root,
    const char       *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  SillokVerifyNode *node = root;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      node = child (node, parts[i]);
      if (node == NULL)
        g_error ("no node %s (at %s)", path, parts[i]);
    }
  return node;
}

static void
assert_status (SillokVerifyNode   *root,
               const char         *path,
               SillokVerifyStatus  status)
{
  SillokVerifyNode *node = at (root, path);

  if (sillok_verify_node_get_status (node) != status)
    g_error ("%s is “%s”, not “%s”", path,
             sillok_verify_status_to_string (sillok_verify_node_get_status (node)),
             sillok_verify_status_to_string (status));
}

/* How many nodes under @node carry the failure. */
static guint
count_failures (SillokVerifyNode *node)
{
  GListModel *children = sillok_verify_node_get_children (node);
  guint n = sillok_verify_node_is_failure (node);

  for (guint i = 0; children != NULL && i < g_list_model_get_n_items (children); i++)
    {
      g_autoptr(SillokVerifyNode) c = g_list_model_get_item (children, i);

      n += count_failures (c);
    }
  return n;
}

static char *
path_of (const char *record,
         guint       version,
         const char *rest)
{
  return version > 0 ? g_strdup_printf ("Records/Record %s/Version %u/%s", record, version, rest)
                     : g_strdup_printf ("Records/Record %s/%s", record, rest);
}

static void
test_valid_trusted (void)
{
  g_autoptr(SillokBundleReport) report = read_bundle (fx->valid, TRUE);
  g_autoptr(SillokVerifyNode) root = sillok_verify_tree_new (report, "interviews.sillok");
  g_autofree char *title = sillok_verify_verdict_title (report);
  g_autofree char *attachment = path_of (fx->last, 2, "Attachments/광산 지도.txt");
  g_autofree char *audit = path_of (fx->last, 0, "Audit chain");
  g_autofree char *chain = path_of (fx->last, 2, "Version chain");

  g_assert_cmpint (sillok_verify_verdict (report), ==, SILLOK_VERDICT_TRUSTED);
  g_assert_cmpstr (title, ==, "Valid and Trusted");
  g_assert_null (sillok_verify_failure_details (report));
  g_assert_cmpstr (sillok_verify_node_get_title (root), ==, "interviews.sillok");
  g_assert_true (sillok_verify_node_get_open (root));
  g_assert_cmpint (sillok_verify_node_get_status (root), ==, SILLOK_VERIFY_STATUS_PASSED);
  g_assert_cmpuint (count_failures (root), ==, 0);
  for (const char *const *check = (const char *const[]) { "Decryption", "File layout", "File hashes", "Manifest",
                                                          "Exporter’s signature", "Signing keys", "Records",
                                                          "Templates", NULL };
       *check != NULL; check++)
    assert_status (root, *check, SILLOK_VERIFY_STATUS_PASSED);
  g_assert_true (sillok_verify_node_get_open (at (root, "Records")));
  /* Every record, version, disclosure, attachment and audit chain is there. */
  assert_status (root, audit, SILLOK_VERIFY_STATUS_PASSED);
  assert_status (root, chain, SILLOK_VERIFY_STATUS_PASSED);
  g_assert_nonnull (strstr (sillok_verify_node_get_subtitle (at (root, chain)), "version 1"));
  g_assert_nonnull (at (root, attachment));
  g_assert_nonnull (strstr (sillok_verify_node_get_subtitle (at (root, attachment)), "BLAKE2b-512"));
  g_assert_nonnull (at (root, "Templates/forced-labour version 1"));
  g_assert_nonnull (strstr (sillok_verify_node_get_subtitle (at (root, "Exporter’s signature")), fx->key_id));
}

static void
test_valid_untrusted (void)
{
  g_autoptr(SillokBundleReport) report = read_bundle (fx->valid, FALSE);
  g_autoptr(SillokVerifyNode) root = sillok_verify_tree_new (report, "interviews.sillok");
  g_autofree char *title = sillok_verify_verdict_title (report);
  g_autofree char *description = sillok_verify_verdict_description (report);
  g_autofree char *exporter = g_strdup_printf ("Signing keys/%s (exporter)", fx->key_id);

  g_assert_cmpint (sillok_verify_verdict (report), ==, SILLOK_VERDICT_UNTRUSTED);
  g_assert_cmpstr (title, ==, "Valid, but Signed by an Untrusted Key");
  /* Which key: the exporter's id. */
  g_assert_nonnull (strstr (description, fx->key_id));
  g_assert_nonnull (strstr (description, "(exporter)"));
  g_assert_cmpint (sillok_verify_node_get_status (root), ==, SILLOK_VERIFY_STATUS_WARNING);
  assert_status (root, exporter, SILLOK_VERIFY_STATUS_WARNING);
  assert_status (root, "Records", SILLOK_VERIFY_STATUS_PASSED);
}

/* A trusted key with the signer's id but other key bytes: someone imitates it. */
static void
test_valid_forged_key (void)
{
  g_autoptr(SillokBundleReader) reader = reader_with_identity (FALSE);
  g_autoptr(SillokMinisignSecretKey) other = sillok_minisign_secret_key_generate ();
  g_autoptr(SillokBundleReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  SillokMinisignPublicKey imitated;

  sillok_minisign_secret_key_get_public (other, &imitated);
  g_assert_true (sillok_minisign_key_id_from_string (fx->key_id, imitated.keynum));
  sillok_bundle_reader_add_trusted_key (reader, &imitated, "Kim", "interviewer");
  report = sillok_bundle_reader_read_file (reader, fx->valid, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sillok_verify_verdict (report), ==, SILLOK_VERDICT_FORGED);
  description = sillok_verify_verdict_description (report);
  g_assert_nonnull (strstr (description, fx->key_id));
  g_assert_nonnull (strstr (description, "forged"));
}

static void
test_changed_byte (void)
{
  g_autoptr(SillokBundleReport) report = read_bundle (fx->changed, TRUE);
  g_autoptr(SillokVerifyNode) root = sillok_verify_tree_new (report, "changed.sillok");
  g_autofree char *title = sillok_verify_verdict_title (report);
  g_autofree char *details = sillok_verify_failure_details (report);
  g_autofree char *description = sillok_verify_verdict_description (report);

  g_assert_cmpint (sillok_verify_verdict (report), ==, SILLOK_VERDICT_INVALID);
  g_assert_cmpstr (title, ==, "Invalid Bundle");
  g_assert_nonnull (strstr (details, "Failed check: File hashes (b2sums)"));
  g_assert_nonnull (strstr (details, fx->changed_path));
  g_assert_nonnull (strstr (description, fx->changed_path));
  assert_status (root, "Decryption", SILLOK_VERIFY_STATUS_PASSED);
  assert_status (root, "File layout", SILLOK_VERIFY_STATUS_PASSED);
  assert_status (root, "File hashes", SILLOK_VERIFY_STATUS_FAILED);
  g_assert_true (sillok_verify_node_is_failure (at (root, "File hashes")));
  g_assert_cmpstr (sillok_verify_node_get_subtitle (at (root, "File hashes")), ==, report->failure->message);
  assert_status (root, "Manifest", SILLOK_VERIFY_STATUS_NOT_CHECKED);
  assert_status (root, "Exporter’s signature", SILLOK_VERIFY_STATUS_NOT_CHECKED);
  assert_status (root, "Records", SILLOK_VERIFY_STATUS_NOT_CHECKED);
  assert_status (root, "Templates", SILLOK_VERIFY_STATUS_NOT_CHECKED);
  g_assert_cmpuint (count_failures (root), ==, 1);
}

static void
test_forged_statement (void)
{
  g_autoptr(SillokBundleReport) report = read_bundle (fx->forged, TRUE);
  g_autoptr(SillokVerifyNode) root = sillok_verify_tree_new (report, "forged.sillok");
  g_autofree char *details = sillok_verify_failure_details (report);
  g_autofree char *record_line = g_strdup_printf ("Record: %s, version 1", fx->last);
  g_autofree char *first_statement = path_of (fx->first, 1, "Statement and signature");
  g_autofree char *first_disclosures = path_of (fx->first, 1, "Disclosures");
  g_autofree char *forged = path_of (fx->last, 1, "Statement and signature");
  g_autofree char *after = path_of (fx->last, 2, "Statement and signature");
  g_autofree char *audit = path_of (fx->first, 0, "Audit chain");

  g_assert_error (report->failure, SILLOK_BUNDLE_ERROR, SILLOK_BUNDLE_ERROR_STATEMENT_SIGNATURE);
  g_assert_nonnull (strstr (details, "Failed check: Statement signature (statement-signature)"));
  g_assert_nonnull (strstr (details, record_line));
  g_assert_nonnull (strstr (details, "statement.json.minisig"));
  for (const char *const *check = (const char *const[]) { "Decryption", "File layout", "File hashes", "Manifest",
                                                          "Exporter’s signature", NULL };
       *check != NULL; check++)
    assert_status (root, *check, SILLOK_VERIFY_STATUS_PASSED);
  /* The records before it were checked; the failure is at its version; the rest waits. */
  assert_status (root, first_statement, SILLOK_VERIFY_STATUS_PASSED);
  assert_status (root, forged, SILLOK_VERIFY_STATUS_FAILED);
  g_assert_true (sillok_verify_node_is_failure (at (root, forged)));
  assert_status (root, after, SILLOK_VERIFY_STATUS_NOT_CHECKED);
  assert_status (root, first_disclosures, SILLOK_VERIFY_STATUS_NOT_CHECKED);
  assert_status (root, audit, SILLOK_VERIFY_STATUS_NOT_CHECKED);
  assert_status (root, "Signing keys", SILLOK_VERIFY_STATUS_NOT_CHECKED);
  assert_status (root, "Templates", SILLOK_VERIFY_STATUS_NOT_CHECKED);
  assert_status (root, "Records", SILLOK_VERIFY_STATUS_FAILED);
  g_assert_false (sillok_verify_node_is_failure (at (root, "Records")));
  g_assert_cmpuint (count_failures (root), ==, 1);
}

/* A failure that comes after every statement was checked. */
static void
test_extra_key (void)
{
  g_autoptr(SillokBundleReport) report = read_tar (fx->extra_key);
  g_autoptr(SillokVerifyNode) root = sillok_verify_tree_new (report, "b.sillok");
  g_autofree char *statement = path_of (fx->last, 2, "Statement and signature");

  g_assert_error (report->failure, SILLOK_BUNDLE_ERROR, SILLOK_BUNDLE_ERROR_KEY);
  assert_status (root, "Exporter’s signature", SILLOK_VERIFY_STATUS_PASSED);
  assert_status (root, "Signing keys", SILLOK_VERIFY_STATUS_FAILED);
  g_assert_true (sillok_verify_node_is_failure (at (root, "Signing keys")));
  assert_status (root, statement, SILLOK_VERIFY_STATUS_PASSED);
  g_assert_cmpuint (count_failures (root), ==, 1);
}

static void
test_broken_audit (void)
{
  g_autoptr(SillokBundleReport) report = read_tar (fx->broken_audit);
  g_autoptr(SillokVerifyNode) root = sillok_verify_tree_new (report, "b.sillok");
  g_autofree char *first = path_of (fx->first, 0, "Audit chain");
  g_autofree char *last = path_of (fx->last, 0, "Audit chain");
  g_autofree char *disclosures = path_of (fx->last, 2, "Disclosures");
  g_autofree char *chain = path_of (fx->last, 2, "Version chain");

  g_assert_error (report->failure, SILLOK_BUNDLE_ERROR, SILLOK_BUNDLE_ERROR_AUDIT);
  assert_status (root, first, SILLOK_VERIFY_STATUS_PASSED);
  assert_status (root, last, SILLOK_VERIFY_STATUS_FAILED);
  g_assert_true (sillok_verify_node_is_failure (at (root, last)));
  assert_status (root, disclosures, SILLOK_VERIFY_STATUS_PASSED);
  assert_status (root, chain, SILLOK_VERIFY_STATUS_PASSED);
  assert_status (root, "Signing keys", SILLOK_VERIFY_STATUS_PASSED);
  assert_status (root, "Templates", SILLOK_VERIFY_STATUS_NOT_CHECKED);
  g_assert_cmpuint (count_failures (root), ==, 1);
}

static void
test_not_for_us (void)
{
  g_autoptr(SillokBundleReader) reader = sillok_bundle_reader_new ();
  g_autoptr(SillokAgeIdentity) stranger = sillok_age_identity_generate ();
  g_autoptr(SillokBundleReport) report = NULL;
  g_autoptr(SillokVerifyNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *details = NULL;

  sillok_bundle_reader_add_identity (reader, stranger);
  report = sillok_bundle_reader_read_file (reader, fx->valid, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  root = sillok_verify_tree_new (report, "interviews.sillok");
  details = sillok_verify_failure_details (report);
  g_assert_nonnull (strstr (details, "Failed check: Recipient (age-recipient)"));
  assert_status (root, "Decryption", SILLOK_VERIFY_STATUS_FAILED);
  g_assert_nonnull (strstr (sillok_verify_node_get_subtitle (at (root, "Decryption")),
                            "not encrypted to this identity"));
  assert_status (root, "File layout", SILLOK_VERIFY_STATUS_NOT_CHECKED);
  assert_status (root, "Records", SILLOK_VERIFY_STATUS_NOT_CHECKED);
  g_assert_null (sillok_verify_node_get_children (at (root, "Records")));
}

static void
test_report_file_name (void)
{
  static const char *const cases[][2] = {
    { "interviews.sillok", "interviews report.pdf" },
    { "면담 2026-03.sillok", "면담 2026-03 report.pdf" },
    { "bundle", "bundle report.pdf" },
    { ".sillok", ".sillok report.pdf" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = sillok_verify_report_file_name (cases[i][0]);

      g_assert_cmpstr (name, ==, cases[i][1]);
    }
}

int
main (int    argc,
      char **argv)
{
  int rc;

  sillok_test_init (&argc, &argv);
  fx = sillok_verify_fixture_new (FALSE);
  g_test_add_func ("/verify-tree/valid-trusted", test_valid_trusted);
  g_test_add_func ("/verify-tree/valid-untrusted", test_valid_untrusted);
  g_test_add_func ("/verify-tree/valid-forged-key", test_valid_forged_key);
  g_test_add_func ("/verify-tree/changed-byte", test_changed_byte);
  g_test_add_func ("/verify-tree/forged-statement", test_forged_statement);
  g_test_add_func ("/verify-tree/extra-key", test_extra_key);
  g_test_add_func ("/verify-tree/broken-audit", test_broken_audit);
  g_test_add_func ("/verify-tree/not-for-us", test_not_for_us);
  g_test_add_func ("/verify-tree/report-file-name", test_report_file_name);
  rc = g_test_run ();
  sillok_verify_fixture_free (fx);
  return rc;
}
