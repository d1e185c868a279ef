/*
 * arena.c — a bump allocator: many small allocations, one free.
 */
#include "util.h"

#include <string.h>

struct fin_arena_block {
	fin_arena_block *next; /* older block */
	size_t size;           /* usable bytes in data */
	size_t used;           /* bytes handed out */
	max_align_t data[];    /* storage, maximally aligned */
};

#define ARENA_ALIGN (sizeof(max_align_t))

void fin_arena_init(fin_arena *a, size_t block_size)
{
	a->head = NULL;
	a->block_size = block_size ? block_size : 64 * 1024;
	a->total = 0;
}

void fin_arena_free(fin_arena *a)
{
	fin_arena_block *b = a->head;
	while (b) {
		fin_arena_block *next = b->next;
		fin_free(b);
		b = next;
	}
	a->head = NULL;
	a->total = 0;
}

void fin_arena_reset(fin_arena *a)
{
	/* Keep the largest block so a steady workload allocates nothing. */
	fin_arena_block *keep = NULL;
	for (fin_arena_block *b = a->head; b; b = b->next)
		if (!keep || b->size > keep->size)
			keep = b;
	fin_arena_block *b = a->head;
	while (b) {
		fin_arena_block *next = b->next;
		if (b != keep)
			fin_free(b);
		b = next;
	}
	a->head = keep;
	a->total = 0;
	if (keep) {
		keep->next = NULL;
		keep->used = 0;
		a->total = keep->size;
	}
}

void *fin_arena_alloc(fin_arena *a, size_t n)
{
	size_t need = (n + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	if (need < n)
		return NULL;
	fin_arena_block *b = a->head;
	if (!b || b->size - b->used < need) {
		size_t size = a->block_size;
		if (need > size)
			size = need;
		if (size > SIZE_MAX - sizeof(fin_arena_block))
			return NULL;
		fin_arena_block *nb = fin_malloc(sizeof(fin_arena_block) + size);
		if (!nb)
			return NULL;
		nb->size = size;
		nb->used = 0;
		nb->next = b;
		a->head = nb;
		a->total += size;
		b = nb;
		/* A big one-off block goes behind the current one so small
		 * allocations keep filling the partly used block. */
	}
	void *p = (char *)b->data + b->used;
	b->used += need;
	return p;
}

void *fin_arena_calloc(fin_arena *a, size_t count, size_t n)
{
	if (n && count > SIZE_MAX / n)
		return NULL;
	void *p = fin_arena_alloc(a, count * n);
	if (p)
		memset(p, 0, count * n);
	return p;
}

char *fin_arena_strndup(fin_arena *a, const char *s, size_t n)
{
	char *d = fin_arena_alloc(a, n + 1);
	if (!d)
		return NULL;
	if (n)
		memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

int fin_arena_grow(fin_arena *a, void **arr, size_t *cap, size_t n, size_t elem)
{
	if (n < *cap)
		return FIN_OK;
	size_t ncap = *cap ? *cap * 2 : 16;
	if (ncap > SIZE_MAX / elem)
		return FIN_ENOMEM;
	void *p = fin_arena_alloc(a, ncap * elem);
	if (!p)
		return FIN_ENOMEM;
	if (*arr && n)
		memcpy(p, *arr, n * elem);
	*arr = p;
	*cap = ncap;
	return FIN_OK;
}
