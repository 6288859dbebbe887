/* sillok-template.h: interview templates (schemas/template.schema.json)
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SILLOK_TEMPLATE_ERROR (sillok_template_error_quark ())

typedef enum
{
  SILLOK_TEMPLATE_ERROR_INVALID,    /* the template breaks a rule of the format */
  SILLOK_TEMPLATE_ERROR_NOT_FOUND,  /* no template with that id, version or digest */
  SILLOK_TEMPLATE_ERROR_PATH,       /* a field path that does not name a field of the template */
} SillokTemplateError;

typedef enum
{
  SILLOK_FIELD_TEXT,
  SILLOK_FIELD_LONGTEXT,
  SILLOK_FIELD_INTEGER,
  SILLOK_FIELD_BOOLEAN,
  SILLOK_FIELD_CHOICE,
  SILLOK_FIELD_MULTICHOICE,
  SILLOK_FIELD_PARTIAL_DATE,
  SILLOK_FIELD_PLACE,
  SILLOK_FIELD_SITES,
} SillokFieldType;

typedef enum
{
  SILLOK_SENSITIVITY_IDENTIFYING,
  SILLOK_SENSITIVITY_QUASI,
  SILLOK_SENSITIVITY_OPEN,
  SILLOK_SENSITIVITY_LEGAL,
} SillokSensitivity;

typedef enum
{
  SILLOK_ANONYMIZE_NONE,        /* not a quasi-identifier */
  SILLOK_ANONYMIZE_YEAR_BAND,   /* year-band:N */
  SILLOK_ANONYMIZE_YEAR,
  SILLOK_ANONYMIZE_YEAR_MONTH,
  SILLOK_ANONYMIZE_PROVINCE,
  SILLOK_ANONYMIZE_KEEP,
  SILLOK_ANONYMIZE_SUPPRESS,
} SillokAnonymize;

/* A text in each language: at least "en" and "ko". */
typedef struct
{
  char *en;
  char *ko;
} SillokText;

typedef struct
{
  char       *code;
  SillokText  label;
} SillokChoice;

typedef struct _SillokTemplateSection SillokTemplateSection;

typedef struct
{
  char                  *id;
  SillokFieldType        type;
  SillokText             label;
  SillokText             help;         /* may hold NULL texts */
  SillokSensitivity      sensitivity;
  SillokAnonymize        anonymize;
  guint                  band;         /* N of year-band:N */
  gboolean               required;
  GPtrArray             *choices;      /* SillokChoice, or NULL */
  gboolean               has_min, has_max;
  gint64                 min, max;
  guint                  max_length;   /* 0 = none */
  SillokTemplateSection *section;
} SillokTemplateField;

struct _SillokTemplateSection
{
  char       *id;
  SillokText  title;
  SillokText  help;
  gboolean    repeat;
  GPtrArray  *fields;                  /* SillokTemplateField */
};

/* A field path parsed against a template: section.field or section[i].field. */
typedef struct
{
  SillokTemplateSection *section;
  SillokTemplateField   *field;
  int                    index;        /* entry of a repeating section, -1 otherwise */
} SillokFieldPath;

typedef struct _SillokTemplate SillokTemplate;

/* The province codes the format fixes, with their English and Korean names. */
typedef struct
{
  const char *code;
  const char *en;
  const char *ko;
} SillokProvince;

GQuark                 sillok_template_error_quark   (void);

/* Reads and checks a template strictly (every rule of the format, with a
 * message naming the section and field at fault) and computes its digest. */
SillokTemplate        *sillok_template_new_from_data (const char      *data,
                                                      gsize            len,
                                                      GError         **error);
SillokTemplate        *sillok_template_new_from_file (const char      *path,
                                                      GError         **error);
SillokTemplate        *sillok_template_ref           (SillokTemplate  *self);
void                   sillok_template_unref         (SillokTemplate  *self);

const char            *sillok_template_get_id        (SillokTemplate  *self);
gint64                 sillok_template_get_version   (SillokTemplate  *self);
const SillokText      *sillok_template_get_title     (SillokTemplate  *self);
const SillokText      *sillok_template_get_description (SillokTemplate *self);
/* What replaces a redacted span of a narrative. */
const SillokText      *sillok_template_get_redacted  (SillokTemplate  *self);
/* Lower-case hex BLAKE2b-256 of the template's RFC 8785 bytes. */
const char            *sillok_template_get_digest    (SillokTemplate  *self);
/* The RFC 8785 bytes the digest is taken over. */
GBytes                *sillok_template_get_canonical (SillokTemplate  *self);
GPtrArray             *sillok_template_get_sections  (SillokTemplate  *self);
SillokTemplateSection *sillok_template_get_section   (SillokTemplate  *self,
                                                      const char      *id);
SillokTemplateField   *sillok_template_section_get_field (SillokTemplateSection *section,
                                                          const char            *id);

/* Parses "section.field" or "section[i].field" (i decimal, no leading
 * zeros) against the template; the error names what does not exist. */
gboolean               sillok_template_parse_path    (SillokTemplate  *self,
                                                      const char      *path,
                                                      SillokFieldPath *out,
                                                      GError         **error);
/* The path of a field in an entry (@index -1 for a non-repeating section). */
char                  *sillok_field_path_format      (SillokTemplateSection *section,
                                                      int                    index,
                                                      SillokTemplateField   *field);

/* The choice of @code, or NULL. */
const SillokChoice    *sillok_template_field_get_choice (SillokTemplateField *field,
                                                         const char          *code);

/* The text in @language ("ko" or "en"; anything else is English). */
const char            *sillok_text_get               (const SillokText *text,
                                                      const char       *language);
/* The user's language for texts: "ko" or "en", from the locale. */
const char            *sillok_text_language          (void);

const char            *sillok_field_type_to_string   (SillokFieldType   type);
const char            *sillok_sensitivity_to_string  (SillokSensitivity sensitivity);

const SillokProvince  *sillok_provinces              (guint           *n);
const SillokProvince  *sillok_province_lookup        (const char      *code);

/* Templates shipped and installed: the folders searched are
 * $SILLOK_DATADIR/templates (when set) and PKGDATADIR/templates. */
GPtrArray             *sillok_template_list_installed (GError        **error);
/* The installed template of @id, highest version unless @version > 0. */
SillokTemplate        *sillok_template_find_installed (const char     *id,
                                                       gint64          version,
                                                       GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SillokTemplate, sillok_template_unref)

G_END_DECLS
