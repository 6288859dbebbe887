/* sillok-jcs-private.h: pieces shared by the JSON reader and writer
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A growing byte buffer that wipes every copy it leaves behind: strings
 * and canonical forms may hold testimony. */
typedef struct
{
  char  *data;
  gsize  len;
  gsize  cap;
} SillokJcsBuffer;

void      sillok_jcs_buffer_append     (SillokJcsBuffer *buf,
                                        const void      *bytes,
                                        gsize            len);
void      sillok_jcs_buffer_append_c   (SillokJcsBuffer *buf,
                                        char             c);
/* Makes the buffer @len bytes long, for a caller to fill. */
void      sillok_jcs_buffer_set_size   (SillokJcsBuffer *buf,
                                        gsize            len);
/* Empties the buffer, wiping its bytes but keeping the allocation. */
void      sillok_jcs_buffer_reset      (SillokJcsBuffer *buf);
/* Wipes and frees the bytes. */
void      sillok_jcs_buffer_clear      (SillokJcsBuffer *buf);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SillokJcsBuffer, sillok_jcs_buffer_clear)

/* Appends the RFC 8785 bytes of @node to @out. */
gboolean  sillok_jcs_write             (SillokJcsBuffer *out,
                                        JsonNode        *node,
                                        GError         **error);

/* Decodes one UTF-8 sequence at @p (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF).  Returns its length, or 0 when the
 * bytes are not valid UTF-8. */
gsize     sillok_jcs_utf8_decode       (const guchar *p,
                                        gsize         avail,
                                        gunichar     *out);

/* Room for the longest Number::toString result, "-0.0000033333333333333333". */
#define SILLOK_JCS_NUMBER_BUFFER 40

/* Writes a finite double in RFC 8785 form; NaN and Infinity are errors. */
gboolean  sillok_jcs_format_double     (double   value,
                                        char     out[SILLOK_JCS_NUMBER_BUFFER],
                                        GError **error);

G_END_DECLS
