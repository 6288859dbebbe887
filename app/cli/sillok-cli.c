/* sillok-cli.c: command dispatch, global options and exit codes
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sillok/sillok-export.h"
#include "sillok/sillok-archive.h"
#include "sillok/sillok-linkage.h"
#include "sillok/sillok-recipients.h"
#include "sillok/sillok-record.h"
#include "sillok-cli.h"

G_DEFINE_QUARK (sillok-cli-error-quark, sillok_cli_error)

static const SillokCliCommand commands[] = {
  { "init", N_("--name NAME [--kdf interactive|moderate|sensitive]"), N_("Create a vault"), sillok_cli_init },
  { "passwd", N_("[--new-passphrase-fd N]"), N_("Change the vault passphrase"), sillok_cli_passwd },
  { "recovery-key", "", N_("Create a recovery key (shown once)"), sillok_cli_recovery_key },
  { "lock-policy", N_("[--erase-after N]"), N_("Show or set the failed-unlock policy"), sillok_cli_lock_policy },
  { "erase", "--yes", N_("Destroy the vault's keys and delete the vault"), sillok_cli_erase },
  { "identity", N_("[--export-pub FILE] [--export-age-identity FILE] [--age-recipient]"),
    N_("Show or export the vault's keys"), sillok_cli_identity },
  { "linkage-key", N_("export|import"), N_("Share the organization's linkage key"), sillok_cli_linkage_key },
  { "recipients", N_("add|list|remove"), N_("The age recipients bundles are encrypted to"), sillok_cli_recipients },
  { "templates", "", N_("List the interview templates"), sillok_cli_templates },
  { "template", N_("show ID"), N_("Show a template's fields"), sillok_cli_template },
  { "record", N_("new|set|show|list|seal|amend|statement"), N_("Record, seal and amend interviews"), sillok_cli_record },
  { "attach", N_("ID FILE"), N_("Add a file to a draft"), sillok_cli_attach },
  { "audit", N_("ID"), N_("Show and check a record's audit trail"), sillok_cli_audit },
  { "check", "", N_("Check the whole vault's integrity"), sillok_cli_check },
  { "import", N_("FILE… [--bundle-passphrase-fd N]"), N_("Verify bundles and merge them into the archive"),
    sillok_cli_import },
  { "archive", N_("list|show|persons|stats|conflicts|exports"), N_("The coordinator's archive of imported bundles"),
    sillok_cli_archive },
  { "analyst-export", N_("--format csv|jsonl --out FILE"), N_("A table for analysts, k-anonymous"), sillok_cli_analyst_export },
  { "export", N_("--out FILE [--record ID]… [--all-sealed | --from-archive]"),
    N_("Write a signed, encrypted bundle of sealed records"), sillok_cli_export },
  { "verify", N_("FILE [--identity AGEKEYFILE | --bundle-passphrase-fd N] [--trust DIR] [--json] [--report FILE]"),
    N_("Verify a bundle and report on it"), sillok_cli_verify },
  { "trust", N_("add|list|remove"), N_("The signers whose keys this vault trusts"), sillok_cli_trust },
};

void
sillok_cli_progress (guint64  done,
                     guint64  total,
                     gpointer tty)
{
  if (*(gboolean *) tty && total > 0)
    g_printerr ("\r%3u %%", (guint) (done * 100 / total));
}

void
sillok_cli_usage_error (GError    **error,
                        const char *format,
                        ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, SILLOK_CLI_ERROR, SILLOK_CLI_ERROR_USAGE, message);
}

/* The one place where errors become exit codes. */
static int
exit_code_for (const GError *error)
{
  if (error->domain == SILLOK_CLI_ERROR)
    return error->code == SILLOK_CLI_ERROR_USAGE ? SILLOK_EXIT_USAGE : SILLOK_EXIT_REJECTED;
  if (error->domain == G_OPTION_ERROR)
    return SILLOK_EXIT_USAGE;
  if (error->domain == SILLOK_RECORD_ERROR)
    switch ((SillokRecordError) error->code)
      {
      case SILLOK_RECORD_ERROR_SEALED:
      case SILLOK_RECORD_ERROR_NOT_SEALABLE:
      case SILLOK_RECORD_ERROR_NOT_SEALED:
        return SILLOK_EXIT_POLICY;
      case SILLOK_RECORD_ERROR_NOT_FOUND:
      case SILLOK_RECORD_ERROR_INVALID:
      case SILLOK_RECORD_ERROR_DAMAGED:
      default:
        return SILLOK_EXIT_REJECTED;
      }
  if (error->domain == SILLOK_EXPORT_ERROR)
    switch ((SillokExportError) error->code)
      {
      case SILLOK_EXPORT_ERROR_INVALID:
      case SILLOK_EXPORT_ERROR_RECIPIENT:
      case SILLOK_EXPORT_ERROR_NO_RECIPIENT:
        return SILLOK_EXIT_USAGE;
      case SILLOK_EXPORT_ERROR_NOT_SEALED:
      case SILLOK_EXPORT_ERROR_CONSENT:
      case SILLOK_EXPORT_ERROR_K_ANONYMITY:
      case SILLOK_EXPORT_ERROR_INCOMPLETE:
        return SILLOK_EXIT_POLICY;
      case SILLOK_EXPORT_ERROR_UNKNOWN_SIGNER:
      case SILLOK_EXPORT_ERROR_TOO_LARGE:
      case SILLOK_EXPORT_ERROR_CHANGED:
      default:
        return SILLOK_EXIT_REJECTED;
      }
  if (error->domain == SILLOK_RECIPIENTS_ERROR)
    return error->code == SILLOK_RECIPIENTS_ERROR_INVALID ? SILLOK_EXIT_USAGE : SILLOK_EXIT_REJECTED;
  if (error->domain == SILLOK_ARCHIVE_ERROR)
    return SILLOK_EXIT_REJECTED;
  if (error->domain == SILLOK_LINKAGE_ERROR && error->code == SILLOK_LINKAGE_ERROR_EXISTS)
    return SILLOK_EXIT_POLICY;
  if (error->domain == SILLOK_VAULT_ERROR)
    switch ((SillokVaultError) error->code)
      {
      case SILLOK_VAULT_ERROR_WRONG_PASSPHRASE:
        return SILLOK_EXIT_WRONG_PASSPHRASE;
      case SILLOK_VAULT_ERROR_IN_USE:
        return SILLOK_EXIT_IN_USE;
      case SILLOK_VAULT_ERROR_INVALID:
        return SILLOK_EXIT_USAGE;
      case SILLOK_VAULT_ERROR_NOT_FOUND:
      case SILLOK_VAULT_ERROR_EXISTS:
      case SILLOK_VAULT_ERROR_DAMAGED:
      case SILLOK_VAULT_ERROR_LOCKED:
      case SILLOK_VAULT_ERROR_ERASED:
      case SILLOK_VAULT_ERROR_NEWER:
      default:
        return SILLOK_EXIT_REJECTED;
      }
  if (error->domain == G_IO_ERROR)
    {
      if (error->code == G_IO_ERROR_NOT_SUPPORTED)
        return SILLOK_EXIT_USAGE;
      if (error->code == G_IO_ERROR_INVALID_DATA)
        return SILLOK_EXIT_REJECTED;
      return SILLOK_EXIT_IO;
    }
  if (error->domain == G_FILE_ERROR)
    return SILLOK_EXIT_IO;
  return SILLOK_EXIT_REJECTED;
}

gboolean
sillok_cli_parse_fd (const char  *option,
                     const char  *value,
                     int         *fd,
                     GError     **error)
{
  guint64 n = 0;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT, &n, NULL))
    {
      sillok_cli_usage_error (error, _("%s needs a file descriptor number"), option);
      return FALSE;
    }
  *fd = (int) n;
  return TRUE;
}

gboolean
sillok_cli_parse_size (const char  *option,
                       const char  *value,
                       guint64     *bytes,
                       GError     **error)
{
  static const char units[] = "KMGT";
  g_autofree char *digits = NULL;
  const char *end = value;
  guint64 n = 0, scale = 1;

  while (end != NULL && g_ascii_isdigit (*end))
    end++;
  if (end != NULL && *end != '\0')
    {
      const char *unit = strchr (units, g_ascii_toupper (*end));

      if (unit == NULL || (end[1] != '\0' && g_ascii_strcasecmp (end + 1, "iB") != 0 && g_ascii_strcasecmp (end + 1, "B") != 0))
        end = NULL;
      else
        for (const char *u = units; u <= unit; u++)
          scale *= 1024;
    }
  digits = end != NULL ? g_strndup (value, strspn (value, "0123456789")) : NULL;
  if (digits == NULL || !g_ascii_string_to_unsigned (digits, 10, 1, G_MAXUINT64 / scale, &n, NULL))
    {
      sillok_cli_usage_error (error, _("%s needs a size: a number of bytes, or with K, M, G or T (as in 2G)"), option);
      return FALSE;
    }
  *bytes = n * scale;
  return TRUE;
}

gboolean
sillok_cli_parse (const SillokCliCommand *command,
                  const GOptionEntry     *entries,
                  int                    *argc,
                  char                 ***argv,
                  GError                **error)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *prgname = g_strdup_printf ("sillok-cli %s", command->name);

  /* GOption's usage line starts with the program name: make it the whole command. */
  g_set_prgname (prgname);
  context = g_option_context_new (*command->parameters != '\0' ? _(command->parameters) : NULL);
  g_option_context_set_summary (context, _(command->summary));
  g_option_context_set_description (context,
                                    _("Global options (before or after the command): --vault DIR, "
                                      "--passphrase-fd N, --recovery-key-fd N"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_strict_posix (context, FALSE);
  return g_option_context_parse (context, argc, argv, error);
}

static const char *
last_word (const char *name)
{
  const char *space = strrchr (name, ' ');

  return space != NULL ? space + 1 : name;
}

static void
print_group_help (const SillokCliCommand        *group,
                  const SillokCliCommand *const *subs,
                  guint                          n_subs)
{
  g_print (_("Usage:\n  sillok-cli %s %s [OPTION…]\n\n%s\n\nCommands:\n"), group->name, _(group->parameters),
           _(group->summary));
  for (guint i = 0; i < n_subs; i++)
    g_print ("  sillok-cli %s%s%s\n      %s\n", subs[i]->name, *subs[i]->parameters != '\0' ? " " : "",
             *subs[i]->parameters != '\0' ? _(subs[i]->parameters) : "", _(subs[i]->summary));
  g_print (_("\nRun “sillok-cli %s COMMAND --help” for a command's options.\n"), group->name);
  g_print ("\n%s\n", _("Global options (before or after the command): --vault DIR, "
                        "--passphrase-fd N, --recovery-key-fd N"));
}

int
sillok_cli_run_group (SillokCli                     *cli,
                      const SillokCliCommand        *group,
                      const SillokCliCommand *const *subs,
                      guint                          n_subs,
                      int                            argc,
                      char                         **argv,
                      GError                       **error)
{
  if (argc >= 2 && (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0))
    {
      print_group_help (group, subs, n_subs);
      return SILLOK_EXIT_OK;
    }
  if (argc >= 2)
    for (guint i = 0; i < n_subs; i++)
      if (strcmp (argv[1], last_word (subs[i]->name)) == 0)
        return subs[i]->run (cli, argc - 1, argv + 1, error);

  if (argc < 2)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < n_subs; i++)
        g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", last_word (subs[i]->name));
      sillok_cli_usage_error (error, _("%s needs a command: %s"), group->name, names->str);
    }
  else
    sillok_cli_usage_error (error, _("Unknown command “%s %s”"), group->name, argv[1]);
  return SILLOK_EXIT_USAGE;
}

SillokVault *
sillok_cli_get_vault (SillokCli *cli)
{
  if (cli->vault == NULL)
    {
      g_autofree char *path = NULL;

      if (cli->vault_path != NULL)
        path = g_strdup (cli->vault_path);
      else if (g_getenv ("SILLOK_VAULT") != NULL && *g_getenv ("SILLOK_VAULT") != '\0')
        path = g_strdup (g_getenv ("SILLOK_VAULT"));
      else
        path = sillok_vault_default_path ();
      cli->vault = sillok_vault_new (path);
    }
  return cli->vault;
}

SillokSecret *
sillok_cli_read_secret (int          fd,
                        const char  *prompt,
                        gboolean     confirm,
                        GError     **error)
{
  g_autoptr(SillokSecret) first = NULL;
  g_autoptr(SillokSecret) second = NULL;

  if (fd >= 0)
    return sillok_secret_read_line (fd, error);

  first = sillok_secret_prompt (prompt, error);
  if (first == NULL || !confirm)
    return g_steal_pointer (&first);
  second = sillok_secret_prompt (_("Repeat it: "), error);
  if (second == NULL)
    return NULL;
  if (!sillok_secret_equal (first, second))
    {
      sillok_cli_usage_error (error, _("The two passphrases differ"));
      return NULL;
    }
  return g_steal_pointer (&first);
}

SillokVault *
sillok_cli_unlock_vault (SillokCli  *cli,
                         GError    **error)
{
  SillokVault *vault = sillok_cli_get_vault (cli);
  g_autoptr(SillokSecret) secret = NULL;
  gboolean recovery = cli->recovery_key_fd >= 0;
  guint delay;

  if (!sillok_vault_is_locked (vault))
    return vault;
  if (!sillok_vault_open (vault, error))
    return NULL;

  secret = recovery
           ? sillok_cli_read_secret (cli->recovery_key_fd, NULL, FALSE, error)
           : sillok_cli_read_secret (cli->passphrase_fd, _("Vault passphrase: "), FALSE, error);
  if (secret == NULL)
    return NULL;

  delay = sillok_vault_get_unlock_delay (vault);
  if (delay > 0)
    {
      guint failed = sillok_vault_get_failed_attempts (vault);

      g_printerr (g_dngettext (GETTEXT_PACKAGE, "sillok-cli: %u failed attempt: waiting %u s before trying\n",
                               "sillok-cli: %u failed attempts: waiting %u s before trying\n", failed),
                  failed, delay);
    }
  if (!sillok_vault_unlock (vault, secret, recovery, NULL, error))
    return NULL;
  return vault;
}

static void
print_help (void)
{
  g_autofree char *default_vault = sillok_vault_default_path ();

  g_print (_("Usage: sillok-cli [--vault DIR] [--passphrase-fd N] COMMAND [OPTION…]\n\n"
             "Sillok keeps testimony in an encrypted vault and exports signed bundles.\n\n"
             "Global options:\n"
             "  --vault DIR            the vault folder (default: $SILLOK_VAULT, else %s)\n"
             "  --passphrase-fd N      read the passphrase from descriptor N (else a terminal prompt)\n"
             "  --recovery-key-fd N    unlock with the recovery key read from descriptor N\n"
             "  --version              print the version\n\n"
             "Commands:\n"), default_vault);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-16s %s\n", commands[i].name, _(commands[i].summary));
  g_print (_("\nRun “sillok-cli COMMAND --help” for a command's options.\n"));
}

/* Takes --vault, --passphrase-fd and --recovery-key-fd out of @argv
 * wherever they are, finds the command, and leaves its own arguments. */
static gboolean
split_arguments (SillokCli   *cli,
                 int          argc,
                 char       **argv,
                 const char **command,
                 GPtrArray   *rest,
                 gboolean    *help,
                 gboolean    *version,
                 GError     **error)
{
  static const char *globals[] = { "--vault", "--passphrase-fd", "--recovery-key-fd" };
  gboolean after_dashes = FALSE;

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      const char *value = NULL;
      int which = -1;

      if (after_dashes)
        {
          g_ptr_array_add (rest, argv[i]);
          continue;
        }
      if (strcmp (arg, "--") == 0)
        after_dashes = TRUE;

      for (guint g = 0; g < G_N_ELEMENTS (globals); g++)
        {
          gsize len = strlen (globals[g]);

          if (strcmp (arg, globals[g]) == 0)
            {
              if (i + 1 >= argc)
                {
                  sillok_cli_usage_error (error, _("%s needs a value"), globals[g]);
                  return FALSE;
                }
              which = g;
              value = argv[++i];
            }
          else if (strncmp (arg, globals[g], len) == 0 && arg[len] == '=')
            {
              which = g;
              value = arg + len + 1;
            }
        }

      if (which == 0)
        {
          g_free (cli->vault_path);
          cli->vault_path = g_strdup (value);
        }
      else if (which == 1 && !sillok_cli_parse_fd (globals[1], value, &cli->passphrase_fd, error))
        return FALSE;
      else if (which == 2 && !sillok_cli_parse_fd (globals[2], value, &cli->recovery_key_fd, error))
        return FALSE;
      else if (which >= 0)
        continue;
      else if (*command == NULL && (strcmp (arg, "--help") == 0 || strcmp (arg, "-h") == 0))
        *help = TRUE;
      else if (*command == NULL && strcmp (arg, "--version") == 0)
        *version = TRUE;
      else if (*command == NULL && arg[0] == '-')
        {
          sillok_cli_usage_error (error, _("Unknown option %s"), arg);
          return FALSE;
        }
      else if (*command == NULL)
        *command = arg;
      else
        g_ptr_array_add (rest, argv[i]);
    }
  return TRUE;
}

static int
report (GError *error)
{
  int code = exit_code_for (error);

  g_printerr ("sillok-cli: %s\n", error->message);
  if (code == SILLOK_EXIT_USAGE && error->domain != SILLOK_VAULT_ERROR)
    g_printerr (_("Run “sillok-cli --help” for usage.\n"));
  return code;
}

static void
cli_clear (SillokCli *cli)
{
  if (cli->vault != NULL)
    sillok_vault_close (cli->vault);
  g_clear_object (&cli->vault);
  g_clear_pointer (&cli->vault_path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SillokCli, cli_clear)

int
main (int    argc,
      char **argv)
{
  g_auto(SillokCli) cli = { .passphrase_fd = -1, .recovery_key_fd = -1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  const char *command = NULL;
  gboolean help = FALSE, version = FALSE, found = FALSE;
  int code = SILLOK_EXIT_USAGE;

  setlocale (LC_ALL, "");
  textdomain (GETTEXT_PACKAGE);
  if (!sillok_init (&error))
    return report (error);

  if (!split_arguments (&cli, argc, argv, &command, rest, &help, &version, &error))
    return report (error);
  if (version)
    {
      g_print ("sillok-cli %s\n", sillok_version ());
      return SILLOK_EXIT_OK;
    }
  if (help || command == NULL)
    {
      print_help ();
      return help ? SILLOK_EXIT_OK : SILLOK_EXIT_USAGE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (commands[i].name, command) == 0)
      {
        int sub_argc;
        char **sub_argv;

        g_ptr_array_insert (rest, 0, (gpointer) command);
        g_ptr_array_add (rest, NULL);
        sub_argc = rest->len - 1;
        sub_argv = (char **) rest->pdata;
        code = commands[i].run (&cli, sub_argc, sub_argv, &error);
        found = TRUE;
        break;
      }
  if (!found)
    sillok_cli_usage_error (&error, _("Unknown command “%s”"), command);

  cli_clear (&cli);

  if (error != NULL)
    return report (error);
  return code;
}
