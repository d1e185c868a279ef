/*
 * names.c — the names of enum values as they appear in records and options.
 */
#include "internal.h"

#include <string.h>

const char *fin_qualifier_name(fin_qualifier q)
{
	switch (q) {
	case FIN_QUAL_APPROX: return "approx";
	case FIN_QUAL_OVER: return "over";
	case FIN_QUAL_UNDER: return "under";
	case FIN_QUAL_UP_TO: return "up_to";
	case FIN_QUAL_AT_LEAST: return "at_least";
	case FIN_QUAL_NEARLY: return "nearly";
	case FIN_QUAL_RANGE: return "range";
	default: return NULL;
	}
}

const char *fin_grain_name(fin_grain g)
{
	switch (g) {
	case FIN_GRAIN_DAY: return "day";
	case FIN_GRAIN_WEEK: return "week";
	case FIN_GRAIN_WEEKEND: return "weekend";
	case FIN_GRAIN_MONTH: return "month";
	case FIN_GRAIN_QUARTER: return "quarter";
	case FIN_GRAIN_HALF: return "half";
	case FIN_GRAIN_YEAR: return "year";
	case FIN_GRAIN_FISCAL_YEAR: return "fiscal_year";
	case FIN_GRAIN_DECADE: return "decade";
	case FIN_GRAIN_SEASON: return "season";
	case FIN_GRAIN_DURATION: return "duration";
	default: return NULL;
	}
}
