/* arena.c — see arena.h. Blocks are chained; a request that needs more than
 * one block gets another, and a request for more than a block gets a block of
 * its own size, so nothing is ever copied to grow the arena. */
#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN 16

struct arena_block {
	arena_block_t *prev;
	size_t size, used;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

static void *xmalloc(size_t n)
{
	void *p = malloc(n);
	if (!p) {
		fputs("quartier: out of memory\n", stderr);
		abort();
	}
	return p;
}

static arena_block_t *block_new(size_t size)
{
	arena_block_t *b = xmalloc(sizeof *b + size);
	b->prev = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

arena_t *arena_new(size_t block_size)
{
	arena_t *a = xmalloc(sizeof *a);
	a->block_size = block_size ? block_size : 8192;
	a->head = block_new(a->block_size);
	return a;
}

void arena_free(arena_t *a)
{
	if (!a)
		return;
	arena_block_t *b = a->head;
	while (b) {
		arena_block_t *prev = b->prev;
		free(b);
		b = prev;
	}
	free(a);
}

void *arena_alloc(arena_t *a, size_t n)
{
	size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (need < n) /* overflow */
		abort();
	arena_block_t *b = a->head;
	if (b->size - b->used < need) {
		if (need > a->block_size / 2) {
			/* Big allocation: its own block, slipped behind the head so the
			 * head's free space stays usable. */
			arena_block_t *big = block_new(need);
			big->used = need;
			big->prev = b->prev;
			b->prev = big;
			return big->data;
		}
		b = block_new(a->block_size);
		b->prev = a->head;
		a->head = b;
	}
	void *p = b->data + b->used;
	b->used += need;
	return p;
}

void *arena_calloc(arena_t *a, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		abort();
	void *p = arena_alloc(a, count * size);
	memset(p, 0, count * size);
	return p;
}

char *arena_strndup(arena_t *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(arena_t *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(arena_t *a, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		abort();
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(arena_t *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void buf_init(buf_t *b, arena_t *a, size_t initial_cap)
{
	b->arena = a;
	b->cap = initial_cap ? initial_cap : 256;
	b->data = arena_alloc(a, b->cap);
	b->len = 0;
	b->data[0] = '\0';
}

static void buf_reserve(buf_t *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap * 2;
	while (cap < b->len + extra + 1)
		cap *= 2;
	char *p = arena_alloc(b->arena, cap);
	memcpy(p, b->data, b->len + 1);
	b->data = p;
	b->cap = cap;
}

void buf_append(buf_t *b, const char *s, size_t n)
{
	buf_reserve(b, n);
	if (n)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_puts(buf_t *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void buf_putc(buf_t *b, char c)
{
	buf_append(b, &c, 1);
}

void buf_printf(buf_t *b, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		abort();
	buf_reserve(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	va_end(ap);
}
