/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A streaming writer for billmgr documents. The same calls produce either billmgr's XML or its
 * out=json mapping (text in "$", attributes as "$name", repeated elements as arrays). Writing
 * straight into a GString keeps a 100,000-row list well under a second.
 */
#include "isplic-sim-private.h"

#include <string.h>

typedef struct {
  const char *name;      /* element name (array frames: the items' name) */
  gboolean    first;     /* JSON: nothing written in this object/array yet */
  gboolean    is_array;
  gboolean    tag_open;  /* XML: "<name ..." written, ">" not yet */
} Frame;

struct _SimWriter {
  GString *out;
  gboolean xml;
  GArray  *stack;        /* of Frame */
};

SimWriter *
sim_writer_new (gboolean xml,
                gsize    reserve)
{
  SimWriter *w = g_new0 (SimWriter, 1);

  w->out = g_string_sized_new (reserve > 0 ? reserve : 1024);
  w->xml = xml;
  w->stack = g_array_new (FALSE, FALSE, sizeof (Frame));
  if (xml)
    g_string_append (w->out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  else
    g_string_append_c (w->out, '{');
  return w;
}

void
sim_writer_free (SimWriter *w)
{
  if (w == NULL)
    return;
  g_string_free (w->out, TRUE);
  g_array_unref (w->stack);
  g_free (w);
}

char *
sim_writer_finish (SimWriter *w,
                   gsize     *len)
{
  char *text;

  g_assert (w->stack->len == 0);
  if (!w->xml)
    g_string_append_c (w->out, '}');
  if (len)
    *len = w->out->len;
  text = g_string_free (w->out, FALSE);
  g_array_unref (w->stack);
  g_free (w);
  return text;
}

gsize
sim_writer_get_len (SimWriter *w)
{
  return w->out->len;
}

guint
sim_writer_get_depth (SimWriter *w)
{
  return w->stack->len;
}

void
sim_writer_truncate (SimWriter *w,
                     gsize      len,
                     guint      depth)
{
  g_assert (len <= w->out->len && depth <= w->stack->len);
  g_string_truncate (w->out, len);
  g_array_set_size (w->stack, depth);
}

static Frame *
top (SimWriter *w)
{
  if (w->stack->len == 0)
    return NULL;
  return &g_array_index (w->stack, Frame, w->stack->len - 1);
}

void
sim_json_escape (GString    *out,
                 const char *s)
{
  const char *run = s;

  g_string_append_c (out, '"');
  for (; *s; s++)
    {
      guchar c = (guchar) *s;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, s - run);
      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default: g_string_append_printf (out, "\\u%04x", c); break;
        }
      run = s + 1;
    }
  g_string_append_len (out, run, s - run);
  g_string_append_c (out, '"');
}

static void
escape_xml (GString    *out,
            const char *s)
{
  const char *run = s;

  for (; *s; s++)
    {
      guchar c = (guchar) *s;
      const char *rep;

      switch (c)
        {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&apos;"; break;
        default:
          /* Control characters are not allowed in XML 1.0. */
          rep = (c < 0x20 && c != '\n' && c != '\r' && c != '\t') ? "" : NULL;
          break;
        }
      if (rep == NULL)
        continue;
      g_string_append_len (out, run, s - run);
      g_string_append (out, rep);
      run = s + 1;
    }
  g_string_append_len (out, run, s - run);
}

/* JSON: a comma between members; XML: close a pending start tag before content. */
static void
before_member (SimWriter *w)
{
  Frame *f = top (w);

  if (f == NULL)
    return;
  if (w->xml)
    {
      if (f->tag_open)
        {
          g_string_append_c (w->out, '>');
          f->tag_open = FALSE;
        }
    }
  else
    {
      if (!f->first)
        g_string_append_c (w->out, ',');
    }
  f->first = FALSE;
}

void
sim_writer_begin (SimWriter  *w,
                  const char *name)
{
  Frame *parent = top (w);
  Frame f = { name, TRUE, FALSE, FALSE };

  if (parent && parent->is_array)
    f.name = parent->name;
  g_assert (f.name != NULL);

  if (w->xml)
    {
      before_member (w);
      g_string_append_c (w->out, '<');
      g_string_append (w->out, f.name);
      f.tag_open = TRUE;
    }
  else
    {
      before_member (w);
      if (!(parent && parent->is_array))
        {
          sim_json_escape (w->out, f.name);
          g_string_append_c (w->out, ':');
        }
      g_string_append_c (w->out, '{');
    }
  g_array_append_val (w->stack, f);
}

void
sim_writer_end (SimWriter *w)
{
  Frame *f = top (w);

  g_assert (f != NULL && !f->is_array);
  if (w->xml)
    {
      if (f->tag_open)
        g_string_append (w->out, "/>");
      else
        {
          g_string_append (w->out, "</");
          g_string_append (w->out, f->name);
          g_string_append_c (w->out, '>');
        }
    }
  else
    g_string_append_c (w->out, '}');
  g_array_set_size (w->stack, w->stack->len - 1);
}

void
sim_writer_begin_array (SimWriter  *w,
                        const char *name)
{
  Frame f = { name, TRUE, TRUE, FALSE };

  g_assert (top (w) == NULL || !top (w)->is_array);
  if (!w->xml)
    {
      before_member (w);
      sim_json_escape (w->out, name);
      g_string_append (w->out, ":[");
    }
  else
    before_member (w);
  g_array_append_val (w->stack, f);
}

void
sim_writer_end_array (SimWriter *w)
{
  Frame *f = top (w);

  g_assert (f != NULL && f->is_array);
  if (!w->xml)
    g_string_append_c (w->out, ']');
  g_array_set_size (w->stack, w->stack->len - 1);
}

void
sim_writer_attr (SimWriter  *w,
                 const char *name,
                 const char *value)
{
  Frame *f = top (w);

  g_assert (f != NULL && !f->is_array);
  if (w->xml)
    {
      g_assert (f->tag_open);
      g_string_append_c (w->out, ' ');
      g_string_append (w->out, name);
      g_string_append (w->out, "=\"");
      escape_xml (w->out, value);
      g_string_append_c (w->out, '"');
    }
  else
    {
      if (!f->first)
        g_string_append_c (w->out, ',');
      f->first = FALSE;
      g_string_append (w->out, "\"$");
      g_string_append (w->out, name);
      g_string_append (w->out, "\":");
      sim_json_escape (w->out, value);
    }
}

void
sim_writer_text (SimWriter  *w,
                 const char *text)
{
  Frame *f = top (w);

  g_assert (f != NULL && !f->is_array);
  if (w->xml)
    {
      before_member (w);
      escape_xml (w->out, text);
    }
  else
    {
      before_member (w);
      g_string_append (w->out, "\"$\":");
      sim_json_escape (w->out, text);
    }
}

void
sim_writer_value (SimWriter  *w,
                  const char *name,
                  const char *text)
{
  sim_writer_begin (w, name);
  sim_writer_text (w, text ? text : "");
  sim_writer_end (w);
}

void
sim_writer_value_orig (SimWriter  *w,
                       const char *name,
                       const char *orig,
                       const char *text)
{
  sim_writer_begin (w, name);
  sim_writer_attr (w, "orig", orig);
  sim_writer_text (w, text ? text : "");
  sim_writer_end (w);
}

void
sim_writer_empty (SimWriter  *w,
                  const char *name)
{
  sim_writer_begin (w, name);
  sim_writer_end (w);
}
