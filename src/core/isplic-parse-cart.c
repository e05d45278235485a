/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The cart's answers (func=basket): its items, their total and the cart order. Like the rest of
 * the parser it takes any bytes, never crashes, and is safe in any thread.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "isplic-client-private.h"
#include "isplic-money.h"
#include "isplic-util.h"

void
isplic_cart_item_free (IsplicCartItem *item)
{
  if (item == NULL)
    return;
  g_free (item->id);
  g_free (item->ip);
  g_free (item->name);
  g_free (item->text);
  g_free (item->type);
  g_free (item->cost);
  g_free (item);
}

void
isplic_cart_free (IsplicCart *cart)
{
  if (cart == NULL)
    return;
  g_clear_pointer (&cart->items, g_ptr_array_unref);
  g_free (cart->total);
  g_free (cart->billorder);
  g_free (cart);
}

/* Appends every scalar value under @node to @text, one a line. */
static void
collect_text (IsplicJsonNode *node,
              GString        *text,
              guint           depth)
{
  const char *value = isplic_json_scalar_text (node);

  if (value != NULL)
    {
      g_string_append (text, value);
      g_string_append_c (text, '\n');
      return;
    }
  if (depth > 4 || (node->type != ISPLIC_JSON_OBJECT && node->type != ISPLIC_JSON_ARRAY))
    return;
  for (IsplicJsonNode *child = node->child; child != NULL; child = child->next)
    collect_text (child, text, depth + 1);
}

static void
add_cart_item (GPtrArray      *items,
               IsplicJsonNode *elem)
{
  IsplicCartItem *item;
  g_autofree char *period = NULL;
  GString *text;

  if (elem->type != ISPLIC_JSON_OBJECT)
    return;
  item = g_new0 (IsplicCartItem, 1);
  item->id = isplic_json_get_text (elem, "id", TRUE);
  if (item->id == NULL)
    item->id = isplic_json_get_text (elem, "item.id", TRUE);
  item->ip = isplic_json_get_text (elem, "ip", TRUE);
  item->name = isplic_json_get_text (elem, "licname", FALSE);
  item->type = isplic_json_get_text (elem, "item.type", TRUE);
  if (item->type == NULL)
    item->type = isplic_json_get_text (elem, "type", TRUE);
  period = isplic_json_get_text (elem, "item.period", TRUE);
  if (period == NULL)
    period = isplic_json_get_text (elem, "period", TRUE);
  item->period = MAX (isplic_parse_period (period), 0);
  item->cost = isplic_json_get_money (elem, "cost");
  text = g_string_new (NULL);
  collect_text (elem, text, 0);
  item->text = g_string_free (text, FALSE);
  g_ptr_array_add (items, item);
}

/* The cart's items; *total and *billorder (nullable) from the same answer. */
static GPtrArray *
parse_cart_full (const char   *data,
                 gssize        length,
                 IsplicMoney **total,
                 char        **billorder,
                 GError      **error)
{
  g_autoptr(IsplicJsonDoc) json = NULL;
  g_autoptr(GPtrArray) items = NULL;
  IsplicJsonNode *doc;
  IsplicJsonNode *lists;
  IsplicJsonNode *elem = NULL;

  json = isplic_parse_document (data, length, &doc, error);
  if (json == NULL)
    return NULL;
  if (isplic_json_member (doc, "list") == NULL && isplic_json_get_object (doc, "doc") != NULL)
    doc = isplic_json_get_object (doc, "doc");

  /* list[$name=itemlist].elem, billmgr's one-of-a-kind-as-object quirk included; a bare
   * doc.elem as well. */
  lists = isplic_json_member (doc, "list");
  if (lists != NULL)
    {
      IsplicJsonNode *first = lists->type == ISPLIC_JSON_ARRAY ? lists->child : lists;

      for (IsplicJsonNode *list = first; list != NULL;
           list = lists->type == ISPLIC_JSON_ARRAY ? list->next : NULL)
        {
          const char *name = isplic_json_scalar_text (isplic_json_member (list, "$name"));

          if (list->type == ISPLIC_JSON_OBJECT && (name == NULL || strcmp (name, "itemlist") == 0))
            {
              elem = isplic_json_member (list, "elem");
              break;
            }
        }
    }
  else
    elem = isplic_json_member (doc, "elem");

  if (lists == NULL && elem == NULL && isplic_json_member (doc, "total_sum") == NULL &&
      isplic_json_member (doc, "billorder") == NULL)
    {
      isplic_parse_set_malformed (error, _("The billing server’s answer does not describe the "
                                           "cart."));
      return NULL;
    }

  if (total != NULL)
    *total = isplic_json_get_money (doc, "total_sum");
  if (billorder != NULL)
    *billorder = isplic_json_get_text (doc, "billorder", TRUE);
  items = g_ptr_array_new_with_free_func ((GDestroyNotify) isplic_cart_item_free);
  if (elem != NULL && elem->type == ISPLIC_JSON_ARRAY)
    for (IsplicJsonNode *row = elem->child; row != NULL; row = row->next)
      add_cart_item (items, row);
  else if (elem != NULL)
    add_cart_item (items, elem);
  return g_steal_pointer (&items);
}

GPtrArray *
isplic_parse_cart (const char  *data,
                   gssize       length,
                   GError     **error)
{
  return parse_cart_full (data, length, NULL, NULL, error);
}

IsplicCart *
isplic_parse_basket (const char  *data,
                     gssize       length,
                     GError     **error)
{
  IsplicMoney *total = NULL;
  char *billorder = NULL;
  GPtrArray *items;
  IsplicCart *cart;

  items = parse_cart_full (data, length, &total, &billorder, error);
  if (items == NULL)
    return NULL;
  cart = g_new0 (IsplicCart, 1);
  cart->items = items;
  cart->total = total;
  cart->billorder = billorder;
  return cart;
}

