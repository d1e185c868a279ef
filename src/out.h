/*
 * out.h — helpers shared by the JSON and CSV writers.
 */
#ifndef FIN_OUT_H
#define FIN_OUT_H

#include "internal.h"

/* Append s[0..n) as a JSON string; collapse_ws folds white space runs. */
void fin_out_json_str(fin_buf *b, const char *s, size_t n, int collapse_ws);
/* The record id of money mention i of article a: "<doc>#m<i+1>" (quoted as
 * a JSON string when quoted is non-zero). */
void fin_out_money_id(fin_buf *b, const fin_article *a, size_t i, int quoted);
int fin_out_json_records(fin_buf *b, fin_out_format fmt, const fin_article *a,
			 const fin_result *r, unsigned types, int *first);
int fin_out_csv_records(fin_buf *b, const fin_article *a, const fin_result *r);
int fin_out_csv_header(fin_buf *b);

#endif
