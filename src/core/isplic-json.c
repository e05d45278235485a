/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "isplic-json-private.h"

#define CHUNK_NODES 1024

struct _IsplicJsonDoc
{
  IsplicJsonNode *root;
  GPtrArray *chunks;  /* owned: arrays of CHUNK_NODES nodes */
  gsize n_nodes;      /* nodes in use */
  char *text;         /* owned: all strings, NUL-terminated, one after another */
  gsize text_len;     /* bytes in use */
};

typedef struct
{
  IsplicJsonDoc *doc;
  const char *data;
  gsize length;
  gsize pos;
  IsplicJsonRowFunc row_func;
  gpointer user_data;
} Parser;

static IsplicJsonNode *parse_value (Parser *p, const char *key, const char *parent_key, int depth);

static IsplicJsonNode *
new_node (Parser         *p,
          IsplicJsonType  type,
          const char     *key)
{
  IsplicJsonDoc *doc = p->doc;
  IsplicJsonNode *node;
  gsize chunk = doc->n_nodes / CHUNK_NODES;

  if (chunk == doc->chunks->len)
    g_ptr_array_add (doc->chunks, g_new (IsplicJsonNode, CHUNK_NODES));
  node = (IsplicJsonNode *) doc->chunks->pdata[chunk] + doc->n_nodes % CHUNK_NODES;
  doc->n_nodes++;

  node->key = key;
  node->text = NULL;
  node->child = NULL;
  node->next = NULL;
  node->type = type;
  return node;
}

static inline void
skip_space (Parser *p)
{
  while (p->pos < p->length)
    {
      char c = p->data[p->pos];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        break;
      p->pos++;
    }
}

static inline gboolean
at (Parser *p,
    char    c)
{
  return p->pos < p->length && p->data[p->pos] == c;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Parser  *p,
           guint   *out)
{
  guint value = 0;

  if (p->length - p->pos < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      int digit = hex_value (p->data[p->pos + i]);
      if (digit < 0)
        return FALSE;
      value = value * 16 + (guint) digit;
    }
  p->pos += 4;
  *out = value;
  return TRUE;
}

/* Decodes a string at p->pos (on the opening quote) into the text buffer. Its decoded size plus
 * the NUL never exceeds its encoded size, so the buffer (input length + 2) cannot overflow. */
static const char *
parse_string (Parser *p)
{
  IsplicJsonDoc *doc = p->doc;
  char *start = doc->text + doc->text_len;
  char *out = start;

  g_assert (at (p, '"'));
  p->pos++;

  while (p->pos < p->length)
    {
      guchar c = (guchar) p->data[p->pos++];

      if (c == '"')
        {
          *out++ = '\0';
          doc->text_len = out - doc->text;
          return start;
        }
      if (c < 0x20)
        return NULL;
      if (c != '\\')
        {
          *out++ = (char) c;
          continue;
        }
      if (p->pos >= p->length)
        return NULL;
      c = (guchar) p->data[p->pos++];
      switch (c)
        {
        case '"': *out++ = '"'; break;
        case '\\': *out++ = '\\'; break;
        case '/': *out++ = '/'; break;
        case 'b': *out++ = '\b'; break;
        case 'f': *out++ = '\f'; break;
        case 'n': *out++ = '\n'; break;
        case 'r': *out++ = '\r'; break;
        case 't': *out++ = '\t'; break;
        case 'u':
          {
            guint unit;
            gunichar ch;

            if (!read_hex4 (p, &unit))
              return NULL;
            ch = unit;
            if (unit >= 0xD800 && unit <= 0xDBFF)
              {
                guint low;

                /* A surrogate pair takes 12 input bytes for 4 output bytes. */
                if (p->length - p->pos >= 6 && p->data[p->pos] == '\\' &&
                    p->data[p->pos + 1] == 'u')
                  {
                    gsize save = p->pos;

                    p->pos += 2;
                    if (read_hex4 (p, &low) && low >= 0xDC00 && low <= 0xDFFF)
                      ch = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                    else
                      {
                        p->pos = save;
                        ch = 0xFFFD;
                      }
                  }
                else
                  ch = 0xFFFD;
              }
            else if ((unit >= 0xDC00 && unit <= 0xDFFF) || unit == 0)
              /* A lone low surrogate is not a character; a NUL would cut the C string. */
              ch = 0xFFFD;
            /* at most 3 bytes for the 6 input bytes of one escape, 4 for a pair's 12 */
            out += g_unichar_to_utf8 (ch, out);
          }
          break;
        default:
          return NULL;
        }
    }
  return NULL;
}

static const char *
parse_number (Parser *p)
{
  IsplicJsonDoc *doc = p->doc;
  gsize start = p->pos;
  char *text;

  if (at (p, '-'))
    p->pos++;
  if (at (p, '0'))
    p->pos++;
  else if (p->pos < p->length && p->data[p->pos] >= '1' && p->data[p->pos] <= '9')
    while (p->pos < p->length && g_ascii_isdigit (p->data[p->pos]))
      p->pos++;
  else
    return NULL;
  if (at (p, '.'))
    {
      p->pos++;
      if (p->pos >= p->length || !g_ascii_isdigit (p->data[p->pos]))
        return NULL;
      while (p->pos < p->length && g_ascii_isdigit (p->data[p->pos]))
        p->pos++;
    }
  if (at (p, 'e') || at (p, 'E'))
    {
      p->pos++;
      if (at (p, '+') || at (p, '-'))
        p->pos++;
      if (p->pos >= p->length || !g_ascii_isdigit (p->data[p->pos]))
        return NULL;
      while (p->pos < p->length && g_ascii_isdigit (p->data[p->pos]))
        p->pos++;
    }

  /* n bytes of number plus a NUL: the number is followed by at least one more input byte, or
   * it ends the input, for which the buffer has its 2 spare bytes. */
  text = doc->text + doc->text_len;
  memcpy (text, p->data + start, p->pos - start);
  text[p->pos - start] = '\0';
  doc->text_len += p->pos - start + 1;
  return text;
}

static gboolean
parse_literal (Parser     *p,
               const char *word)
{
  gsize n = strlen (word);

  if (p->length - p->pos < n || memcmp (p->data + p->pos, word, n) != 0)
    return FALSE;
  p->pos += n;
  return TRUE;
}

static IsplicJsonNode *
parse_object (Parser     *p,
              const char *key,
              int         depth)
{
  IsplicJsonNode *node = new_node (p, ISPLIC_JSON_OBJECT, key);
  IsplicJsonNode *last = NULL;

  p->pos++;  /* '{' */
  skip_space (p);
  if (at (p, '}'))
    {
      p->pos++;
      return node;
    }

  for (;;)
    {
      const char *member_key;
      IsplicJsonNode *member;

      skip_space (p);
      if (!at (p, '"'))
        return NULL;
      member_key = parse_string (p);
      if (member_key == NULL)
        return NULL;
      skip_space (p);
      if (!at (p, ':'))
        return NULL;
      p->pos++;
      member = parse_value (p, member_key, key, depth + 1);
      if (member == NULL)
        return NULL;
      if (last == NULL)
        node->child = member;
      else
        last->next = member;
      last = member;

      skip_space (p);
      if (at (p, ','))
        {
          p->pos++;
          continue;
        }
      if (at (p, '}'))
        {
          p->pos++;
          return node;
        }
      return NULL;
    }
}

static IsplicJsonNode *
parse_array (Parser     *p,
             const char *key,
             const char *parent_key,
             int         depth)
{
  IsplicJsonNode *node = new_node (p, ISPLIC_JSON_ARRAY, key);
  IsplicJsonNode *last = NULL;
  gboolean rows = p->row_func != NULL && g_strcmp0 (key, "elem") == 0 &&
                  g_strcmp0 (parent_key, "doc") == 0;

  p->pos++;  /* '[' */
  skip_space (p);
  if (at (p, ']'))
    {
      p->pos++;
      return node;
    }

  for (;;)
    {
      gsize node_mark = p->doc->n_nodes;
      gsize text_mark = p->doc->text_len;
      IsplicJsonNode *element;

      element = parse_value (p, NULL, key, depth + 1);
      if (element == NULL)
        return NULL;
      if (rows && p->row_func (element, p->user_data))
        {
          /* consumed: forget the row */
          p->doc->n_nodes = node_mark;
          p->doc->text_len = text_mark;
        }
      else
        {
          if (last == NULL)
            node->child = element;
          else
            last->next = element;
          last = element;
        }

      skip_space (p);
      if (at (p, ','))
        {
          p->pos++;
          continue;
        }
      if (at (p, ']'))
        {
          p->pos++;
          return node;
        }
      return NULL;
    }
}

static IsplicJsonNode *
parse_value (Parser     *p,
             const char *key,
             const char *parent_key,
             int         depth)
{
  IsplicJsonNode *node;

  if (depth > ISPLIC_JSON_MAX_DEPTH)
    return NULL;

  skip_space (p);
  if (p->pos >= p->length)
    return NULL;

  switch (p->data[p->pos])
    {
    case '{':
      return parse_object (p, key, depth);
    case '[':
      return parse_array (p, key, parent_key, depth);
    case '"':
      {
        const char *text = parse_string (p);
        if (text == NULL)
          return NULL;
        node = new_node (p, ISPLIC_JSON_STRING, key);
        node->text = text;
        return node;
      }
    case 't':
      if (!parse_literal (p, "true"))
        return NULL;
      node = new_node (p, ISPLIC_JSON_BOOL, key);
      node->text = "true";
      return node;
    case 'f':
      if (!parse_literal (p, "false"))
        return NULL;
      node = new_node (p, ISPLIC_JSON_BOOL, key);
      node->text = "false";
      return node;
    case 'n':
      if (!parse_literal (p, "null"))
        return NULL;
      return new_node (p, ISPLIC_JSON_NULL, key);
    default:
      {
        const char *text = parse_number (p);
        if (text == NULL)
          return NULL;
        node = new_node (p, ISPLIC_JSON_NUMBER, key);
        node->text = text;
        return node;
      }
    }
}

/* g_utf8_validate_len() with a fast path for what answers are mostly made of: eight ASCII bytes
 * (none of them NUL) at a time. */
static gboolean
validate_utf8 (const char  *data,
               gsize        length,
               const char **end)
{
  const guint64 high = G_GUINT64_CONSTANT (0x8080808080808080);
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const char *p = data;
  const char *stop = data + length;

  while (p < stop)
    {
      const char *bad;
      gsize span;

      if (stop - p >= 8)
        {
          guint64 v;

          memcpy (&v, p, 8);
          /* no high bit, and no zero byte (exact when no high bit is set) */
          if (((v & high) | ((v - ones) & ~v & high)) == 0)
            {
              p += 8;
              continue;
            }
        }
      /* 16 bytes hold at least one whole character; one cut at the window's end is
       * validated again from its start. */
      span = MIN ((gsize) (stop - p), 16);
      if (g_utf8_validate_len (p, span, &bad))
        {
          p += span;
          continue;
        }
      if (bad == p)
        {
          *end = p;
          return FALSE;
        }
      p = bad;
    }
  *end = stop;
  return TRUE;
}

IsplicJsonDoc *
isplic_json_parse (const char        *data,
                   gsize              length,
                   IsplicJsonRowFunc  row_func,
                   gpointer           user_data,
                   gsize             *error_offset)
{
  IsplicJsonDoc *doc;
  Parser p = { 0 };
  const char *end = NULL;

  if (error_offset != NULL)
    *error_offset = 0;
  if (data == NULL || length == 0 || length > G_MAXSIZE - 2)
    return NULL;
  /* Also refuses NUL bytes. */
  if (!validate_utf8 (data, length, &end))
    {
      if (error_offset != NULL)
        *error_offset = end - data;
      return NULL;
    }

  doc = g_new0 (IsplicJsonDoc, 1);
  doc->chunks = g_ptr_array_new_with_free_func (g_free);
  /* malloc'd, not zeroed: untouched pages of a large buffer cost no memory */
  doc->text = g_malloc (length + 2);

  p.doc = doc;
  p.data = data;
  p.length = length;
  p.row_func = row_func;
  p.user_data = user_data;

  doc->root = parse_value (&p, NULL, NULL, 0);
  if (doc->root != NULL)
    {
      skip_space (&p);
      if (p.pos != p.length)
        doc->root = NULL;
    }
  g_assert (doc->text_len <= length + 2);

  if (doc->root == NULL)
    {
      if (error_offset != NULL)
        *error_offset = p.pos;
      isplic_json_doc_free (doc);
      return NULL;
    }
  return doc;
}

IsplicJsonNode *
isplic_json_doc_root (IsplicJsonDoc *doc)
{
  return doc->root;
}

void
isplic_json_doc_free (IsplicJsonDoc *doc)
{
  if (doc == NULL)
    return;
  g_ptr_array_unref (doc->chunks);
  g_free (doc->text);
  g_free (doc);
}

IsplicJsonNode *
isplic_json_member (IsplicJsonNode *object,
                    const char     *name)
{
  if (object == NULL || object->type != ISPLIC_JSON_OBJECT || name == NULL)
    return NULL;
  for (IsplicJsonNode *member = object->child; member != NULL; member = member->next)
    if (strcmp (member->key, name) == 0)
      return member;
  return NULL;
}
