/* sillok-keyslots.c
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

#include "sillok-fs.h"
#include "sillok/sillok-jcs.h"
#include "sillok-keyslots.h"

/* Bounds a keyslots.json may ask of the KDF; anything outside is damage, not a choice. */
#define KDF_OPSLIMIT_MAX 16
#define KDF_MEMLIMIT_MAX ((gsize) 1 << 30)

static const char base32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

static const char *
kind_to_string (SillokKeyslotKind kind)
{
  return kind == SILLOK_KEYSLOT_RECOVERY ? "recovery" : "passphrase";
}

void
sillok_kdf_preset_limits (SillokKdfPreset  preset,
                          guint64         *opslimit,
                          gsize           *memlimit)
{
  switch (preset)
    {
    case SILLOK_KDF_INTERACTIVE:
      *opslimit = crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE;
      *memlimit = crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE;
      break;
    case SILLOK_KDF_SENSITIVE:
      *opslimit = crypto_pwhash_argon2id_OPSLIMIT_SENSITIVE;
      *memlimit = crypto_pwhash_argon2id_MEMLIMIT_SENSITIVE;
      break;
    case SILLOK_KDF_MODERATE:
    default:
      *opslimit = crypto_pwhash_argon2id_OPSLIMIT_MODERATE;
      *memlimit = crypto_pwhash_argon2id_MEMLIMIT_MODERATE;
      break;
    }
}

SillokKeyslots *
sillok_keyslots_new (const char *vault_uuid)
{
  SillokKeyslots *keyslots = g_new0 (SillokKeyslots, 1);

  keyslots->vault = g_strdup (vault_uuid);
  keyslots->slots = g_array_new (FALSE, TRUE, sizeof (SillokKeyslot));
  return keyslots;
}

void
sillok_keyslots_free (SillokKeyslots *keyslots)
{
  if (keyslots == NULL)
    return;
  g_free (keyslots->vault);
  g_array_unref (keyslots->slots);
  g_free (keyslots);
}

/* Sets the error and returns NULL, so parsers can "return damaged (…)". */
static gpointer
damaged (GError    **error,
         const char *what)
{
  g_set_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_DAMAGED,
               _("keyslots.json is damaged: %s"), what);
  return NULL;
}

static gboolean
only_members (JsonObject  *object,
              const char **allowed)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      return FALSE;
  return TRUE;
}

static gboolean
get_int (JsonObject *object,
         const char *name,
         gint64      min,
         gint64      max,
         gint64     *out)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return *out >= min && *out <= max;
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
get_base64 (JsonObject *object,
            const char *name,
            guint8     *out,
            gsize       len)
{
  const char *b64 = get_string (object, name);
  const char *end = NULL;
  gsize got = 0;

  if (b64 == NULL)
    return FALSE;
  if (sodium_base642bin (out, len, b64, strlen (b64), NULL, &got, &end,
                         sodium_base64_VARIANT_ORIGINAL) != 0)
    return FALSE;
  return got == len && *end == '\0';
}

static gboolean
parse_slot (JsonNode      *node,
            SillokKeyslot *slot)
{
  static const char *members[] = { "kind", "kdf", "opslimit", "memlimit", "salt", "nonce", "wrapped", NULL };
  JsonObject *object;
  const char *kind, *kdf;
  gint64 ops, mem;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  if (!only_members (object, members))
    return FALSE;

  kind = get_string (object, "kind");
  kdf = get_string (object, "kdf");
  if (kind == NULL || kdf == NULL || strcmp (kdf, SILLOK_KEYSLOTS_KDF) != 0)
    return FALSE;
  if (strcmp (kind, "passphrase") == 0)
    slot->kind = SILLOK_KEYSLOT_PASSPHRASE;
  else if (strcmp (kind, "recovery") == 0)
    slot->kind = SILLOK_KEYSLOT_RECOVERY;
  else
    return FALSE;

  if (!get_int (object, "opslimit", crypto_pwhash_argon2id_OPSLIMIT_MIN, KDF_OPSLIMIT_MAX, &ops)
      || !get_int (object, "memlimit", crypto_pwhash_argon2id_MEMLIMIT_MIN, KDF_MEMLIMIT_MAX, &mem))
    return FALSE;
  slot->opslimit = ops;
  slot->memlimit = mem;

  return get_base64 (object, "salt", slot->salt, sizeof slot->salt)
         && get_base64 (object, "nonce", slot->nonce, sizeof slot->nonce)
         && get_base64 (object, "wrapped", slot->wrapped, sizeof slot->wrapped);
}

SillokKeyslots *
sillok_keyslots_parse (const char  *data,
                       gsize        len,
                       GError     **error)
{
  static const char *members[] = { "format", "vault", "failed_attempts", "erase_after", "slots", NULL };
  /* The strict reader: a member given twice is refused, where json-glib's
   * parser keeps the last one (and leaks on some malformed input). */
  static const SillokJsonLimits limits = { SILLOK_KEYSLOTS_MAX_SIZE, 4, 16 };
  g_autoptr(JsonNode) tree = NULL;
  g_autoptr(SillokKeyslots) keyslots = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  JsonNode *slots;
  const char *format, *vault;
  gint64 failed = 0, erase_after = 0;
  gboolean seen[2] = { FALSE, FALSE };

  if (len == 0 || memchr (data, '\0', len) != NULL || !g_utf8_validate (data, len, NULL))
    return damaged (error, _("not a text file"));
  tree = sillok_jcs_parse (data, len, &limits, SILLOK_JSON_PARSE_INTEGERS_ONLY, &local_error);
  if (tree == NULL)
    return damaged (error, _("not valid JSON"));
  if (!JSON_NODE_HOLDS_OBJECT (tree))
    return damaged (error, _("not a JSON object"));
  root = json_node_get_object (tree);

  format = get_string (root, "format");
  if (format == NULL || strcmp (format, SILLOK_KEYSLOTS_FORMAT) != 0)
    {
      guint64 version = 0;

      if (format != NULL && g_str_has_prefix (format, "sillok-keyslots/")
          && g_ascii_string_to_unsigned (format + strlen ("sillok-keyslots/"), 10, 2, G_MAXUINT32,
                                         &version, NULL))
        {
          g_set_error (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_NEWER,
                       _("This vault was made by a newer version of Sillok (%s)"), format);
          return NULL;
        }
      return damaged (error, _("unknown format"));
    }
  if (!only_members (root, members))
    return damaged (error, _("unknown member"));

  vault = get_string (root, "vault");
  if (vault == NULL || !g_uuid_string_is_valid (vault))
    return damaged (error, _("no vault identifier"));
  if (!get_int (root, "failed_attempts", 0, G_MAXINT32, &failed))
    return damaged (error, _("bad failed-attempt counter"));
  if (json_object_has_member (root, "erase_after")
      && !get_int (root, "erase_after", 1, G_MAXINT32, &erase_after))
    return damaged (error, _("bad erase policy"));

  slots = json_object_get_member (root, "slots");
  if (slots == NULL || !JSON_NODE_HOLDS_ARRAY (slots))
    return damaged (error, _("no key slots"));

  keyslots = sillok_keyslots_new (vault);
  keyslots->failed_attempts = failed;
  keyslots->erase_after = erase_after;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (slots)); i++)
    {
      SillokKeyslot slot = { 0 };

      if (!parse_slot (json_array_get_element (json_node_get_array (slots), i), &slot))
        return damaged (error, _("malformed key slot"));
      if (seen[slot.kind])
        return damaged (error, _("two key slots of one kind"));
      seen[slot.kind] = TRUE;
      g_array_append_val (keyslots->slots, slot);
    }
  if (!seen[SILLOK_KEYSLOT_PASSPHRASE])
    return damaged (error, _("no passphrase slot"));

  return g_steal_pointer (&keyslots);
}

static char *
b64 (const guint8 *bin,
     gsize         len)
{
  gsize out_len = sodium_base64_ENCODED_LEN (len, sodium_base64_VARIANT_ORIGINAL);
  char *out = g_malloc (out_len);

  sodium_bin2base64 (out, out_len, bin, len, sodium_base64_VARIANT_ORIGINAL);
  return out;
}

char *
sillok_keyslots_serialize (SillokKeyslots *keyslots,
                           gsize          *len)
{
  GString *out = g_string_new (NULL);

  /* Member order as documented in DESIGN §4; every string is ASCII without escapes. */
  g_string_append_printf (out, "{\"format\":\"%s\",\"vault\":\"%s\",\"failed_attempts\":%u,",
                          SILLOK_KEYSLOTS_FORMAT, keyslots->vault, keyslots->failed_attempts);
  if (keyslots->erase_after > 0)
    g_string_append_printf (out, "\"erase_after\":%u,", keyslots->erase_after);
  g_string_append (out, "\"slots\":[");
  for (guint i = 0; i < keyslots->slots->len; i++)
    {
      SillokKeyslot *slot = &g_array_index (keyslots->slots, SillokKeyslot, i);
      g_autofree char *salt = b64 (slot->salt, sizeof slot->salt);
      g_autofree char *nonce = b64 (slot->nonce, sizeof slot->nonce);
      g_autofree char *wrapped = b64 (slot->wrapped, sizeof slot->wrapped);

      g_string_append_printf (out,
                              "%s{\"kind\":\"%s\",\"kdf\":\"%s\",\"opslimit\":%" G_GUINT64_FORMAT
                              ",\"memlimit\":%" G_GSIZE_FORMAT ",\"salt\":\"%s\",\"nonce\":\"%s\","
                              "\"wrapped\":\"%s\"}",
                              i > 0 ? "," : "", kind_to_string (slot->kind), SILLOK_KEYSLOTS_KDF,
                              slot->opslimit, slot->memlimit, salt, nonce, wrapped);
    }
  g_string_append (out, "]}\n");
  *len = out->len;
  return g_string_free (out, FALSE);
}

SillokKeyslots *
sillok_keyslots_load (const char  *path,
                      GError     **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr(GError) local_error = NULL;

  if (!sillok_fs_read_limited (path, SILLOK_KEYSLOTS_MAX_SIZE, &data, &len, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA)
          || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE))
        damaged (error, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return sillok_keyslots_parse (data, len, error);
}

gboolean
sillok_keyslots_save (SillokKeyslots  *keyslots,
                      const char      *path,
                      const char      *failpoint_prefix,
                      GError         **error)
{
  gsize len = 0;
  g_autofree char *data = sillok_keyslots_serialize (keyslots, &len);

  return sillok_fs_replace (path, data, len, 0600, failpoint_prefix, error);
}

SillokKeyslot *
sillok_keyslots_find (SillokKeyslots   *keyslots,
                      SillokKeyslotKind kind)
{
  for (guint i = 0; i < keyslots->slots->len; i++)
    if (g_array_index (keyslots->slots, SillokKeyslot, i).kind == kind)
      return &g_array_index (keyslots->slots, SillokKeyslot, i);
  return NULL;
}

/* "sillok-keyslot/1" ‖ vault uuid ‖ kind */
static GString *
associated_data (SillokKeyslots   *keyslots,
                 SillokKeyslotKind kind)
{
  GString *ad = g_string_new (SILLOK_KEYSLOTS_AD_PREFIX);

  g_string_append (ad, keyslots->vault);
  g_string_append (ad, kind_to_string (kind));
  return ad;
}

static SillokSecret *
derive_wrap_key (SillokSecret        *secret,
                 const SillokKeyslot *slot,
                 GError             **error)
{
  g_autoptr(SillokSecret) key = sillok_secret_new (crypto_aead_xchacha20poly1305_ietf_KEYBYTES);

  if (crypto_pwhash (sillok_secret_get_data (key), sillok_secret_get_length (key),
                     sillok_secret_get_string (secret), sillok_secret_get_length (secret),
                     slot->salt, slot->opslimit, slot->memlimit,
                     crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Not enough memory for the key derivation (%zu MiB)"),
                   slot->memlimit >> 20);
      return NULL;
    }
  return g_steal_pointer (&key);
}

gboolean
sillok_keyslots_set (SillokKeyslots    *keyslots,
                     SillokKeyslotKind  kind,
                     SillokSecret      *secret,
                     guint64            opslimit,
                     gsize              memlimit,
                     SillokSecret      *master_key,
                     GError           **error)
{
  SillokKeyslot slot = { .kind = kind, .opslimit = opslimit, .memlimit = memlimit };
  g_autoptr(SillokSecret) key = NULL;
  g_autoptr(GString) ad = associated_data (keyslots, kind);
  SillokKeyslot *existing;

  g_return_val_if_fail (sillok_secret_get_length (master_key) == SILLOK_MASTER_KEY_BYTES, FALSE);

  randombytes_buf (slot.salt, sizeof slot.salt);
  randombytes_buf (slot.nonce, sizeof slot.nonce);
  key = derive_wrap_key (secret, &slot, error);
  if (key == NULL)
    return FALSE;
  crypto_aead_xchacha20poly1305_ietf_encrypt (slot.wrapped, NULL,
                                              sillok_secret_get_data (master_key),
                                              SILLOK_MASTER_KEY_BYTES,
                                              (const guint8 *) ad->str, ad->len, NULL,
                                              slot.nonce, sillok_secret_get_data (key));

  existing = sillok_keyslots_find (keyslots, kind);
  if (existing != NULL)
    *existing = slot;
  else
    g_array_append_val (keyslots->slots, slot);
  return TRUE;
}

SillokSecret *
sillok_keyslots_unwrap (SillokKeyslots    *keyslots,
                        SillokKeyslotKind  kind,
                        SillokSecret      *secret,
                        GError           **error)
{
  SillokKeyslot *slot = sillok_keyslots_find (keyslots, kind);
  g_autoptr(SillokSecret) key = NULL;
  g_autoptr(SillokSecret) master = NULL;
  g_autoptr(GString) ad = associated_data (keyslots, kind);

  if (slot == NULL)
    {
      g_set_error_literal (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_WRONG_PASSPHRASE,
                           kind == SILLOK_KEYSLOT_RECOVERY
                           ? _("This vault has no recovery key")
                           : _("This vault has no passphrase"));
      return NULL;
    }

  key = derive_wrap_key (secret, slot, error);
  if (key == NULL)
    return NULL;
  master = sillok_secret_new (SILLOK_MASTER_KEY_BYTES);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt (sillok_secret_get_data (master), NULL, NULL,
                                                  slot->wrapped, sizeof slot->wrapped,
                                                  (const guint8 *) ad->str, ad->len,
                                                  slot->nonce, sillok_secret_get_data (key)) != 0)
    {
      g_set_error_literal (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_WRONG_PASSPHRASE,
                           kind == SILLOK_KEYSLOT_RECOVERY
                           ? _("Wrong recovery key")
                           : _("Wrong passphrase"));
      return NULL;
    }
  return g_steal_pointer (&master);
}

SillokSecret *
sillok_recovery_key_generate (SillokSecret **display)
{
  g_autoptr(SillokSecret) raw = sillok_secret_new (SILLOK_RECOVERY_KEY_BYTES);
  /* 160 bits = 32 base32 letters, shown as 8 groups of 4 joined by '-'. */
  g_autoptr(SillokSecret) text = sillok_secret_new (32 + 7);
  guint8 *r = sillok_secret_get_data (raw);
  char *t = (char *) sillok_secret_get_data (text);
  guint bit = 0, n = 0;

  randombytes_buf (r, SILLOK_RECOVERY_KEY_BYTES);
  for (guint i = 0; i < 32; i++, bit += 5)
    {
      guint byte = bit / 8, shift = bit % 8;
      guint v = (r[byte] << 8 | (byte + 1 < SILLOK_RECOVERY_KEY_BYTES ? r[byte + 1] : 0));

      if (i > 0 && i % 4 == 0)
        t[n++] = '-';
      t[n++] = base32_alphabet[(v >> (11 - shift)) & 31];
    }
  *display = g_steal_pointer (&text);
  return g_steal_pointer (&raw);
}

SillokSecret *
sillok_recovery_key_parse (SillokSecret  *display,
                           GError       **error)
{
  g_autoptr(SillokSecret) raw = sillok_secret_new (SILLOK_RECOVERY_KEY_BYTES);
  guint8 *r = sillok_secret_get_data (raw);
  const char *t = sillok_secret_get_string (display);
  guint nbits = 0;
  guint32 acc = 0;
  guint out = 0;

  for (gsize i = 0; i < sillok_secret_get_length (display); i++)
    {
      const char *p;
      char c = g_ascii_toupper (t[i]);

      if (c == '-' || c == ' ')
        continue;
      p = c != '\0' ? strchr (base32_alphabet, c) : NULL;
      if (p == NULL)
        goto bad;
      acc = (acc << 5) | (p - base32_alphabet);
      nbits += 5;
      if (nbits >= 8)
        {
          nbits -= 8;
          if (out == SILLOK_RECOVERY_KEY_BYTES)
            goto bad;
          r[out++] = (acc >> nbits) & 0xff;
        }
    }
  if (out != SILLOK_RECOVERY_KEY_BYTES || nbits != 0)
    goto bad;
  sodium_memzero (&acc, sizeof acc);
  return g_steal_pointer (&raw);

bad:
  sodium_memzero (&acc, sizeof acc);
  g_set_error_literal (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_WRONG_PASSPHRASE,
                       _("Not a recovery key: expected 8 groups of 4 letters and digits 2–7"));
  return NULL;
}
