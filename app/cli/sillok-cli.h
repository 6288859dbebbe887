/* sillok-cli.h: shared state and helpers of sillok-cli's commands
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sillok/sillok.h"

G_BEGIN_DECLS

/* Exit codes of DESIGN §11. */
typedef enum
{
  SILLOK_EXIT_OK = 0,
  SILLOK_EXIT_REJECTED = 1,
  SILLOK_EXIT_USAGE = 2,
  SILLOK_EXIT_WRONG_PASSPHRASE = 3,
  SILLOK_EXIT_IN_USE = 4,
  SILLOK_EXIT_IO = 5,
  SILLOK_EXIT_POLICY = 6,
} SillokExit;

#define SILLOK_CLI_ERROR (sillok_cli_error_quark ())

typedef enum
{
  SILLOK_CLI_ERROR_USAGE,
  SILLOK_CLI_ERROR_FAILED,   /* a check found problems, already reported */
} SillokCliError;

typedef struct
{
  char        *vault_path;
  int          passphrase_fd;
  int          recovery_key_fd;
  SillokVault *vault;
} SillokCli;

typedef struct
{
  const char *name;
  const char *parameters;   /* shown after the command name in --help */
  const char *summary;
  int       (*run) (SillokCli *cli, int argc, char **argv, GError **error);
} SillokCliCommand;

GQuark        sillok_cli_error_quark     (void);

/* Parses a command's options after the global ones were taken out. */
gboolean      sillok_cli_parse           (const SillokCliCommand *command,
                                          const GOptionEntry     *entries,
                                          int                    *argc,
                                          char                 ***argv,
                                          GError                **error);
/* Runs the subcommand of the group @group that argv[1] names (@subs are
 * named "GROUP SUB"), or prints the group's help for --help. */
int           sillok_cli_run_group       (SillokCli                     *cli,
                                          const SillokCliCommand        *group,
                                          const SillokCliCommand *const *subs,
                                          guint                          n_subs,
                                          int                            argc,
                                          char                         **argv,
                                          GError                       **error);
/* Sets a usage error. */
void          sillok_cli_usage_error     (GError    **error,
                                          const char *format,
                                          ...) G_GNUC_PRINTF (2, 3);

/* The vault named by --vault / SILLOK_VAULT / the default, not yet opened. */
SillokVault  *sillok_cli_get_vault       (SillokCli  *cli);
/* The vault, opened and unlocked with --passphrase-fd, --recovery-key-fd or a prompt. */
SillokVault  *sillok_cli_unlock_vault    (SillokCli  *cli,
                                          GError    **error);
/* A secret from descriptor @fd, or prompted for on the terminal (twice
 * when @confirm, which must match). */
SillokSecret *sillok_cli_read_secret     (int          fd,
                                          const char  *prompt,
                                          gboolean     confirm,
                                          GError     **error);
/* A progress callback printing a percentage on stderr when @tty points
 * to TRUE (stderr is a terminal). */
void          sillok_cli_progress        (guint64      done,
                                          guint64      total,
                                          gpointer     tty);
/* Parses a size given to an option: bytes, or a number with K, M, G or T
 * (powers of 1024, "KiB"… also taken). */
gboolean      sillok_cli_parse_size      (const char  *option,
                                          const char  *value,
                                          guint64     *bytes,
                                          GError     **error);
/* Parses a descriptor number given to an option. */
gboolean      sillok_cli_parse_fd        (const char  *option,
                                          const char  *value,
                                          int         *fd,
                                          GError     **error);

/* Vault and key commands (sillok-cli-vault.c). */
int  sillok_cli_init          (SillokCli *cli, int argc, char **argv, GError **error);
int  sillok_cli_passwd        (SillokCli *cli, int argc, char **argv, GError **error);
int  sillok_cli_recovery_key  (SillokCli *cli, int argc, char **argv, GError **error);
int  sillok_cli_lock_policy   (SillokCli *cli, int argc, char **argv, GError **error);
int  sillok_cli_erase         (SillokCli *cli, int argc, char **argv, GError **error);
int  sillok_cli_identity      (SillokCli *cli, int argc, char **argv, GError **error);

/* Templates, records and their checks (sillok-cli-record.c). */
int  sillok_cli_templates     (SillokCli *cli, int argc, char **argv, GError **error);
int  sillok_cli_template      (SillokCli *cli, int argc, char **argv, GError **error);
int  sillok_cli_template_show (SillokCli *cli, int argc, char **argv, GError **error);
int  sillok_cli_record        (SillokCli *cli, int argc, char **argv, GError **error);
int  sillok_cli_attach        (SillokCli *cli, int argc, char **argv, GError **error);
int  sillok_cli_audit         (SillokCli *cli, int argc, char **argv, GError **error);
int  sillok_cli_check         (SillokCli *cli, int argc, char **argv, GError **error);
int  sillok_cli_linkage_key   (SillokCli *cli, int argc, char **argv, GError **error);

/* The coordinator's archive (sillok-cli-archive.c). */
int  sillok_cli_archive        (SillokCli *cli, int argc, char **argv, GError **error);
int  sillok_cli_analyst_export (SillokCli *cli, int argc, char **argv, GError **error);
int  sillok_cli_import         (SillokCli *cli, int argc, char **argv, GError **error);

/* Bundles and their recipients (sillok-cli-export.c). */
int  sillok_cli_export        (SillokCli *cli, int argc, char **argv, GError **error);
int  sillok_cli_recipients    (SillokCli *cli, int argc, char **argv, GError **error);

/* Verifying bundles and trusting signers (sillok-cli-verify.c). */
int  sillok_cli_verify        (SillokCli *cli, int argc, char **argv, GError **error);
int  sillok_cli_trust         (SillokCli *cli, int argc, char **argv, GError **error);

G_END_DECLS
