/* arena.h — per-request memory: many allocations, one free.
 *
 * Everything a request allocates comes from its arena and is released at once
 * by arena_free() when the response has been sent. Out of memory aborts.
 */
#ifndef QUARTIER_ARENA_H
#define QUARTIER_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena_block arena_block_t;
typedef struct arena {
	arena_block_t *head; /* current block; older blocks chained behind it */
	size_t block_size;   /* size of ordinary blocks */
} arena_t;

/* Creates an empty arena whose blocks are block_size bytes (0: 8 KiB).
 * The caller owns it and releases it with arena_free(). */
arena_t *arena_new(size_t block_size);

/* Releases every allocation of the arena and the arena itself. NULL is fine. */
void arena_free(arena_t *a);

/* Returns n bytes aligned for any type, owned by the arena. n may be 0. */
void *arena_alloc(arena_t *a, size_t n);

/* Like arena_alloc, zero-filled. */
void *arena_calloc(arena_t *a, size_t count, size_t size);

/* Copies n bytes of s and a NUL into the arena. */
char *arena_strndup(arena_t *a, const char *s, size_t n);

/* Copies the NUL-terminated s into the arena; NULL gives NULL. */
char *arena_strdup(arena_t *a, const char *s);

/* Formats into a new arena string. */
char *arena_printf(arena_t *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena_t *a, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* buf_t — the one growable string type. Its memory belongs to the arena, so
 * there is nothing to free; data is always NUL-terminated. */
typedef struct buf {
	arena_t *arena;
	char *data;
	size_t len, cap;
} buf_t;

void buf_init(buf_t *b, arena_t *a, size_t initial_cap);
void buf_append(buf_t *b, const char *s, size_t n);
void buf_puts(buf_t *b, const char *s);
void buf_putc(buf_t *b, char c);
void buf_printf(buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
