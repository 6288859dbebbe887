/* sillok-editor-actions.c: sealing, amending, entries and attachments
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sillok-editor-page-private.h"

static void
done_then_reload (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SillokEditorPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (sillok_session_run_finish (SILLOK_SESSION (source), result, &error) == NULL)
    sillok_editor_page_show_error (self, _("The Record Could Not Be Changed"), error);
  sillok_editor_page_reload (self);
  sillok_editor_page_changed (self);
}

/* Seal ------------------------------------------------------------------ */

static void
jump_to (SillokEditorPage *self,
         const char       *path)
{
  SillokFieldEditor *editor = sillok_editor_page_get_field (self, path);

  if (editor != NULL)
    sillok_field_editor_focus (editor);
}

static void
sealed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SillokEditorPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (sillok_session_run_finish (SILLOK_SESSION (source), result, &error) == NULL)
    {
      if (self->seal_dialog != NULL)
        sillok_seal_dialog_show_error (self->seal_dialog, error->message);
      return;
    }
  if (self->seal_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->seal_dialog));
  sillok_editor_page_reload (self);
  sillok_editor_page_changed (self);
}

static void
seal_confirmed (SillokEditorPage *self)
{
  if (self->uuid != NULL)
    sillok_editor_job_seal (self->session, self->uuid, sealed_cb, g_object_ref (self));
}

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SillokEditorPage) self = user_data;
  g_autoptr(GError) error = NULL;
  SillokSealCheck *check = sillok_session_run_finish (SILLOK_SESSION (source), result, &error);

  if (self->seal_dialog == NULL)
    g_clear_pointer (&check, sillok_seal_check_free);
  else if (check == NULL)
    sillok_seal_dialog_show_error (self->seal_dialog, error->message);
  else if (check->missing->len > 0)
    sillok_seal_dialog_show_missing (self->seal_dialog, check->missing);
  else
    sillok_seal_dialog_show_preview (self->seal_dialog, check->preview, check->signer, check->key_id);
  g_clear_pointer (&check, sillok_seal_check_free);
}

static void
seal_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SillokEditorPage *self = SILLOK_EDITOR_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  SillokSealDialog *dialog;

  if (self->uuid == NULL || self->seal_dialog != NULL)
    return;
  /* What is checked and shown is what was typed, up to the last key. */
  sillok_editor_page_flush (self);
  dialog = sillok_seal_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  g_set_weak_pointer (&self->seal_dialog, dialog);
  g_signal_connect_object (dialog, "jump", G_CALLBACK (jump_to), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "seal", G_CALLBACK (seal_confirmed), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  sillok_editor_job_check_seal (self->session, self->uuid, self->language, checked_cb, g_object_ref (self));
}

/* Amend ----------------------------------------------------------------- */

static void
reason_changed (AdwMessageDialog *dialog,
                GtkEditable      *entry)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "amend", *reason != '\0');
}

static void
amend_response (SillokEditorPage *self,
                const char       *response,
                AdwMessageDialog *dialog)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (!g_str_equal (response, "amend") || *reason == '\0' || self->uuid == NULL)
    return;
  sillok_editor_job_amend (self->session, self->uuid, reason, done_then_reload, g_object_ref (self));
}

static void
amend_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SillokEditorPage *self = SILLOK_EDITOR_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *entry = gtk_entry_new ();
  AdwMessageDialog *dialog;

  if (self->loaded == NULL || self->amend_dialog != NULL)
    return;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Amend the Record?"),
                                                       _("A sealed record never changes. Amending opens a new "
                                                         "draft that replaces it once sealed; the reason is signed "
                                                         "with it and shown to everyone who reads the record.")));
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason for the amendment"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason for the amendment"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "amend", _("_Amend"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "amend", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "amend");
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_response_enabled (dialog, "amend", FALSE);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (reason_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (amend_response), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->amend_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* Entries ---------------------------------------------------------------- */

static void
entry_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SillokEditorPage *self = SILLOK_EDITOR_PAGE (widget);
  const char *section;
  guint a = 0, b = 0;
  const char *op;

  if (self->uuid == NULL)
    return;
  if (g_str_equal (action_name, "editor.add-entry"))
    {
      op = "add";
      section = g_variant_get_string (parameter, NULL);
    }
  else if (g_str_equal (action_name, "editor.remove-entry"))
    {
      op = "remove";
      g_variant_get (parameter, "(&su)", &section, &a);
    }
  else
    {
      op = "move";
      g_variant_get (parameter, "(&suu)", &section, &a, &b);
    }
  /* Values follow their entry: save them before entries move. */
  sillok_editor_page_flush (self);
  sillok_editor_job_entry (self->session, self->uuid, op, section, a, b, done_then_reload, g_object_ref (self));
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  sillok_editor_page_flush (SILLOK_EDITOR_PAGE (widget));
}

/* Attachments ------------------------------------------------------------- */

static const char *const sensitivities[] = { "identifying", "quasi", "open", "legal" };

static const char *
sensitivity_label (const char *sensitivity)
{
  if (g_strcmp0 (sensitivity, "identifying") == 0)
    return _("Identifying: never in anonymized exports");
  if (g_strcmp0 (sensitivity, "quasi") == 0)
    return _("Partly identifying: never in anonymized exports");
  if (g_strcmp0 (sensitivity, "legal") == 0)
    return _("Legal: only in legal exports");
  return _("Open: in every export");
}

void
sillok_editor_page_attach (SillokEditorPage *self,
                           GFile            *file,
                           const char       *sensitivity)
{
  g_return_if_fail (SILLOK_IS_EDITOR_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->uuid == NULL)
    return;
  sillok_editor_page_flush (self);
  sillok_editor_job_attach (self->session, self->uuid, file, sensitivity, done_then_reload, g_object_ref (self));
}

static void
sensitivity_response (SillokEditorPage *self,
                      const char       *response,
                      AdwMessageDialog *dialog)
{
  GtkDropDown *choice = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog));
  GFile *file = g_object_get_data (G_OBJECT (dialog), "file");
  guint selected = gtk_drop_down_get_selected (choice);

  if (g_str_equal (response, "add") && selected < G_N_ELEMENTS (sensitivities))
    sillok_editor_page_attach (self, file, sensitivities[selected]);
}

static void
ask_sensitivity (SillokEditorPage *self,
                 GFile            *file)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *body = g_strdup_printf (_("How much does “%s” say about who the witness is? Voices and faces "
                                             "identify people."), name);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (root),
                                                                         _("Add the File?"), body));
  GtkWidget *choice;

  for (guint i = 0; i < G_N_ELEMENTS (sensitivities); i++)
    gtk_string_list_append (labels, sensitivity_label (sensitivities[i]));
  choice = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (choice), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sensitivity"), -1);
  adw_message_dialog_set_extra_child (dialog, choice);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "add", _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "file", g_object_ref (file), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (sensitivity_response), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
chooser_response (GtkNativeDialog  *chooser,
                  int               response,
                  SillokEditorPage *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL && self->uuid != NULL)
    ask_sensitivity (self, file);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
add_attachment_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Add a File"), GTK_WINDOW (root),
                                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"),
                                                               _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response), g_object_ref (widget));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
detach_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SillokEditorPage *self = SILLOK_EDITOR_PAGE (widget);

  if (self->uuid == NULL)
    return;
  sillok_editor_job_detach (self->session, self->uuid, g_variant_get_uint32 (parameter), done_then_reload,
                            g_object_ref (self));
}

/* Plaintext never touches the disk: audio and video play in-process from
 * memory (see sillok_editor_job_open_attachment()), where GTK has a media
 * backend; photos and text open from memory (below); other files only show
 * their size and hash. */
static gboolean
media_available (void)
{
  static int available = -1;

  if (available < 0)
    {
      g_autoptr(GtkMediaStream) probe = GTK_MEDIA_STREAM (gtk_media_file_new ());
      available = !g_str_equal (G_OBJECT_TYPE_NAME (probe), "GtkNoMediaFile");
    }
  return available;
}

typedef struct
{
  SillokEditorPage *page;
  char             *name;
  char             *media_type;
} View;

static View *
view_new (SillokEditorPage *page,
          SillokAttachment *a)
{
  View *view = g_new0 (View, 1);

  view->page = g_object_ref (page);
  view->name = g_strdup (a->name);
  view->media_type = g_strdup (a->media_type);
  return view;
}

static void
view_free (View *view)
{
  g_object_unref (view->page);
  g_free (view->name);
  g_free (view->media_type);
  g_free (view);
}

/* The attachment @n of the loaded version, or NULL. */
static SillokAttachment *
find_attachment (SillokEditorPage *self,
                 guint             n)
{
  GPtrArray *attachments = sillok_record_get_attachments (self->loaded->record);

  for (guint i = 0; i < attachments->len; i++)
    {
      SillokAttachment *a = attachments->pdata[i];

      if (a->n == n)
        return a;
    }
  return NULL;
}

/* GStreamer's reason, without the element path and debug lines GTK's
 * backend wraps it in ("Error from element PATH: GENERAL\nSPECIFIC\nDEBUG"). */
static char *
media_error_reason (const GError *error)
{
  g_auto(GStrv) lines = g_strsplit (error->message, "\n", 3);
  const char *reason = lines[0] != NULL ? lines[0] : "";

  if (g_str_has_prefix (reason, "Error from element "))
    {
      if (lines[1] != NULL && *lines[1] != '\0')
        reason = lines[1];
      else if (strstr (reason, ": ") != NULL)
        reason = strstr (reason, ": ") + 2;
    }
  return g_strdup (reason);
}

/* Once GStreamer gives up, the controls can do nothing: the reason takes
 * their place. */
static void
media_error_cb (GtkMediaStream *media,
                GParamSpec     *pspec,
                GtkLabel       *label)
{
  const GError *error = gtk_media_stream_get_error (media);
  g_autofree char *reason = NULL;
  g_autofree char *text = NULL;

  if (error == NULL)
    return;
  reason = media_error_reason (error);
  /* Translators: %s is GStreamer's reason, such as "Could not determine type of stream." */
  text = g_strdup_printf (_("Cannot play this recording: %s"), reason);
  gtk_label_set_label (label, text);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
  gtk_widget_set_visible (gtk_widget_get_next_sibling (GTK_WIDGET (label)), FALSE);
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  View *view = user_data;
  SillokEditorPage *self = view->page;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = sillok_session_run_finish (SILLOK_SESSION (source), result, &error);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkMediaStream) media = NULL;
  GtkWidget *window, *box, *label, *controls;

  if (file == NULL)
    {
      if (!g_error_matches (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_LOCKED))
        sillok_editor_page_show_error (self, _("The Attachment Could Not Be Opened"), error);
      view_free (view);
      return;
    }
  if (self->player != NULL)
    gtk_window_destroy (self->player);
  media = gtk_media_file_new_for_file (file);
  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), view->name);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 420, -1);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  /* What GStreamer could not do (no decoder for the format, a damaged
   * file), said rather than left as controls that do nothing. */
  label = gtk_label_new (NULL);
  gtk_widget_set_name (label, "playback-error");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_bottom (label, 18);
  gtk_widget_set_visible (label, FALSE);
  gtk_box_append (GTK_BOX (box), label);
  g_signal_connect_object (media, "notify::error", G_CALLBACK (media_error_cb), label, 0);
  controls = gtk_media_controls_new (media);
  gtk_widget_set_margin_start (controls, 12);
  gtk_widget_set_margin_end (controls, 12);
  gtk_widget_set_margin_bottom (controls, 12);
  gtk_box_append (GTK_BOX (box), controls);
  adw_window_set_content (ADW_WINDOW (window), box);
  g_set_weak_pointer (&self->player, GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
  /* Play was what was asked for. */
  gtk_media_stream_play (media);
  view_free (view);
}

static void
play_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SillokEditorPage *self = SILLOK_EDITOR_PAGE (widget);
  SillokAttachment *a;

  if (self->loaded == NULL || (a = find_attachment (self, g_variant_get_uint32 (parameter))) == NULL)
    return;
  sillok_editor_job_open_attachment (self->session, self->uuid, sillok_record_get_version (self->loaded->record),
                                     a->n, opened_cb, view_new (self, a));
}

/* Photos and text open in a window of their own, from memory: the
 * plaintext is read by a job, shown, and never written anywhere. */
#define VIEW_MAX_BYTES (64u * 1024 * 1024)

static gboolean
viewable (const char *media_type)
{
  return g_str_has_prefix (media_type, "image/") || g_str_has_prefix (media_type, "text/");
}

static void
viewed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  View *view = user_data;
  SillokEditorPage *self = view->page;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = sillok_session_run_finish (SILLOK_SESSION (source), result, &error);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *window, *box, *scrolled, *content = NULL;

  if (bytes != NULL && g_str_has_prefix (view->media_type, "image/"))
    {
      g_autoptr(GdkTexture) texture = gdk_texture_new_from_bytes (bytes, &error);

      if (texture != NULL)
        {
          content = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
          gtk_picture_set_can_shrink (GTK_PICTURE (content), TRUE);
        }
    }
  else if (bytes != NULL)
    {
      gsize len;
      const char *text = g_bytes_get_data (bytes, &len);

      if (g_utf8_validate (text, len, NULL))
        {
          GtkTextBuffer *buffer = gtk_text_buffer_new (NULL);

          gtk_text_buffer_set_text (buffer, text, len);
          content = gtk_text_view_new_with_buffer (buffer);
          g_object_unref (buffer);
          gtk_text_view_set_editable (GTK_TEXT_VIEW (content), FALSE);
          gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (content), GTK_WRAP_WORD_CHAR);
          gtk_text_view_set_monospace (GTK_TEXT_VIEW (content), TRUE);
          gtk_widget_add_css_class (content, "attachment-text");
          g_object_set (content, "top-margin", 12, "bottom-margin", 12, "left-margin", 12, "right-margin", 12, NULL);
        }
      else
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The file is not UTF-8 text"));
    }
  if (content == NULL)
    {
      if (!g_error_matches (error, SILLOK_VAULT_ERROR, SILLOK_VAULT_ERROR_LOCKED))
        sillok_editor_page_show_error (self, _("The Attachment Could Not Be Opened"), error);
      view_free (view);
      return;
    }
  if (self->player != NULL)
    gtk_window_destroy (self->player);
  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), view->name);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 560);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  scrolled = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), content);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (window), box);
  g_set_weak_pointer (&self->player, GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
  view_free (view);
}

static void
view_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SillokEditorPage *self = SILLOK_EDITOR_PAGE (widget);
  SillokAttachment *a;

  if (self->loaded == NULL || (a = find_attachment (self, g_variant_get_uint32 (parameter))) == NULL
      || !viewable (a->media_type))
    return;
  sillok_editor_job_read_attachment (self->session, self->uuid, sillok_record_get_version (self->loaded->record),
                                     a->n, VIEW_MAX_BYTES, viewed_cb, view_new (self, a));
}

static GtkWidget *
row_button (const char *icon,
            const char *label,
            const char *action,
            guint       n)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", n);
  return button;
}

GtkWidget *
sillok_editor_page_attachments_group (SillokEditorPage *self)
{
  SillokRecord *record = self->loaded->record;
  gboolean draft = sillok_record_get_status (record) == SILLOK_RECORD_DRAFT;
  GPtrArray *attachments = sillok_record_get_attachments (record);
  GtkWidget *group = adw_preferences_group_new ();

  gtk_widget_set_name (group, "attachments");
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Attachments"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Recordings, photos and documents are kept encrypted in the vault "
                                           "and are never written to this computer’s disk in the clear."));
  for (guint i = 0; i < attachments->len; i++)
    {
      SillokAttachment *a = attachments->pdata[i];
      g_autofree char *size = g_format_size (a->size);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s · BLAKE2b %.16s…\n%s", a->media_type, size, a->b2,
                                                   sensitivity_label (a->sensitivity));
      GtkWidget *row = adw_action_row_new ();
      gboolean media = g_str_has_prefix (a->media_type, "audio/") || g_str_has_prefix (a->media_type, "video/");

      if (media && !media_available ())
        {
          /* Say why there is no Play, rather than leave the user to guess. */
          g_autofree char *why = g_strdup_printf ("%s\n%s", subtitle,
                                                  _("Cannot be played on this computer: GTK’s media support "
                                                    "(GStreamer) is not installed"));
          g_free (subtitle);
          subtitle = g_steal_pointer (&why);
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), a->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_set_name (row, a->name);
      if (media && media_available ())
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), row_button ("media-playback-start-symbolic", _("Play"),
                                                                     "editor.play", a->n));
      else if (viewable (a->media_type))
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), row_button ("document-open-symbolic", _("Open"),
                                                                     "editor.view", a->n));
      if (draft)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), row_button ("user-trash-symbolic", _("Remove Attachment"),
                                                                     "editor.detach", a->n));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  if (draft)
    {
      GtkWidget *add = gtk_button_new_with_mnemonic (_("Add _File…"));

      gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "editor.add-attachment");
      gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), add);
    }
  return group;
}

/* Signature --------------------------------------------------------------- */

static void
add_detail (GtkWidget  *group,
            const char *title,
            const char *value)
{
  GtkWidget *row;

  if (value == NULL)
    return;
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

GtkWidget *
sillok_editor_page_signature_group (SillokEditorPage *self)
{
  SillokRecord *record = self->loaded->record;
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *title = g_strdup_printf (_("Sealed Version %u"), sillok_record_get_version (record));
  g_autofree char *signer = sillok_record_get_signer (record);

  gtk_widget_set_name (group, "signature");
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("This version is signed and can no longer change. To correct it, "
                                           "amend it."));
  add_detail (group, _("Sealed at"), sillok_record_get_sealed_at (record));
  add_detail (group, _("Signing key ID"), signer);
  add_detail (group, _("Statement digest (BLAKE2b-256)"), sillok_record_get_statement_digest (record));
  add_detail (group, _("Replaces the statement"), sillok_record_get_supersedes (record));
  add_detail (group, _("Reason for the amendment"), sillok_record_get_reason (record));
  return group;
}

void
sillok_editor_page_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "editor.seal", NULL, seal_activated);
  gtk_widget_class_install_action (widget_class, "editor.amend", NULL, amend_activated);
  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "editor.add-entry", "s", entry_activated);
  gtk_widget_class_install_action (widget_class, "editor.remove-entry", "(su)", entry_activated);
  gtk_widget_class_install_action (widget_class, "editor.move-entry", "(suu)", entry_activated);
  gtk_widget_class_install_action (widget_class, "editor.add-attachment", NULL, add_attachment_activated);
  gtk_widget_class_install_action (widget_class, "editor.detach", "u", detach_activated);
  gtk_widget_class_install_action (widget_class, "editor.play", "u", play_activated);
  gtk_widget_class_install_action (widget_class, "editor.view", "u", view_activated);
}
