/*
 * out_csv.c — money records as CSV for spreadsheets: RFC 4180 (CRLF, quotes
 * doubled), UTF-8, one header row, the same column names as the JSON records.
 * Text cells that a spreadsheet would run as a formula (=, +, -, @ first)
 * are prefixed with an apostrophe; numbers are never touched.
 */
#include "internal.h"
#include "out.h"

#include <string.h>

static const char header[] =
	"id,doc,source,published,field,start,end,text,value,min,max,currency,explicit,"
	"qualifier,unit,equivalent_of,event,value_usd,min_usd,max_usd,companies,date,kind,sentence\r\n";

int fin_out_csv_header(fin_buf *b)
{
	return fin_buf_puts(b, header);
}

/* One text cell. collapse_ws folds white space; guard adds the formula guard. */
static void cell(fin_buf *b, const char *s, size_t n, bool collapse_ws)
{
	bool quote = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == ',' || c == '"' || c == '\n' || c == '\r' || (collapse_ws && fin_is_space((unsigned char)c))) {
			quote = true;
			break;
		}
	}
	bool formula = n > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t');
	if (!quote && !formula && !collapse_ws) {
		fin_buf_append(b, s, n);
		return;
	}
	fin_buf_putc(b, '"');
	if (formula)
		fin_buf_putc(b, '\'');
	bool in_space = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (collapse_ws && fin_is_space((unsigned char)c)) {
			if (!in_space)
				fin_buf_putc(b, ' ');
			in_space = true;
			continue;
		}
		in_space = false;
		if (c == '"')
			fin_buf_putc(b, '"');
		fin_buf_putc(b, c);
	}
	fin_buf_putc(b, '"');
}

static void cstr_cell(fin_buf *b, const char *s)
{
	if (s)
		cell(b, s, strlen(s), false);
}

static void dec_cell(fin_buf *b, fin_decimal d)
{
	char t[FIN_DECIMAL_MAXLEN];
	size_t n = fin_decimal_format(d, t, sizeof t);
	fin_buf_append(b, t, n);
}

int fin_out_csv_records(fin_buf *b, const fin_article *a, const fin_result *r)
{
	for (size_t i = 0; i < r->n_money; i++) {
		const fin_money *m = &r->money[i];
		const char *text = m->field == FIN_FIELD_TITLE ? a->title : a->body;
		fin_buf id;
		fin_buf_init(&id, 0);
		fin_out_money_id(&id, a, i, 0);
		cell(b, id.ptr ? id.ptr : "", id.len, false);
		fin_buf_free(&id);
		fin_buf_putc(b, ',');
		cstr_cell(b, a->id);
		fin_buf_putc(b, ',');
		cstr_cell(b, a->source);
		fin_buf_putc(b, ',');
		char d[11];
		fin_ymd_format(a->published, d);
		fin_buf_puts(b, d);
		fin_buf_puts(b, m->field == FIN_FIELD_TITLE ? ",title," : ",body,");
		fin_buf_put_u64(b, m->start);
		fin_buf_putc(b, ',');
		fin_buf_put_u64(b, m->end);
		fin_buf_putc(b, ',');
		cell(b, text + m->start, m->end - m->start, false);
		fin_buf_putc(b, ',');
		if (!m->is_range)
			dec_cell(b, m->value);
		fin_buf_putc(b, ',');
		if (m->is_range)
			dec_cell(b, m->min);
		fin_buf_putc(b, ',');
		if (m->is_range)
			dec_cell(b, m->max);
		fin_buf_putc(b, ',');
		fin_buf_puts(b, m->currency);
		fin_buf_puts(b, m->explicit_currency ? ",true," : ",false,");
		cstr_cell(b, fin_qualifier_name(m->qualifier));
		fin_buf_putc(b, ',');
		cstr_cell(b, m->unit);
		fin_buf_putc(b, ',');
		if (m->equivalent_of >= 0) {
			fin_buf eq;
			fin_buf_init(&eq, 0);
			fin_out_money_id(&eq, a, (size_t)m->equivalent_of, 0);
			cell(b, eq.ptr ? eq.ptr : "", eq.len, false);
			fin_buf_free(&eq);
		}
		/* event: left empty (known only across articles, see out_json.c);
		 * then value_usd, min_usd, max_usd. */
		fin_buf_puts(b, ",,");
		bool usd = m->usd_status == 0;
		if (usd && !m->is_range)
			dec_cell(b, m->value_usd);
		fin_buf_putc(b, ',');
		if (usd && m->is_range)
			dec_cell(b, m->min_usd);
		fin_buf_putc(b, ',');
		if (usd && m->is_range)
			dec_cell(b, m->max_usd);
		fin_buf_putc(b, ',');
		if (m->n_companies) {
			fin_buf co;
			fin_buf_init(&co, 0);
			for (size_t k = 0; k < m->n_companies; k++) {
				if (k)
					fin_buf_putc(&co, ';');
				fin_buf_puts(&co, m->companies[k]);
			}
			cell(b, co.ptr ? co.ptr : "", co.len, false);
			fin_buf_free(&co);
		}
		fin_buf_putc(b, ',');
		if (m->date_index >= 0 && (size_t)m->date_index < r->n_dates) {
			fin_ymd_format(r->dates[m->date_index].start_date, d);
			fin_buf_puts(b, d);
		} else if (r->linked) {
			/* linked, no date in the sentence: the publication date */
			fin_ymd_format(a->published, d);
			fin_buf_puts(b, d);
		}
		fin_buf_putc(b, ',');
		cstr_cell(b, m->kind);
		fin_buf_putc(b, ',');
		cell(b, text + m->sent_start, m->sent_end - m->sent_start, true);
		fin_buf_puts(b, "\r\n");
	}
	return b->failed;
}

int fin_out_begin(fin_buf *b, fin_out_format fmt)
{
	if (fmt == FIN_OUT_CSV)
		return fin_out_csv_header(b);
	if (fmt == FIN_OUT_JSON)
		return fin_buf_puts(b, "[\n");
	return FIN_OK;
}

int fin_out_end(fin_buf *b, fin_out_format fmt, int first)
{
	if (fmt == FIN_OUT_JSON)
		return fin_buf_puts(b, first ? "]\n" : "\n]\n");
	return FIN_OK;
}

int fin_out_records(fin_buf *b, fin_out_format fmt, const fin_article *a,
		    const fin_result *r, unsigned types, int *first)
{
	if (fmt == FIN_OUT_CSV)
		return fin_out_csv_records(b, a, r);
	return fin_out_json_records(b, fmt, a, r, types, first);
}
