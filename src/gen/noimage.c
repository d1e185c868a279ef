/*
 * noimage.c — fin_gaz_builtin_image() of the image generator itself: no
 * image yet, so the gazetteer is built from its tables (src/company.c).
 */
#include "internal.h"

const unsigned char *fin_gaz_builtin_image(size_t *len)
{
	*len = 0;
	return NULL;
}
