/* test-playback.c: a recording attached to an interview plays from the
 * vault through GTK's media backend, and one that cannot play says why,
 * in English and Korean, light and dark
 *
 * Needs GTK's GStreamer backend (libgtk-4-media-gstreamer) with GStreamer's
 * base and good plugins, as build-aux/install-deps.sh installs them; skips
 * without the backend.  No sound card is needed: GStreamer's autoaudiosink
 * falls back to a sink that plays in time without a device.  Saves
 * <build>/tests/screenshots/playback{,-error}-LANGUAGE-SCHEME.png.
 *
 * Copyright 2026 The Sillok authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sillok-config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>

#include "sillok/sillok-record.h"
#include "sillok-gui-test-utils.h"
#include "sillok-record-list-model.h"

#define WAV_RATE    8000
#define WAV_SECONDS 2

static gboolean
media_backend (void)
{
  g_autoptr(GtkMediaStream) probe = GTK_MEDIA_STREAM (gtk_media_file_new ());

  return !g_str_equal (G_OBJECT_TYPE_NAME (probe), "GtkNoMediaFile");
}

static void
put_le (GByteArray *wav,
        guint32     value,
        guint       bytes)
{
  for (guint i = 0; i < bytes; i++)
    {
      guint8 b = (value >> (8 * i)) & 0xff;

      g_byte_array_append (wav, &b, 1);
    }
}

/* WAV_SECONDS of a 440 Hz tone: 16-bit mono PCM at WAV_RATE. */
static void
write_wav (const char *path)
{
  guint samples = WAV_RATE * WAV_SECONDS;
  g_autoptr(GByteArray) wav = g_byte_array_new ();
  g_autoptr(GError) error = NULL;

  g_byte_array_append (wav, (const guint8 *) "RIFF", 4);
  put_le (wav, 36 + samples * 2, 4);
  g_byte_array_append (wav, (const guint8 *) "WAVEfmt ", 8);
  put_le (wav, 16, 4);              /* the format chunk's size */
  put_le (wav, 1, 2);               /* PCM */
  put_le (wav, 1, 2);               /* mono */
  put_le (wav, WAV_RATE, 4);
  put_le (wav, WAV_RATE * 2, 4);    /* bytes per second */
  put_le (wav, 2, 2);               /* bytes per frame */
  put_le (wav, 16, 2);              /* bits per sample */
  g_byte_array_append (wav, (const guint8 *) "data", 4);
  put_le (wav, samples * 2, 4);
  for (guint i = 0; i < samples; i++)
    put_le (wav, (guint16) (gint16) lround (8000 * sin (2 * G_PI * 440 * i / WAV_RATE)), 2);
  g_assert_true (g_file_set_contents (path, (const char *) wav->data, wav->len, &error));
  g_assert_no_error (error);
}

/* Attaches @path as the user does after choosing it, and returns its number. */
static guint
attach (SillokEditorPage *editor,
        const char       *path,
        const char       *media_type)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *name = g_path_get_basename (path);
  GPtrArray *attachments;
  guint count = sillok_record_get_attachments (sillok_editor_page_get_record (editor))->len;
  SillokAttachment *a;

  sillok_editor_page_attach (editor, file, "identifying");
  SILLOK_WAIT_UNTIL (!sillok_editor_page_get_loading (editor)
                     && sillok_record_get_attachments (sillok_editor_page_get_record (editor))->len == count + 1,
                     20000);
  attachments = sillok_record_get_attachments (sillok_editor_page_get_record (editor));
  a = attachments->pdata[count];
  g_assert_cmpstr (a->name, ==, name);
  g_assert_cmpstr (a->media_type, ==, media_type);
  return a->n;
}

/* The size of the largest memory file a recording is played from that
 * this process still holds open (Sillok's descriptor, or GStreamer's). */
static goffset
memory_file_bytes (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;
  goffset bytes = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (path, NULL);
      GStatBuf st;

      if (target != NULL && g_str_has_prefix (target, "/memfd:sillok-attachment") && g_stat (path, &st) == 0)
        bytes = MAX (bytes, st.st_size);
    }
  return bytes;
}

/* Waits until the position of @media holds for 300 ms (a pause takes
 * effect in GStreamer's thread, a moment later) and returns it. */
static gint64
wait_still (GtkMediaStream *media)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) 10 * G_USEC_PER_SEC * sillok_gui_test_wait_scale ();
  gint64 before = -1;

  while (gtk_media_stream_get_timestamp (media) != before)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      before = gtk_media_stream_get_timestamp (media);
      sillok_gui_test_spin (300);
    }
  return before;
}

/* Clicks the Play button of the attachment row @name (rows are named after
 * their file), as the user does, and returns the player window it opens. */
static GtkWindow *
play (SillokEditorPage *editor,
      const char       *name)
{
  GtkWidget *row = sillok_gui_test_find_named (sillok_gui_test_find_named (editor, "attachments"), name);
  GtkWidget *button;
  GtkWindow *player;

  g_assert_true (ADW_IS_ACTION_ROW (row));
  button = sillok_gui_test_find_action_button (row, "editor.play");
  g_assert_nonnull (button);
  sillok_gui_test_scroll_to (row);
  sillok_gui_test_click (button);
  SILLOK_WAIT_UNTIL ((player = sillok_gui_test_find_window (name)) != NULL, 20000);
  return player;
}

static void
test_playback (gconstpointer data)
{
  const SillokGuiVariant *variant = data;
  SillokApplication *app;
  SillokWindow *window;
  SillokEditorPage *editor;
  g_autofree char *dir = NULL;
  g_autofree char *wav = NULL;
  g_autofree char *ogg = NULL;
  char *path;

  if (!media_backend ())
    {
      g_test_skip ("GTK has no media backend here (libgtk-4-media-gstreamer is not installed)");
      return;
    }
  SILLOK_TEST_IN_SUBPROCESS (300);

  window = sillok_gui_test_open_variant (variant, &app, &path);
  dir = g_path_get_dirname (path);
  editor = sillok_gui_test_new_interview (window);

  /* A two-second tone plays through to its end, in time, without error. */
  wav = g_build_filename (dir, "testimony.wav", NULL);
  write_wav (wav);
  attach (editor, wav, "audio/x-wav");
  {
    GtkWindow *player = play (editor, "testimony.wav");
    GtkMediaControls *controls = sillok_gui_test_find (player, GTK_TYPE_MEDIA_CONTROLS);
    GtkMediaStream *media;
    GtkWidget *play_button;
    gint64 started, paused_at;

    g_assert_nonnull (controls);
    media = gtk_media_controls_get_media_stream (controls);
    g_assert_nonnull (media);
    g_object_ref (media);
    /* Play in the row means play: nothing more to press. */
    g_assert_true (gtk_media_stream_get_playing (media));
    SILLOK_WAIT_UNTIL (gtk_media_stream_is_prepared (media) || gtk_media_stream_get_error (media) != NULL, 20000);
    g_assert_no_error (gtk_media_stream_get_error (media));
    g_assert_true (gtk_media_stream_has_audio (media));
    g_assert_cmpint (gtk_media_stream_get_duration (media), >=, WAV_SECONDS * G_USEC_PER_SEC - 50000);
    g_assert_cmpint (gtk_media_stream_get_duration (media), <=, WAV_SECONDS * G_USEC_PER_SEC + 50000);
    /* It plays: the position moves on, in time, not all at once (the sink
     * paces it even with no sound card). */
    started = g_get_monotonic_time ();
    SILLOK_WAIT_UNTIL (gtk_media_stream_get_timestamp (media) >= 300000 || gtk_media_stream_get_ended (media)
                       || gtk_media_stream_get_error (media) != NULL, 20000);
    g_assert_no_error (gtk_media_stream_get_error (media));
    g_assert_false (gtk_media_stream_get_ended (media));
    g_assert_cmpint (g_get_monotonic_time () - started, >=, 300000 / 2);
    /* The controls' button pauses it: the position holds, short of the end. */
    play_button = sillok_gui_test_child (controls, GTK_TYPE_MEDIA_CONTROLS, "play_button");
    sillok_gui_test_click (play_button);
    g_assert_false (gtk_media_stream_get_playing (media));
    paused_at = wait_still (media);
    g_assert_false (gtk_media_stream_get_ended (media));
    g_assert_cmpint (paused_at, >=, 300000);
    g_assert_cmpint (paused_at, <, gtk_media_stream_get_duration (media));
    g_assert_false (gtk_widget_get_visible (sillok_gui_test_find_named (player, "playback-error")));
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (controls)));
    sillok_gui_test_shoot (GTK_WIDGET (player), "playback", variant);
    /* Pressed again, it plays on to the end, in time. */
    sillok_gui_test_click (play_button);
    g_assert_true (gtk_media_stream_get_playing (media));
    started = g_get_monotonic_time ();
    SILLOK_WAIT_UNTIL (gtk_media_stream_get_ended (media) || gtk_media_stream_get_error (media) != NULL, 20000);
    g_assert_no_error (gtk_media_stream_get_error (media));
    g_assert_false (gtk_media_stream_get_playing (media));
    g_assert_cmpint (g_get_monotonic_time () - started, >=, (gtk_media_stream_get_duration (media) - paused_at) / 2);
    /* The plaintext is in memory while it plays, and gone with the player. */
    g_assert_cmpint (memory_file_bytes (), ==, 2 * WAV_RATE * WAV_SECONDS + 44);
    gtk_window_destroy (player);
    g_object_unref (media);
    SILLOK_WAIT_UNTIL (memory_file_bytes () == 0, 10000);
  }

  /* A file GStreamer cannot read: the player says so, in words. */
  {
    /* An Ogg page's start; the rest zeros. */
    static const char start[16] = "OggS\0\2";
    GtkWindow *player;
    GtkMediaStream *media;
    GtkWidget *label;
    g_autofree char *prefix = NULL;

    ogg = g_build_filename (dir, "damaged.ogg", NULL);
    g_assert_true (g_file_set_contents (ogg, start, sizeof start, NULL));
    attach (editor, ogg, "audio/ogg");
    player = play (editor, "damaged.ogg");
    media = gtk_media_controls_get_media_stream (sillok_gui_test_find (player, GTK_TYPE_MEDIA_CONTROLS));
    label = sillok_gui_test_find_named (player, "playback-error");
    SILLOK_WAIT_UNTIL (gtk_media_stream_get_error (media) != NULL, 20000);
    g_assert_true (gtk_widget_get_visible (label));
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (sillok_gui_test_find (player, GTK_TYPE_MEDIA_CONTROLS))));
    prefix = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "Cannot play this recording: %s"), "");
    g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (label)), prefix));
    /* GStreamer's reason, not its element path or debug lines. */
    g_assert_cmpuint (strlen (gtk_label_get_label (GTK_LABEL (label))), >, strlen (prefix));
    g_assert_null (strstr (gtk_label_get_label (GTK_LABEL (label)), "GstPlayBin"));
    g_assert_null (strchr (gtk_label_get_label (GTK_LABEL (label)), '\n'));
    sillok_gui_test_assert_language (GTK_WIDGET (player), variant, "Cannot play this recording");
    sillok_gui_test_shoot (GTK_WIDGET (player), "playback-error", variant);
    gtk_window_destroy (player);
  }

  SILLOK_WAIT_UNTIL (!sillok_session_get_busy (sillok_window_get_session (window)), 20000);
  sillok_gui_test_close (app, window, path);
}

int
main (int    argc,
      char **argv)
{
  sillok_gui_test_init (&argc, &argv);

  sillok_gui_test_add_variants ("/playback", test_playback);
  return g_test_run ();
}
