/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the misbehaving server answers: the behaviours, written with blocking I/O on the
 * connection's own thread. An endless writer writes only as fast as the socket accepts, so its
 * memory stays at one block; the gzip bomb is crafted from a handful of deflate segments.
 */
#include "config.h"

#include <string.h>

#include <libsoup/soup.h>
#include <zlib.h>

#include "isplic-hostile-private.h"

/* ---- behaviours ---------------------------------------------------------------------- */

IsplicHostileBehaviour *
isplic_hostile_behaviour_new (IsplicHostileKind kind)
{
  IsplicHostileBehaviour *behaviour = g_atomic_rc_box_new0 (IsplicHostileBehaviour);

  behaviour->kind = kind;
  behaviour->headers = g_ptr_array_new_with_free_func (g_free);
  behaviour->interval_ms = 200;
  return behaviour;
}

IsplicHostileBehaviour *
isplic_hostile_behaviour_ref (IsplicHostileBehaviour *behaviour)
{
  return g_atomic_rc_box_acquire (behaviour);
}

static void
behaviour_clear (gpointer data)
{
  IsplicHostileBehaviour *behaviour = data;

  g_ptr_array_unref (behaviour->headers);
  g_free (behaviour->body);
}

void
isplic_hostile_behaviour_unref (IsplicHostileBehaviour *behaviour)
{
  g_atomic_rc_box_release_full (behaviour, behaviour_clear);
}

void
isplic_hostile_behaviour_set_status (IsplicHostileBehaviour *behaviour,
                                     guint                   status)
{
  behaviour->status = status;
}

void
isplic_hostile_behaviour_add_header (IsplicHostileBehaviour *behaviour,
                                     const char             *name,
                                     const char             *value)
{
  g_ptr_array_add (behaviour->headers, g_strdup (name));
  g_ptr_array_add (behaviour->headers, g_strdup (value));
}

void
isplic_hostile_behaviour_set_body (IsplicHostileBehaviour *behaviour,
                                   const char             *body)
{
  g_free (behaviour->body);
  behaviour->body = g_strdup (body);
}

/* Sends the body gzip-compressed, with Content-Encoding: gzip (unless a header names another). */
void
isplic_hostile_behaviour_set_gzip (IsplicHostileBehaviour *behaviour,
                                   gboolean                gzip)
{
  behaviour->gzip = gzip;
}

void
isplic_hostile_behaviour_set_interval (IsplicHostileBehaviour *behaviour,
                                       guint                   interval_ms)
{
  behaviour->interval_ms = MAX (interval_ms, 1);
}

void
isplic_hostile_behaviour_set_p_elems (IsplicHostileBehaviour *behaviour,
                                      guint                   p_elems)
{
  behaviour->p_elems = p_elems;
}

IsplicHostileBehaviour *
isplic_hostile_body (guint       status,
                     const char *body)
{
  IsplicHostileBehaviour *behaviour = isplic_hostile_behaviour_new (ISPLIC_HOSTILE_BODY);

  behaviour->status = status;
  behaviour->body = g_strdup (body);
  return behaviour;
}

IsplicHostileBehaviour *
isplic_hostile_status (guint       status,
                       const char *retry_after,
                       const char *body)
{
  IsplicHostileBehaviour *behaviour = isplic_hostile_behaviour_new (ISPLIC_HOSTILE_STATUS);

  behaviour->status = status;
  behaviour->body = g_strdup (body);
  if (retry_after != NULL)
    isplic_hostile_behaviour_add_header (behaviour, "Retry-After", retry_after);
  return behaviour;
}

IsplicHostileBehaviour *
isplic_hostile_drip (guint interval_ms)
{
  IsplicHostileBehaviour *behaviour = isplic_hostile_behaviour_new (ISPLIC_HOSTILE_DRIP);

  isplic_hostile_behaviour_set_interval (behaviour, interval_ms);
  return behaviour;
}

/* ---- the JSON script format ------------------------------------------------------------ */

static const struct {
  const char *name;
  IsplicHostileKind kind;
} kind_names[] = {
  { "body", ISPLIC_HOSTILE_BODY },
  { "endless", ISPLIC_HOSTILE_ENDLESS },
  { "endless-length", ISPLIC_HOSTILE_ENDLESS_LENGTH },
  { "gzip-bomb", ISPLIC_HOSTILE_GZIP_BOMB },
  { "drip", ISPLIC_HOSTILE_DRIP },
  { "hang", ISPLIC_HOSTILE_HANG },
  { "drop", ISPLIC_HOSTILE_DROP },
  { "status", ISPLIC_HOSTILE_STATUS },
  { "pages-liar", ISPLIC_HOSTILE_PAGES_LIAR },
  { "pages-repeat", ISPLIC_HOSTILE_PAGES_REPEAT },
};

static gboolean
read_uint (JsonObject  *object,
           const char  *name,
           guint       *value,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  gint64 n;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64
      || (n = json_node_get_int (node)) < 0 || n > G_MAXUINT)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "“%s” must be a non-negative integer", name);
      return FALSE;
    }
  *value = (guint) n;
  return TRUE;
}

/* One behaviour object: {"kind":"body","status":200,"headers":{…},"body":"…","gzip":false,
 * "interval_ms":200,"p_elems":3}. Only "kind" is required. */
IsplicHostileBehaviour *
isplic_hostile_behaviour_from_json (JsonNode  *node,
                                    GError   **error)
{
  g_autoptr(IsplicHostileBehaviour) behaviour = NULL;
  JsonObject *object;
  JsonObject *headers;
  const char *kind;
  guint interval = 200;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "a behaviour must be an object");
      return NULL;
    }
  object = json_node_get_object (node);
  kind = json_object_get_string_member_with_default (object, "kind", "");
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_str_equal (kind, kind_names[i].name))
      behaviour = isplic_hostile_behaviour_new (kind_names[i].kind);
  if (behaviour == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "unknown behaviour kind “%s”",
                   kind);
      return NULL;
    }
  if (!read_uint (object, "status", &behaviour->status, error)
      || !read_uint (object, "interval_ms", &interval, error)
      || !read_uint (object, "p_elems", &behaviour->p_elems, error))
    return NULL;
  isplic_hostile_behaviour_set_interval (behaviour, interval);
  if (json_object_has_member (object, "body"))
    behaviour->body = g_strdup (json_object_get_string_member_with_default (object, "body", ""));
  behaviour->gzip = json_object_get_boolean_member_with_default (object, "gzip", FALSE);
  headers = json_object_has_member (object, "headers")
              ? json_object_get_object_member (object, "headers") : NULL;
  if (headers != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, headers);
      while (json_object_iter_next (&iter, &name, &value))
        {
          if (!JSON_NODE_HOLDS_VALUE (value)
              || json_node_get_value_type (value) != G_TYPE_STRING)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "header “%s” must be a string", name);
              return NULL;
            }
          isplic_hostile_behaviour_add_header (behaviour, name, json_node_get_string (value));
        }
    }
  return g_steal_pointer (&behaviour);
}

/* ---- writing ---------------------------------------------------------------------------- */

static gboolean
has_header (IsplicHostileBehaviour *behaviour,
            const char             *name)
{
  for (guint i = 0; behaviour != NULL && i + 1 < behaviour->headers->len; i += 2)
    if (g_ascii_strcasecmp (g_ptr_array_index (behaviour->headers, i), name) == 0)
      return TRUE;
  return FALSE;
}

/* The status line, the behaviour's headers, a JSON content type unless it names one, and
 * @framing ("Content-Length: N" or "Transfer-Encoding: chunked", or NULL). Every answer
 * closes the connection. */
gboolean
isplic_hostile_conn_write_head (IsplicHostileConn      *conn,
                                guint                   status,
                                IsplicHostileBehaviour *behaviour,
                                const char             *framing)
{
  g_autoptr(GString) head = g_string_new (NULL);
  const char *phrase = soup_status_get_phrase (status);

  g_string_append_printf (head, "HTTP/1.1 %u %s\r\n", status,
                          phrase != NULL ? phrase : "Whatever");
  g_string_append (head, "Server: isplic-hostile\r\nConnection: close\r\n");
  if (!has_header (behaviour, "Content-Type"))
    g_string_append (head, "Content-Type: application/json\r\n");
  for (guint i = 0; behaviour != NULL && i + 1 < behaviour->headers->len; i += 2)
    g_string_append_printf (head, "%s: %s\r\n", (char *) g_ptr_array_index (behaviour->headers, i),
                            (char *) g_ptr_array_index (behaviour->headers, i + 1));
  if (framing != NULL)
    g_string_append_printf (head, "%s\r\n", framing);
  g_string_append (head, "\r\n");
  return g_output_stream_write_all (conn->out, head->str, head->len, NULL, conn->cancellable,
                                    NULL);
}

/* Writes body bytes (blocking while the client does not read), counting what went out. */
gboolean
isplic_hostile_conn_write_body (IsplicHostileConn *conn,
                                const void        *data,
                                gsize              len)
{
  gsize written = 0;
  gboolean ok = g_output_stream_write_all (conn->out, data, len, &written, conn->cancellable,
                                           NULL);

  isplic_hostile_add_body_bytes (conn->hostile, conn->index, written);
  return ok;
}

static gboolean
write_chunk (IsplicHostileConn *conn,
             const void        *data,
             gsize              len)
{
  char size[32];

  g_snprintf (size, sizeof size, "%" G_GSIZE_MODIFIER "x\r\n", len);
  return isplic_hostile_conn_write_body (conn, size, strlen (size))
    && isplic_hostile_conn_write_body (conn, data, len)
    && isplic_hostile_conn_write_body (conn, "\r\n", 2);
}

static gboolean
write_bytes_answer (IsplicHostileConn      *conn,
                    guint                   status,
                    IsplicHostileBehaviour *behaviour,
                    const void             *data,
                    gsize                   len)
{
  g_autofree char *framing = g_strdup_printf ("Content-Length: %" G_GSIZE_FORMAT, len);

  return isplic_hostile_conn_write_head (conn, status, behaviour, framing)
    && (len == 0 || isplic_hostile_conn_write_body (conn, data, len));
}

/* Waits up to @timeout_ms (-1: for ever) for the client to go away; TRUE when it did, or when
 * the server is stopping. */
static gboolean
wait_client_gone (IsplicHostileConn *conn,
                  gint64             timeout_ms)
{
  char scratch[4096];

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n;

      if (!g_socket_condition_timed_wait (conn->socket, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                          timeout_ms < 0 ? -1 : timeout_ms * 1000,
                                          conn->cancellable, &error))
        return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
      n = g_socket_receive_with_blocking (conn->socket, scratch, sizeof scratch, FALSE, NULL,
                                          NULL);
      if (n <= 0)
        return TRUE;
      /* the client sent more (a pipelined request?): ignore it and keep waiting */
    }
}

/* ---- endless bodies --------------------------------------------------------------------- */

#define ENDLESS_HEAD "{\"doc\":{\"elem\":["
#define BLOCK_SIZE (64 * 1024)

static void
append_row (GString *s,
            guint64  id)
{
  g_string_append_printf (s,
                          "{\"id\":{\"$\":\"%" G_GUINT64_FORMAT "\"},"
                          "\"licname\":{\"$\":\"row-%" G_GUINT64_FORMAT "\"},"
                          "\"ip\":{\"$\":\"10.%u.%u.%u\"},"
                          "\"pricelist\":{\"$\":\"ispmanager 6 lite\"},"
                          "\"period\":{\"$\":\"1 month\"},"
                          "\"createdate\":{\"$\":\"2026-01-01\"},"
                          "\"expiredate\":{\"$\":\"2027-01-01\"},"
                          "\"status\":{\"$\":\"2\"},"
                          "\"item_status\":{\"$orig\":\"2\",\"$\":\"Active\"}}",
                          id, id, (guint) (id >> 16) & 255, (guint) (id >> 8) & 255,
                          (guint) id & 255);
}

/* About 64 KiB of whole rows, each followed by a comma. */
static GString *
make_row_block (void)
{
  GString *block = g_string_sized_new (BLOCK_SIZE + 512);

  for (guint64 id = 3000001; block->len < BLOCK_SIZE; id++)
    {
      append_row (block, id);
      g_string_append_c (block, ',');
    }
  return block;
}

static void
behave_endless (IsplicHostileConn      *conn,
                IsplicHostileBehaviour *behaviour,
                gboolean                chunked)
{
  g_autoptr(GString) block = make_row_block ();
  const char *framing = chunked ? "Transfer-Encoding: chunked"
                                : "Content-Length: 8589934592";  /* 8 GiB */

  if (!isplic_hostile_conn_write_head (conn, behaviour->status ? behaviour->status : 200,
                                       behaviour, framing))
    return;
  if (chunked)
    {
      if (!write_chunk (conn, ENDLESS_HEAD, strlen (ENDLESS_HEAD)))
        return;
      while (write_chunk (conn, block->str, block->len))
        ;
    }
  else
    {
      if (!isplic_hostile_conn_write_body (conn, ENDLESS_HEAD, strlen (ENDLESS_HEAD)))
        return;
      while (isplic_hostile_conn_write_body (conn, block->str, block->len))
        ;
    }
}

static void
behave_drip (IsplicHostileConn      *conn,
             IsplicHostileBehaviour *behaviour)
{
  g_autoptr(GString) text = g_string_new (ENDLESS_HEAD);
  gsize pos = 0;

  append_row (text, 4000001);
  if (!isplic_hostile_conn_write_head (conn, behaviour->status ? behaviour->status : 200,
                                       behaviour, "Content-Length: 1048576"))
    return;
  for (;;)
    {
      if (!isplic_hostile_conn_write_body (conn, text->str + pos, 1))
        return;
      pos = (pos + 1) % text->len;
      if (wait_client_gone (conn, behaviour->interval_ms))
        return;
    }
}

/* ---- the gzip bomb ---------------------------------------------------------------------- */

/* A gzip member whose deflate stream is: the JSON head, then the same segment of 1 MiB of rows
 * BOMB_REPEATS times, then the tail that closes the JSON. Each piece is deflated from a fresh
 * stream and ended with a full flush, so it is byte-aligned and refers to nothing before it:
 * repeating the segment's bytes repeats its rows. The CRC is combined, not computed over 1 GiB. */
#define BOMB_CHUNK (1024 * 1024)
#define BOMB_REPEATS 1100  /* 1100 MiB inflated */

typedef struct {
  GBytes *head;     /* gzip header + deflated JSON head */
  GBytes *segment;  /* deflated BOMB_CHUNK of rows */
  GBytes *tail;     /* deflated JSON tail (final block) + CRC32 + ISIZE */
  guint64 size;     /* everything on the wire */
  guint64 inflated;
} Bomb;

static GBytes *
deflate_piece (const char *data,
               gsize       len,
               gboolean    last)
{
  z_stream z = { 0 };
  gsize cap;
  guint8 *out;
  int ret;

  g_assert_cmpint (deflateInit2 (&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY), ==, Z_OK);
  cap = deflateBound (&z, len) + 64;
  out = g_malloc (cap);
  z.next_in = (Bytef *) data;
  z.avail_in = len;
  z.next_out = out;
  z.avail_out = cap;
  ret = deflate (&z, last ? Z_FINISH : Z_FULL_FLUSH);
  g_assert_cmpint (ret, ==, last ? Z_STREAM_END : Z_OK);
  g_assert_cmpuint (z.avail_in, ==, 0);
  deflateEnd (&z);
  return g_bytes_new_take (out, cap - z.avail_out);
}

static void
put_le32 (GByteArray *array,
          guint32     value)
{
  guint8 b[4] = { value & 255, (value >> 8) & 255, (value >> 16) & 255, (value >> 24) & 255 };

  g_byte_array_append (array, b, 4);
}

static const Bomb *
get_bomb (void)
{
  static Bomb bomb;
  static gsize made = 0;

  if (g_once_init_enter (&made))
    {
      static const guint8 gzip_header[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255 };
      static const char padding[] = " \t\n \r \t  \n\t \r  \n \t\n \r \t  \n\t \r  \n\t";
      static const char tail_text[] = "{\"id\":{\"$\":\"1\"}}],\"p_elems\":{\"$\":\"1\"}}}";
      g_autoptr(GString) chunk = g_string_sized_new (BOMB_CHUNK);
      g_autoptr(GString) row = g_string_new (NULL);
      g_autoptr(GBytes) head = deflate_piece (ENDLESS_HEAD, strlen (ENDLESS_HEAD), FALSE);
      g_autoptr(GBytes) tail = deflate_piece (tail_text, strlen (tail_text), TRUE);
      GByteArray *array;
      uLong crc;
      uLong chunk_crc;

      append_row (row, 5000001);
      g_string_append_c (row, ',');
      /* a few rows, then JSON whitespace to exactly BOMB_CHUNK in a 33-byte pattern: about
       * 300:1, and it inflates at memory speed (a run of one byte gives 1000:1 but inflates
       * four times slower, which only makes the tests slow) */
      for (guint i = 0; i < 16; i++)
        g_string_append_len (chunk, row->str, row->len);
      while (chunk->len < BOMB_CHUNK)
        g_string_append_c (chunk, padding[chunk->len % (sizeof padding - 1)]);

      crc = crc32 (0, (const Bytef *) ENDLESS_HEAD, strlen (ENDLESS_HEAD));
      chunk_crc = crc32 (0, (const Bytef *) chunk->str, chunk->len);
      for (guint i = 0; i < BOMB_REPEATS; i++)
        crc = crc32_combine (crc, chunk_crc, BOMB_CHUNK);
      crc = crc32 (crc, (const Bytef *) tail_text, strlen (tail_text));
      bomb.inflated = strlen (ENDLESS_HEAD) + (guint64) BOMB_CHUNK * BOMB_REPEATS
                      + strlen (tail_text);

      array = g_byte_array_new ();
      g_byte_array_append (array, gzip_header, sizeof gzip_header);
      g_byte_array_append (array, g_bytes_get_data (head, NULL), g_bytes_get_size (head));
      bomb.head = g_byte_array_free_to_bytes (array);

      bomb.segment = deflate_piece (chunk->str, chunk->len, FALSE);

      array = g_byte_array_new ();
      g_byte_array_append (array, g_bytes_get_data (tail, NULL), g_bytes_get_size (tail));
      put_le32 (array, (guint32) crc);
      put_le32 (array, (guint32) (bomb.inflated & 0xffffffff));
      bomb.tail = g_byte_array_free_to_bytes (array);

      bomb.size = g_bytes_get_size (bomb.head)
                  + (guint64) g_bytes_get_size (bomb.segment) * BOMB_REPEATS
                  + g_bytes_get_size (bomb.tail);
      g_once_init_leave (&made, 1);
    }
  return &bomb;
}

static void
behave_gzip_bomb (IsplicHostileConn      *conn,
                  IsplicHostileBehaviour *behaviour)
{
  const Bomb *bomb = get_bomb ();
  g_autofree char *framing = g_strdup_printf ("Content-Encoding: gzip\r\n"
                                              "Content-Length: %" G_GUINT64_FORMAT, bomb->size);
  gsize segment_len;
  gconstpointer segment = g_bytes_get_data (bomb->segment, &segment_len);

  if (!isplic_hostile_conn_write_head (conn, behaviour->status ? behaviour->status : 200,
                                       behaviour, framing)
      || !isplic_hostile_conn_write_body (conn, g_bytes_get_data (bomb->head, NULL),
                                          g_bytes_get_size (bomb->head)))
    return;
  for (guint i = 0; i < BOMB_REPEATS; i++)
    if (!isplic_hostile_conn_write_body (conn, segment, segment_len))
      return;
  isplic_hostile_conn_write_body (conn, g_bytes_get_data (bomb->tail, NULL),
                                  g_bytes_get_size (bomb->tail));
}

/* ---- pages that never end --------------------------------------------------------------- */

static guint
param_uint (GHashTable *params,
            const char *name,
            guint       fallback,
            guint       max)
{
  const char *text = g_hash_table_lookup (params, name);
  guint64 n;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, max, &n, NULL))
    return fallback;
  return (guint) n;
}

/* pages-liar: every page is full, of ids never seen before (derived from p_num), and claims a
 * total of 3. pages-repeat: the first page whatever p_num says, claiming ten pages. */
static void
behave_pages (IsplicHostileConn      *conn,
              IsplicHostileBehaviour *behaviour,
              GHashTable             *params)
{
  gboolean liar = behaviour->kind == ISPLIC_HOSTILE_PAGES_LIAR;
  guint p_cnt = param_uint (params, "p_cnt", 100, 10000);
  guint p_num = param_uint (params, "p_num", 1, G_MAXINT);
  guint64 first = 6000000 + (liar ? (guint64) (p_num - 1) * p_cnt : 0) + 1;
  guint p_elems = behaviour->p_elems ? behaviour->p_elems : liar ? 3 : p_cnt * 10;
  g_autoptr(GString) text = g_string_new ("{\"doc\":{\"$func\":\"soft\",\"elem\":[");

  for (guint i = 0; i < p_cnt; i++)
    {
      if (i > 0)
        g_string_append_c (text, ',');
      append_row (text, first + i);
    }
  /* A liar whose count always runs one ahead of what it has sent. */
  if (p_elems == ISPLIC_HOSTILE_P_ELEMS_GROWING)
    p_elems = (guint) MIN ((guint64) p_num * p_cnt + 1, (guint64) G_MAXUINT - 1);
  g_string_append_printf (text,
                          "],\"p_cnt\":{\"$\":\"%u\"},\"p_num\":{\"$\":\"%u\"},"
                          "\"p_elems\":{\"$\":\"%u\"}}}",
                          p_cnt, liar ? p_num : 1, p_elems);
  write_bytes_answer (conn, behaviour->status ? behaviour->status : 200, behaviour, text->str,
                      text->len);
}

/* ---- plain bodies ----------------------------------------------------------------------- */

static GBytes *
gzip_text (const char *text)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP,
                                                                 -1);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (memory,
                                                                G_CONVERTER (compressor));

  g_assert_true (g_output_stream_write_all (out, text, strlen (text), NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static void
behave_body (IsplicHostileConn      *conn,
             IsplicHostileBehaviour *behaviour,
             guint                   default_status)
{
  guint status = behaviour->status ? behaviour->status : default_status;
  const char *body = behaviour->body != NULL ? behaviour->body : "";

  if (behaviour->gzip)
    {
      g_autoptr(IsplicHostileBehaviour) with_encoding = isplic_hostile_body (status, NULL);
      g_autoptr(GBytes) bytes = gzip_text (body);

      for (guint i = 0; i + 1 < behaviour->headers->len; i += 2)
        isplic_hostile_behaviour_add_header (with_encoding,
                                             g_ptr_array_index (behaviour->headers, i),
                                             g_ptr_array_index (behaviour->headers, i + 1));
      if (!has_header (behaviour, "Content-Encoding"))
        isplic_hostile_behaviour_add_header (with_encoding, "Content-Encoding", "gzip");
      write_bytes_answer (conn, status, with_encoding, g_bytes_get_data (bytes, NULL),
                          g_bytes_get_size (bytes));
    }
  else
    {
      write_bytes_answer (conn, status, behaviour, body, strlen (body));
    }
}

void
isplic_hostile_behave (IsplicHostileConn      *conn,
                       IsplicHostileBehaviour *behaviour,
                       GHashTable             *params)
{
  switch (behaviour->kind)
    {
    case ISPLIC_HOSTILE_BODY:
      behave_body (conn, behaviour, 200);
      break;
    case ISPLIC_HOSTILE_STATUS:
      behave_body (conn, behaviour, 503);
      break;
    case ISPLIC_HOSTILE_ENDLESS:
    case ISPLIC_HOSTILE_ENDLESS_LENGTH:
      behave_endless (conn, behaviour, behaviour->kind == ISPLIC_HOSTILE_ENDLESS);
      break;
    case ISPLIC_HOSTILE_GZIP_BOMB:
      behave_gzip_bomb (conn, behaviour);
      break;
    case ISPLIC_HOSTILE_DRIP:
      behave_drip (conn, behaviour);
      break;
    case ISPLIC_HOSTILE_HANG:
      wait_client_gone (conn, -1);
      break;
    case ISPLIC_HOSTILE_DROP:
      break;
    case ISPLIC_HOSTILE_PAGES_LIAR:
    case ISPLIC_HOSTILE_PAGES_REPEAT:
      behave_pages (conn, behaviour, params);
      break;
    default:
      g_assert_not_reached ();
    }
}
