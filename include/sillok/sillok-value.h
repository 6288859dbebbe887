/* sillok-value.h: field values — parsing, checking, showing, generalizing
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sillok-gazetteer.h"
#include "sillok-template.h"

G_BEGIN_DECLS

#define SILLOK_VALUE_ERROR (sillok_value_error_quark ())

typedef enum
{
  SILLOK_VALUE_ERROR_INVALID,  /* a value the field's type or choices do not allow */
} SillokValueError;

/* Longest values accepted, in characters. */
#define SILLOK_VALUE_TEXT_MAX      2000
#define SILLOK_VALUE_LONGTEXT_MAX  200000
/* Integers are exact in every JSON reader: |n| < 2^53. */
#define SILLOK_VALUE_INTEGER_MAX   G_GINT64_CONSTANT (9007199254740991)
/* Years a partial date may name. */
#define SILLOK_VALUE_YEAR_MIN      1900
#define SILLOK_VALUE_YEAR_MAX      2100

GQuark     sillok_value_error_quark   (void);

/* The value of @text as the command line writes it:
 *   text, longtext   the text
 *   integer          decimal digits, optional minus sign
 *   boolean          true or false
 *   choice           a code of the field
 *   multichoice      codes separated by commas (stored in the template's order)
 *   partial-date     YYYY, YYYY-MM or YYYY-MM-DD
 *   place            PROVINCE or PROVINCE:free text  (stored as ["province"] or ["province","text"])
 *   sites            a gazetteer id (stored as [id, English name, Korean name]) or free text ([text],
 *                    without spaces around it)
 * @gazetteer may be NULL (then every site is free text). */
JsonNode  *sillok_value_parse         (SillokTemplateField *field,
                                       const char          *text,
                                       SillokGazetteer     *gazetteer,
                                       GError             **error);
/* Checks a stored or received value against the field, as strictly as
 * sillok_value_parse() builds them. */
gboolean   sillok_value_check         (SillokTemplateField *field,
                                       JsonNode            *value,
                                       GError             **error);
/* The command-line form of a value (sillok_value_parse() reads it back). */
char      *sillok_value_to_text       (SillokTemplateField *field,
                                       JsonNode            *value);
/* A value for people: choice labels in @language, dates as written, sites by name. */
char      *sillok_value_display       (SillokTemplateField *field,
                                       JsonNode            *value,
                                       const char          *language);

/* What a reader sees of a disclosed value.  @name is the disclosure's name:
 * a field path ("episodes[1].category"), the path + "@anon" for its
 * generalized form, or a reserved name ("$consent", "$sealed_at@anon",
 * "$pseudonym", "$reason", "$attachment[N]", "$sealed_at").  Sets @section
 * (the section's title, with the entry's number in a repeating section;
 * "Record" for reserved names), @label (the field's label, "(generalized)"
 * for an "@anon" form) and @text (choices by their labels, provinces and
 * sites by name, consent by the labels of what was consented to).  What
 * @template (may be NULL) does not know keeps its raw name and plain text. */
void       sillok_value_describe      (SillokTemplate      *template,
                                       const char          *name,
                                       JsonNode            *value,
                                       const char          *language,
                                       char               **section,
                                       char               **label,
                                       char               **text);

/* The generalized form a quasi-identifying value leaves in (its field's
 * anonymize rule), or NULL when it does not leave (suppress, or not quasi). */
JsonNode  *sillok_value_anonymize     (SillokTemplateField *field,
                                       JsonNode            *value);

/* Splits a partial date; month and day are 0 when absent. */
gboolean   sillok_partial_date_parse  (const char *text,
                                       int        *year,
                                       int        *month,
                                       int        *day);

G_END_DECLS
