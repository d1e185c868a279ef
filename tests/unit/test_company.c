/*
 * test_company.c — the company/organisation scanner: gazetteer names,
 * aliases, tickers, suffix runs, Reuters markup, acronyms, headlines,
 * in-article aliases, and what is not a company.
 */
#include "check.h"
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static fin_gazetteer *gz;
static fin_arena arena;

/* Scan title + body; results in *out / *n (arena storage). */
static int scan(const char *title, const char *body, fin_company **out, size_t *n)
{
	fin_arena_reset(&arena);
	fin_article a;
	memset(&a, 0, sizeof a);
	a.id = "t";
	a.title = title;
	a.title_len = strlen(title);
	a.body = body;
	a.body_len = strlen(body);
	fin_tokens tt, bt;
	if (fin_lex(&arena, a.title, a.title_len, &tt) || fin_lex(&arena, a.body, a.body_len, &bt))
		return -1;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	return fin_company_scan(gz, &arena, &a, &tt, &bt, out, n, &cap);
}

/* Index of the first mention in field whose text is `text`, or -1. */
static long find_text(const char *title, const char *body, const fin_company *v, size_t n,
		      fin_field field, const char *text)
{
	const char *src = field == FIN_FIELD_TITLE ? title : body;
	for (size_t i = 0; i < n; i++)
		if (v[i].field == field && v[i].end - v[i].start == strlen(text) &&
		    memcmp(src + v[i].start, text, strlen(text)) == 0)
			return (long)i;
	return -1;
}

/* Name of the first body mention with that text, or NULL. */
static const char *name_of(const char *body, const char *text)
{
	fin_company *v;
	size_t n;
	if (scan("", body, &v, &n))
		return NULL;
	long i = find_text("", body, v, n, FIN_FIELD_BODY, text);
	return i < 0 ? NULL : v[i].name;
}

/* Number of body mentions whose name is `name`. */
static size_t count_name(const fin_company *v, size_t n, const char *name)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += strcmp(v[i].name, name) == 0;
	return k;
}

/* true when some mention covers body text `text`. */
static bool mentioned(const char *body, const char *text)
{
	fin_company *v;
	size_t n;
	if (scan("", body, &v, &n))
		return false;
	const char *p = strstr(body, text);
	if (!p)
		return false;
	uint32_t s = (uint32_t)(p - body), e = s + (uint32_t)strlen(text);
	for (size_t i = 0; i < n; i++)
		if (v[i].start < e && v[i].end > s)
			return true;
	return false;
}

/* The hot-word table answers as the index does, word for word; and a
 * hot word in any case finds the same classes as a cold one. */
static void test_hot_words(void)
{
	size_t words = 0;
	CHECK_INT(fin_gazetteer_hot_check(gz, &words), 0);
	CHECK(words >= 150);
	/* "The" (hot) is a starter and no name; hot words inside names
	 * ("Market", "Bank") keep their classes */
	CHECK(!mentioned("The said company sold it.", "The"));
	CHECK_STR(name_of("It met Market Holdings Inc today.", "Market Holdings Inc"), "Market Holdings");
	CHECK_STR(name_of("It met Zorbi Bank today.", "Zorbi Bank"), "Zorbi Bank");
}

static void test_gazetteer_names(void)
{
	CHECK_STR(name_of("Shares of Microsoft rose.", "Microsoft"), "Microsoft");
	CHECK_STR(name_of("He sold Apple Inc. stock.", "Apple Inc"), "Apple");
	CHECK_STR(name_of("A deal with Nvidia Corp was signed.", "Nvidia Corp"), "Nvidia");
	CHECK_STR(name_of("Analysts at JP Morgan said so.", "JP Morgan"), "JPMorgan Chase");
	CHECK_STR(name_of("The chips came from AMD last year.", "AMD"), "AMD");
	CHECK_STR(name_of("It bought Advanced Micro Devices shares.", "Advanced Micro Devices"), "AMD");
	CHECK_STR(name_of("Profits at Procter & Gamble rose.", "Procter & Gamble"), "Procter & Gamble");
	/* acronyms are case-sensitive: "amd" is no company */
	CHECK(!mentioned("the amd thing and the ibm one", "amd"));
	/* mixed-case names need a capital in the text */
	CHECK(!mentioned("We ate an apple and an oracle spoke.", "apple"));
}

static void test_orgs_other(void)
{
	fin_company *v;
	size_t n;
	const char *b = "Warnings came from the Bank of England and the IMF.";
	CHECK_INT(scan("", b, &v, &n), 0);
	long i = find_text("", b, v, n, FIN_FIELD_BODY, "Bank of England");
	CHECK(i >= 0);
	if (i >= 0) {
		CHECK_STR(v[i].name, "Bank of England");
		CHECK_INT(v[i].kind, FIN_ORG_OTHER);
	}
	i = find_text("", b, v, n, FIN_FIELD_BODY, "IMF");
	CHECK(i >= 0);
	if (i >= 0) {
		CHECK_STR(v[i].name, "International Monetary Fund");
		CHECK_INT(v[i].kind, FIN_ORG_OTHER);
	}
	CHECK_STR(name_of("The International Monetary Fund said.", "International Monetary Fund"),
		  "International Monetary Fund");
	CHECK_STR(name_of("He told the Securities and Exchange Commission.", "Securities and Exchange Commission"),
		  "Securities and Exchange Commission");
	CHECK_STR(name_of("A filing with the SEC showed.", "SEC"), "Securities and Exchange Commission");
	b = "The Commerce Department said exports rose.";
	CHECK_INT(scan("", b, &v, &n), 0);
	i = find_text("", b, v, n, FIN_FIELD_BODY, "Commerce Department");
	CHECK(i >= 0 && v[i].kind == FIN_ORG_OTHER);
}

static void test_suffix_runs(void)
{
	CHECK_STR(name_of("Computer Terminal Systems Inc said it sold shares.",
			  "Computer Terminal Systems Inc"),
		  "Computer Terminal Systems");
	CHECK_STR(name_of("Shares of Zorblax Widgets Corp fell.", "Zorblax Widgets Corp"), "Zorblax Widgets");
	CHECK_STR(name_of("It owns Quuxley Brothers & Co shares.", "Quuxley Brothers & Co"), "Quuxley Brothers");
	CHECK_STR(name_of("A unit of Frobnia Holdings PLC agreed.", "Frobnia Holdings PLC"), "Frobnia Holdings");
	CHECK_STR(name_of("Grault Bank of Commerce raised rates.", "Grault Bank of Commerce"), "Grault Bank of Commerce");
	CHECK_STR(name_of("Kim Forrest of Bokeh Capital Partners said.", "Bokeh Capital Partners"),
		  "Bokeh Capital Partners");
	CHECK_STR(name_of("Wibble Freight N.V. said.", "Wibble Freight N.V"), "Wibble Freight");
	CHECK_STR(name_of("Trustco Plumbing, Inc. said.", "Trustco Plumbing, Inc"), "Trustco Plumbing");
	/* "and" joins only "X and Co" and "X and Y Inc", never two known names */
	CHECK_STR(name_of("Owens and Minor Inc raised its dividend.", "Owens and Minor Inc"), "Owens and Minor");
	CHECK_STR(name_of("It hired Bear Stearns and Co Inc as adviser.", "Bear Stearns and Co Inc"), "Bear Stearns");
	CHECK_STR(name_of("Texaco and Pennzoil Co agreed.", "Texaco"), "Texaco");
	CHECK_STR(name_of("Texaco and Pennzoil Co agreed.", "Pennzoil Co"), "Pennzoil");
	/* a sentence-initial function word is not part of the name */
	CHECK(!mentioned("The Zorblax Widgets Corp board met.", "The"));
	CHECK(!mentioned("In Zorblax Widgets Corp news.", "In"));
}

static void test_markup_and_tickers(void)
{
	fin_company *v;
	size_t n;
	const char *b = "<Computer Terminal Systems Inc> said it completed the sale. "
			"Computer Terminal said the buyer was Zanbo Partners.";
	CHECK_INT(scan("", b, &v, &n), 0);
	long i = find_text("", b, v, n, FIN_FIELD_BODY, "Computer Terminal Systems Inc");
	CHECK(i >= 0 && strcmp(v[i].name, "Computer Terminal Systems") == 0);
	i = find_text("", b, v, n, FIN_FIELD_BODY, "Computer Terminal");
	CHECK(i >= 0 && strcmp(v[i].name, "Computer Terminal Systems") == 0);

	/* an unknown ticker after a name becomes its alias */
	b = "British Petroleum Co Plc <BP> owns it, and Zorblax Oil Co <ZBX> too.";
	CHECK_INT(scan("", b, &v, &n), 0);
	i = find_text("", b, v, n, FIN_FIELD_BODY, "ZBX");
	CHECK(i >= 0 && strcmp(v[i].name, "Zorblax Oil") == 0);
	i = find_text("", b, v, n, FIN_FIELD_BODY, "BP");
	CHECK(i >= 0 && strcmp(v[i].name, "BP") == 0);
	/* a known ticker resolves through the table */
	CHECK_STR(name_of("Shares of the company (NYSE: ORCL) rose.", "ORCL"), "Oracle");
	CHECK_STR(name_of("Fizzbo Robotics (Nasdaq: FZBO) rose.", "FZBO"), "Fizzbo Robotics");
	CHECK_STR(name_of("Shares of <AAPL> fell.", "AAPL"), "Apple");
}

static void test_acronyms_and_aliases(void)
{
	fin_company *v;
	size_t n;
	const char *b = "Imperial Zinc Industries PLC (IZI) said profits rose. IZI said it "
			"would pay a dividend. Later Imperial Zinc said more.";
	CHECK_INT(scan("", b, &v, &n), 0);
	CHECK_INT(count_name(v, n, "Imperial Zinc Industries"), 4);
	/* an acronym nobody defined is not a company */
	CHECK(!mentioned("The QXZ said it would pay.", "QXZ"));
	b = "Allegheny International Inc said it agreed. Allegheny said the deal closed.";
	CHECK_INT(scan("", b, &v, &n), 0);
	CHECK_INT(count_name(v, n, "Allegheny International"), 2);
	/* possessive: the 's is not in the mention */
	b = "OpenAI's rush to secure power.";
	CHECK_INT(scan("", b, &v, &n), 0);
	CHECK(n == 1 && v[0].end - v[0].start == 6);
}

static void test_headline(void)
{
	fin_company *v;
	size_t n;
	const char *t = "TEXACO SAYS IT WILL APPEAL";
	const char *b = "Texaco Inc said it would appeal the ruling.";
	CHECK_INT(scan(t, b, &v, &n), 0);
	long i = find_text(t, b, v, n, FIN_FIELD_TITLE, "TEXACO");
	CHECK(i >= 0 && strcmp(v[i].name, "Texaco") == 0);
	CHECK(n >= 1 && v[0].field == FIN_FIELD_TITLE); /* title first */
	/* a Reuters story like NEWID 2: headline ticker and shouting name */
	t = "STANDARD OIL <SRD> TO FORM FINANCIAL UNIT";
	b = "Standard Oil Co and BP North America\nInc said they plan to form a venture.\n"
	    "    BP North America is a subsidiary of British Petroleum Co\nPlc <BP>, which "
	    "also owns a 55 pct interest in Standard Oil.\n\n Reuter\n";
	CHECK_INT(scan(t, b, &v, &n), 0);
	i = find_text(t, b, v, n, FIN_FIELD_TITLE, "STANDARD OIL");
	CHECK(i >= 0 && strcmp(v[i].name, "Standard Oil") == 0);
	i = find_text(t, b, v, n, FIN_FIELD_TITLE, "SRD");
	CHECK(i >= 0 && strcmp(v[i].name, "Standard Oil") == 0);
	CHECK_INT(count_name(v, n, "Standard Oil"), 4);
	i = find_text(t, b, v, n, FIN_FIELD_BODY, "BP North America\nInc");
	CHECK(i >= 0 && strcmp(v[i].name, "BP North America") == 0);
	i = find_text(t, b, v, n, FIN_FIELD_BODY, "British Petroleum Co\nPlc");
	CHECK(i >= 0 && strcmp(v[i].name, "BP") == 0);
	CHECK(find_text(t, b, v, n, FIN_FIELD_BODY, "Reuter") < 0);
	CHECK(find_text(t, b, v, n, FIN_FIELD_TITLE, "FINANCIAL UNIT") < 0);
}

static void test_not_companies(void)
{
	CHECK(!mentioned("Trade with China and Japan rose in March.", "China"));
	CHECK(!mentioned("Trade with China and Japan rose in March.", "March"));
	CHECK(!mentioned("On Monday Mr Smith said so.", "Smith"));
	CHECK(!mentioned("said OpenAI co-founder and CEO Sam Altman.", "Sam Altman"));
	CHECK(!mentioned("He moved to New York and then to California.", "New York"));
	CHECK(!mentioned("Last year, Harrison Ford starred.", "Ford"));
}

/* true when some body mention is exactly `text`. */
static bool has_text(const char *body, const char *text)
{
	fin_company *v;
	size_t n;
	return scan("", body, &v, &n) == 0 && find_text("", body, v, n, FIN_FIELD_BODY, text) >= 0;
}

/* Kind of the first body mention with that text, or -1. */
static int kind_of(const char *body, const char *text)
{
	fin_company *v;
	size_t n;
	if (scan("", body, &v, &n))
		return -1;
	long i = find_text("", body, v, n, FIN_FIELD_BODY, text);
	return i < 0 ? -1 : (int)v[i].kind;
}

/* Names that only their context tells (made-up firms). */
static void test_context_names(void)
{
	/* an org noun before the name, even a common word */
	CHECK_STR(name_of("Leisure group Plonk could sell its film unit.", "Plonk"), "Plonk");
	CHECK_STR(name_of("Shares rose after Australian firm QRT Hardwick said so.", "QRT Hardwick"), "QRT Hardwick");
	CHECK_STR(name_of("It raised cash by selling property business Zentworth last year.", "Zentworth"),
		  "Zentworth");
	/* a job at the firm */
	CHECK_STR(name_of("\"It is cheap,\" said Ann Lee, an analyst at Troiko Dialogue in Moscow.",
			  "Troiko Dialogue"),
		  "Troiko Dialogue");
	CHECK_STR(name_of("said Max Hill, chief analyst at Brunswick Zorg.", "Brunswick Zorg"), "Brunswick Zorg");
	CHECK_STR(name_of("He is an analyst with Purvex and Gurtz in Singapore.", "Purvex and Gurtz"),
		  "Purvex and Gurtz");
	CHECK_STR(name_of("It blocked a bid by British firm Cablo and Wireless.", "Cablo and Wireless"),
		  "Cablo and Wireless");
	/* a deal verb needs an unknown word */
	CHECK_STR(name_of("Baikon agreed to buy Yuganskobar for cash.", "Yuganskobar"), "Yuganskobar");
	CHECK(!mentioned("They agreed to buy Oil from the state.", "Oil"));
	/* possessives, a title after the name, an apposition */
	CHECK_STR(name_of("Later, Zouthcorp's shares were suspended.", "Zouthcorp"), "Zouthcorp");
	CHECK_STR(name_of("\"A step,\" said Wembo chairman Claes Holt.", "Wembo"), "Wembo");
	CHECK_STR(name_of("On Monday Petro-Ganada, the state-owned oil company, raised prices.", "Petro-Ganada"),
		  "Petro-Ganada");
	CHECK_STR(name_of("It is driven by Constellix, the world's biggest winemaker.", "Constellix"), "Constellix");
	/* a noun after the name */
	CHECK_STR(name_of("It sold the Odeom cinema chain in 2000.", "Odeom"), "Odeom");
	CHECK_STR(name_of("Citigroup beat it to buy Koramo bank in 2004.", "Koramo bank"), "Koramo bank");
	/* legal forms before the name, ordinals inside it */
	CHECK_STR(name_of("It sold stakes in OAO Mobile Telesystex last year.", "OAO Mobile Telesystex"),
		  "OAO Mobile Telesystex");
	CHECK_STR(name_of("It agreed to buy Korea First Bank last year.", "Korea First Bank"), "Korea First Bank");
	CHECK_STR(name_of("Midvale Corp agreed to acquire County Bancorp today.", "County Bancorp"), "County Bancorp");
	/* later mentions follow the first one */
	fin_company *v;
	size_t n;
	const char *b = "Gaming group Wembo said it would sell. Wembo rose 5%.";
	CHECK_INT(scan("", b, &v, &n), 0);
	CHECK_INT(count_name(v, n, "Wembo"), 2);
}

/* Context cues that must not make a company. */
static void test_context_not_names(void)
{
	/* people */
	CHECK(!mentioned("Mr Glazer said so. Later, Glazer's bid was raised.", "Glazer"));
	CHECK(!mentioned("\"Fine,\" said Paul Newsy, an analyst at Zorg Partners.", "Paul Newsy"));
	CHECK(!mentioned("The tax plan is President Castro's plan; Castro's chief aide said so.", "Castro"));
	/* a capitalised word at the start of a sentence */
	CHECK(!mentioned("Mystery firm Baikon Finance is registered in Tver.", "Mystery"));
	CHECK(!mentioned("Forestry analyst Rick Sales said so.", "Forestry"));
	CHECK(!has_text("Former Worldcom boss Bernie Ebbers spoke.", "Former Worldcom"));
	CHECK(!has_text("Former Worldcom boss Bernie Ebbers spoke.", "Former"));
	/* descriptions, places and products */
	CHECK(!mentioned("It agreed to buy Englewood, Colo., homebuilder Winley Inc.", "Englewood"));
	CHECK(!mentioned("He led Halbert, an Abilene investment firm, for years.", "Abilene"));
	CHECK(!mentioned("It bought the takeover target of Scotch whisky maker Distillers.", "Scotch"));
	CHECK(!mentioned("The ChatGPT maker has signed deals.", "ChatGPT"));
	CHECK(!mentioned("Details came from a Sheffield-based consulting group.", "Sheffield"));
	CHECK(!mentioned("A small Sri Lankan tourism firm has halved in value.", "Sri Lankan"));
	CHECK(!mentioned("It will buy Zorbax, a rival of the South Korean bank.", "South Korean"));
	CHECK(!mentioned("The money centre bank FRNs were hit.", "FRNs"));
	CHECK(!mentioned("Quarter Pounder with Cheese, the company now sells salads.", "Cheese"));
	CHECK(!mentioned("Its Next Directory mail order division grew.", "Directory"));
	/* titles and middle initials go on with a person or a post */
	CHECK(!mentioned("It sold the paper to publisher Lewis D. Whitehead.", "Lewis"));
	CHECK(!mentioned("He urged an offer from NATO General Secretary Lord Carrington.", "NATO General"));
	CHECK(!mentioned("The central bank Vice Governor spoke.", "Vice"));
	CHECK(!has_text("He is chairman of the Senate Agriculture subcommittee.", "Senate Agriculture"));
	CHECK(!mentioned("(Correcting unit's output to barrels)", "Correcting"));
	/* a legal suffix glued by a hyphen is no suffix */
	CHECK(!mentioned("BP fell as the FT-SE 100 index crashed.", "FT-SE"));
}

/* Rules added with the second batch of dev articles: each case is a
 * pattern, with invented names so that no gazetteer entry answers. */
static void test_more_context_names(void)
{
	/* a name right after a sentence-initial starter is still tried */
	CHECK_STR(name_of("The Zorblat Corp is buying the paper.", "Zorblat Corp"), "Zorblat");
	CHECK_STR(name_of("In Quarnex Holdings Plc the vote was close.", "Quarnex Holdings Plc"),
		  "Quarnex Holdings");
	/* a country's firm */
	CHECK_STR(name_of("Shares in Germany's ThyssenKrupo fell.", "ThyssenKrupo"), "ThyssenKrupo");
	CHECK(!mentioned("It was welcomed by Britain's Tony Blair.", "Tony"));
	/* the firm, X, */
	CHECK_STR(name_of("The firm, Paiox, said it hoped to sell shares.", "Paiox"), "Paiox");
	/* what has shares is a firm, even a place and a common word */
	CHECK_STR(name_of("Shares in UK Coal have fallen.", "UK Coal"), "UK Coal");
	CHECK(!mentioned("Shares in Hong Kong have fallen.", "Hong Kong"));
	/* a share price that moves */
	CHECK_STR(name_of("In Europe, Zarcelor shed 2.1% to 17.58 euros.", "Zarcelor"), "Zarcelor");
	CHECK(!mentioned("In Europe, Berlin fell 2% on the news.", "Berlin"));
	/* clubs and investment vehicles, the sale of a firm */
	CHECK_STR(name_of("Rival local club Manchester Rovers has pleaded.", "Manchester Rovers"),
		  "Manchester Rovers");
	CHECK_STR(name_of("They own 29% through their vehicle Cubix Expression.", "Cubix Expression"),
		  "Cubix Expression");
	CHECK_STR(name_of("It completed the sale of WQR-TV to a rival.", "WQR-TV"), "WQR-TV");
	/* breweries and exchanges end names */
	CHECK_STR(name_of("The market will grow, according to Ashiko Breweries.", "Ashiko Breweries"),
		  "Ashiko Breweries");
	CHECK_STR(name_of("It will trade on the Frankfurt Stock Exchange.", "Frankfurt Stock Exchange"),
		  "Frankfurt Stock Exchange");
	/* a surname after an initial is a person's */
	CHECK(!mentioned("A group led by Robert A. Larvix's second offer failed.", "Larvix"));
	/* "X and Y Bank", an airline named "Air" and a place */
	CHECK_STR(name_of("General and Commercial Bank (GCBX), China's top lender, grew.",
			  "General and Commercial Bank"),
		  "General and Commercial Bank");
	CHECK_STR(name_of("Later, Air Jamaica was hit by fuel costs.", "Air Jamaica"), "Air Jamaica");
	/* "X and Y Bank" only with common words; two firms otherwise */
	CHECK(!has_text("Shares of Citizens and Canal Banks rose.", "Citizens and Canal Banks"));
	CHECK(!has_text("Fiat and General Motors rose.", "Fiat and General Motors"));
	/* a chain by its outlets */
	CHECK_STR(name_of("It sold the Pinewo studios last year.", "Pinewo"), "Pinewo");
	CHECK_STR(name_of("It owns 34 Grosvenix casinos and bars.", "Grosvenix"), "Grosvenix");
	/* a country's place is no firm */
	CHECK(!mentioned("Shares in Iraq's Kirkuk fell.", "Kirkuk"));
	CHECK_STR(name_of("Shares in Australia's BHQ Billiton fell.", "BHQ Billiton"), "BHQ Billiton");
	/* legal suffixes after a known name belong to the mention */
	CHECK_STR(name_of("It is owned by Gulf and Western Industries Inc USA <GW>.", "GW"), "Gulf+Western");
	/* in a shouting headline only "THE" lets the next word start a name */
	{
		fin_company *hv;
		size_t hn;
		CHECK_INT(scan("THE WRITTO CORP <WRTC> 4TH QTR LOSS", "", &hv, &hn), 0);
		CHECK(hn >= 1 && strcmp(hv[0].name, "Writto") == 0);
		CHECK_INT(scan("NORANDA TO SPIN OFF UNIT INTO SEPARATE COMPANY", "", &hv, &hn), 0);
		CHECK_INT(count_name(hv, hn, "Separate"), 0);
	}
	/* a first name that opens a firm's name is its short name, unless
	 * the article uses it for a person */
	{
		fin_company *pv;
		size_t pn;
		const char *pb = "Patrick Zorbum Co will buy Bayox. Under the deal, Patrick will pay.";
		CHECK_INT(scan("", pb, &pv, &pn), 0);
		CHECK_INT(count_name(pv, pn, "Patrick Zorbum"), 2);
	}
	CHECK(!has_text("Ryan Zorbum Group named President Patrick G. Ryan. Ryan said so.", "Ryan"));
	CHECK(!has_text("Edward Zorbum Corp rose, said analyst Edward Comeau.", "Edward"));
	/* newspapers are organisations of kind other, a legal suffix makes a
	 * firm of any head word, an acronym of the words before is no suffix */
	CHECK_INT(kind_of("It competes with the Zorbville Post, owned by Sun Corp.", "Zorbville Post"),
		  FIN_ORG_OTHER);
	CHECK_INT(kind_of("First Unionx Corp said it would buy it.", "First Unionx Corp"), FIN_ORG_COMPANY);
	CHECK_INT(kind_of("Sorbia Press Agency SPA said so.", "Sorbia Press Agency SPA"), FIN_ORG_OTHER);
	/* a known firm, a country and a ticker: the subsidiary's own name */
	CHECK_STR(name_of("Earlier, Exxon Canada <XCX> raised its postings.", "Exxon Canada"),
		  "Exxon Canada");
	CHECK_STR(name_of("Earlier, Exxon Canada raised its postings.", "Exxon"), "Exxon");
	/* the leading demonyms of "South Korean government" are no alias */
	CHECK(!has_text("The South Korean government owns it. South Korean banks fell.", "South Korean"));
	/* a generic word opens a name: the rest and the last word are aliases */
	fin_company *v;
	size_t n;
	const char *b = "French group Cie des Machines Bullo <BULO.PA> will issue bonds. Bullo shares rose.";
	CHECK_INT(scan("", b, &v, &n), 0);
	CHECK_INT(count_name(v, n, "Cie des Machines Bullo"), 3);
	/* "and" after a known name joins a common word before a suffix */
	CHECK_STR(name_of("Gulf Resources and Chemical Corp said so.", "Gulf Resources and Chemical Corp"),
		  "Gulf Resources and Chemical");
	CHECK(!has_text("Texaco and Pennzoil Co said so.", "Texaco and Pennzoil Co"));
	CHECK(!mentioned("The Air Force One plane landed.", "Air Force"));
	/* an "of" tail that ends in a demonym goes on in lower case */
	CHECK(!has_text("The Association of British insurers warned.", "Association of British"));
}

/* Rules added with the third dev batch (the former held-out set): "and"
 * and commas inside names, "Banc of", savings and loan associations. */
static void test_joined_names(void)
{
	/* "X, Y and Co": two partners' names */
	CHECK_STR(name_of("It hired Zidder, Peabox and Co Inc as adviser.", "Zidder, Peabox and Co Inc"),
		  "Zidder, Peabox");
	CHECK_STR(name_of("Zears, Roebux and Co said it will pay.", "Zears, Roebux and Co"), "Zears, Roebux");
	CHECK(!has_text("It makes AZQ, Merxo and Co Inc said.", "AZQ, Merxo and Co Inc"));
	CHECK(!has_text("Buyers came from Zidder, Peabox Trust and others.", "Zidder, Peabox"));
	/* initials and "and" before a legal suffix */
	CHECK_STR(name_of("It bought B and D Instrumox Inc for cash.", "B and D Instrumox Inc"),
		  "B and D Instrumox");
	CHECK(!has_text("The U.S. and Amerado Hesx Corp agreed.", "S and Amerado Hesx Corp"));
	CHECK(!has_text("AT and T and Philipz Gloeilampen NV agreed.", "T and Philipz Gloeilampen NV"));
	/* two common words joined by "and", suffixes after them */
	CHECK_STR(name_of("Shares of Davix Water and Waste Industries Inc rose.",
			  "Davix Water and Waste Industries Inc"),
		  "Davix Water and Waste Industries");
	CHECK(!has_text("Zorbix Capital Markets and Manufacturers Hanovex Ltd agreed.",
			"Zorbix Capital Markets and Manufacturers Hanovex Ltd"));
	CHECK(!has_text("Daewox Group and General Motorz Corp agreed.", "Daewox Group and General Motorz Corp"));
	/* savings and loan associations are banks; their regulator is not */
	CHECK_INT(kind_of("It closed Zorba Federal Savings and Loan Association.",
			  "Zorba Federal Savings and Loan Association"),
		  FIN_ORG_COMPANY);
	CHECK_INT(kind_of("It was approved by the Zorbonia Department of Savings and Loans, it said.",
			  "Zorbonia Department of Savings and Loans"),
		  FIN_ORG_OTHER);
	CHECK_INT(kind_of("The US Securities and Exchange Commission announced it.",
			  "US Securities and Exchange Commission"),
		  FIN_ORG_OTHER);
	/* "Banc of", and a count before a known name */
	CHECK_STR(name_of("It settled with Banc of Zorbania Securities today.", "Banc of Zorbania Securities"),
		  "Banc of Zorbania Securities");
	CHECK_STR(name_of("Five Bank of America subsidiaries agreed to pay.", "Bank of America"), "Bank of America");
	CHECK_STR(name_of("Three Zorb Departments Inc said it will buy.", "Three Zorb Departments Inc"),
		  "Three Zorb Departments");
	/* exchanges named by a place and a lower-case "stock exchange" or
	 * "bourse"; "bourse" as an org noun */
	CHECK_INT(kind_of("It told the Zhenzorb stock exchange about the deal.", "Zhenzorb stock exchange"),
		  FIN_ORG_COMPANY);
	CHECK_INT(kind_of("Shares fell on the Paris bourse today.", "Paris bourse"), FIN_ORG_COMPANY);
	CHECK(!mentioned("It is a pan-European bourse now.", "European"));
	CHECK(!mentioned("It wants a European bourse soon.", "European"));
	CHECK_STR(name_of("Rival pan-European bourse Euronexo is working on a bid.", "Euronexo"), "Euronexo");
	/* an unknown word at a sentence start before "shares", "chairman",
	 * "chief executive" is a firm; before "chief" alone it may be a body */
	CHECK_STR(name_of("It rose. Euronexo chief executive Jean Theo held talks.", "Euronexo"), "Euronexo");
	CHECK_STR(name_of("It rose. Zorbexa shares fell 2% today.", "Zorbexa"), "Zorbexa");
	CHECK(!mentioned("It rose. Pentagox chief Don Rums spoke.", "Pentagox"));
	/* a suffix that also opens sentences ("Investors") inside a run;
	 * "Profits at X"; "its X wing" */
	CHECK_STR(name_of("He met Zorbal Investors yesterday.", "Zorbal Investors"), "Zorbal Investors");
	CHECK_STR(name_of("It rose. Profits at Zorbcard rose by 5%.", "Zorbcard"), "Zorbcard");
	CHECK_STR(name_of("It rose. Its Global Investors wing made money.", "Global Investors"), "Global Investors");
	/* a second name after "and" is no description of the first */
	CHECK_STR(name_of("It rose, said lender Brodford & Bingle and housebuilder George Wimpo.",
			  "Brodford & Bingle"),
		  "Brodford & Bingle");
	/* "&" names by initials, firms named after people by the surname */
	CHECK_STR(name_of("It rose, said lender Brodford & Bingle. B&B said so.", "B&B"), "Brodford & Bingle");
	CHECK_STR(name_of("It rose, said housebuilder George Wimpo. Wimpo reported a rise.", "Wimpo"),
		  "George Wimpo");
	/* advisers end names */
	CHECK_STR(name_of("It will sell Zorbex Financial Advisors (ZFA) soon.", "Zorbex Financial Advisors"),
		  "Zorbex Financial Advisors");
	/* "purchased privately held X" */
	CHECK_STR(name_of("Its unit has purchased privately held Ice Zorbations Unlimited for cash.",
			  "Ice Zorbations Unlimited"),
		  "Ice Zorbations Unlimited");
	/* what a firm reports: "X had sales of", "X has a market
	 * capitalisation of"; not "X has seen sales" */
	CHECK_STR(name_of("It rose. Zactivision has a stock market capitalisation of $2bn.", "Zactivision"),
		  "Zactivision");
	CHECK_STR(name_of("It said Ize Creations had sales of 1.2 mln dlrs.", "Ize Creations"), "Ize Creations");
	CHECK(!mentioned("It rose. Zozzy has seen sales of his goods rise.", "Zozzy"));
	/* bracketed initials with "&", "Breweries" */
	CHECK_STR(name_of("The brewer Scottox and Newcastlo (S&N) will buy it. S&N said so.", "S&N"),
		  "Scottox and Newcastlo");
	CHECK(!mentioned("It fights Acquired Immune Deficiency Syndrome (AIDS) now.", "AIDS"));
	CHECK_STR(name_of("It will buy 37.5% of India's United Breweries in a deal.", "United Breweries"),
		  "United Breweries");
	/* "and Co" is no part of the name in markup either */
	CHECK_STR(name_of("It said <NIX and Co Ltd> agreed to buy shares.", "NIX and Co Ltd"), "NIX");
	/* a name listed after firms; a suitor; the subject of a purchase */
	CHECK_STR(name_of("Zanheuser-Busch Inc, Heinekon NV and Scottox & Newcastlo have all invested.",
			  "Scottox & Newcastlo"),
		  "Scottox & Newcastlo");
	CHECK_STR(name_of("However, rival suitor Zuronext also upped the ante.", "Zuronext"), "Zuronext");
	CHECK_STR(name_of("Italy's Zillva Saronno has agreed to buy 33% of it. Zillva will pay.", "Zillva"),
		  "Zillva Saronno");
	CHECK(!mentioned("He said the Zorbians will buy more grain.", "Zorbians"));
	CHECK(!mentioned("It said Canadians will buy more cars.", "Canadians"));
	CHECK_STR(name_of("It settled with BACAX Distributors today.", "BACAX Distributors"), "BACAX Distributors");
	/* an apposition after a country's possessive; ", the unit which";
	 * "a firm called X"; "X-owned Y" */
	CHECK_STR(name_of("It may save Zarig, Brazil's flagship airline, from ruin.", "Zarig"), "Zarig");
	CHECK_STR(name_of("It said Zuganskneftegaz, the unit which produced oil, was sold.", "Zuganskneftegaz"),
		  "Zuganskneftegaz");
	CHECK_STR(name_of("It was sold to a previously unknown firm called Zaikal.", "Zaikal"), "Zaikal");
	CHECK_STR(name_of("It said Rosneft-owned Zugansk was not part of the deal.", "Zugansk"), "Zugansk");
	/* every word of a left cue (the fast test of ctx_left_cue lists
	 * them): "-controlled", "-run", "-listed", "named", "of the" after a
	 * job */
	CHECK_STR(name_of("It said Gazprom-controlled Zibneft was not sold.", "Zibneft"), "Zibneft");
	CHECK_STR(name_of("It said state-run Zoltaneft was not sold.", "Zoltaneft"), "Zoltaneft");
	CHECK_STR(name_of("It met Nasdaq-listed Zoogla in May.", "Zoogla"), "Zoogla");
	CHECK_STR(name_of("It was sold to a small firm named Zaikor in May.", "Zaikor"), "Zaikor");
	CHECK_STR(name_of("He was chief executive of the Zorbell in May.", "Zorbell"), "Zorbell");
	CHECK(!mentioned("One wonders whether hardware-based ZRM will work.", "ZRM"));
	/* people have rivals */
	CHECK(!mentioned("Jade Jonson edged out rival Kelly Sotherto with her jump.", "Kelly Sotherto"));
}

/* Governments and media are organisations of kind other. */
static void test_other_kinds(void)
{
	CHECK_INT(kind_of("A fine was set by the Indian government today.", "Indian government"), FIN_ORG_OTHER);
	CHECK_INT(kind_of("The South Korean government owns 51%.", "South Korean government"), FIN_ORG_OTHER);
	CHECK_INT(kind_of("Advisors valued it, the Financial Times reported.", "Financial Times"), FIN_ORG_OTHER);
	CHECK_INT(kind_of("\"Yes,\" he told the news agency Agence France Presse.", "Agence France Presse"),
		  FIN_ORG_OTHER);
	CHECK_INT(kind_of("The Jornal do Bresil newspaper said so in an editorial.", "Jornal do Bresil"),
		  FIN_ORG_OTHER);
	CHECK(!mentioned("The Labour government said so.", "Labour government"));
	CHECK_INT(kind_of("The Congressional Zudget Office estimates the shortfall.", "Congressional Zudget Office"),
		  FIN_ORG_OTHER);
}

/* The seed post (the first lines, paraphrased to keep the repo free of it
 * except what the checks need). */
static void test_seed_post(void)
{
	const char *t = "Breaking: ChatGPT owner OpenAI signs $38bn cloud computing deal with Amazon";
	const char *b =
		"Experts revealed that OpenAI has signed a $38bn contract with Amazon.\n\n"
		"In 2025, the ChatGPT maker has signed deals with Oracle, Broadcom, AMD and chip-making "
		"giant Nvidia. Its latest deal reduces its reliance on Microsoft.\n\n"
		"\"Scaling is hard,\" said OpenAI co-founder and CEO Sam Altman.\n\n"
		"\"Our partnership with AWS [Amazon Web Services] strengthens it.\"\n\n"
		"\"The deal,\" said Kim Forrest, chief investment officer at Bokeh Capital Partners.\n\n"
		"AWS is \"uniquely positioned,\" Matt Garman, CEO of AWS, said in a statement.\n\n"
		"Warnings have come from the Bank of England and the International Monetary Fund, as "
		"well as from JP Morgan boss Jamie Dimon.";
	fin_company *v;
	size_t n;
	CHECK_INT(scan(t, b, &v, &n), 0);
	CHECK_STR(v[find_text(t, b, v, n, FIN_FIELD_TITLE, "OpenAI")].name, "OpenAI");
	CHECK(find_text(t, b, v, n, FIN_FIELD_TITLE, "Amazon") >= 0);
	const char *want[] = {"OpenAI", "Amazon", "Oracle", "Broadcom", "AMD", "Nvidia", "Microsoft",
			      "Amazon Web Services", "Bokeh Capital Partners", "JPMorgan Chase",
			      "Bank of England", "International Monetary Fund", NULL};
	for (size_t k = 0; want[k]; k++) {
		if (!count_name(v, n, want[k]))
			fprintf(stderr, "seed: missing %s\n", want[k]);
		CHECK(count_name(v, n, want[k]) > 0);
	}
	CHECK_INT(count_name(v, n, "Amazon Web Services"), 4);
	const char *nots[] = {"ChatGPT", "Sam Altman", "Altman", "Kim Forrest", "Forrest", "Matt Garman",
			      "Jamie Dimon", "Dimon", "Experts", "Breaking", NULL};
	for (size_t k = 0; nots[k]; k++) {
		bool bad = false;
		for (size_t i = 0; i < n; i++) {
			const char *src = v[i].field == FIN_FIELD_TITLE ? t : b;
			if (v[i].end - v[i].start == strlen(nots[k]) &&
			    memcmp(src + v[i].start, nots[k], strlen(nots[k])) == 0)
				bad = true;
		}
		if (bad)
			fprintf(stderr, "seed: wrongly found %s\n", nots[k]);
		CHECK(!bad);
	}
	/* output is in text order per field */
	bool ordered = true;
	for (size_t i = 1; i < n; i++)
		if (v[i].field == v[i - 1].field && v[i].start < v[i - 1].end)
			ordered = false;
	CHECK(ordered);
}

/* The real seed file when ../shared is there: every name still found. */
static void test_seed_file(void)
{
	const char *shared = getenv("FINFIG_SHARED");
	if (!shared)
		return;
	char path[1024];
	snprintf(path, sizeof path, "%s/corpora/seed/2025-11-03-openai-aws.md", shared);
	char *buf;
	size_t len;
	if (fin_read_file(path, 1u << 20, &buf, &len, NULL))
		return;
	fin_company *v;
	size_t n;
	int rc = scan("", buf, &v, &n);
	CHECK_INT(rc, 0);
	CHECK(count_name(v, n, "OpenAI") >= 10);
	CHECK(count_name(v, n, "Amazon Web Services") >= 4);
	CHECK(count_name(v, n, "Microsoft") >= 4);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(v[i].name, "ChatGPT") == 0 || strstr(v[i].name, "Altman"))
			CHECK(!"a product or a person taken for a company");
	}
	fin_free(buf);
}

static void test_user_data_dir(void)
{
	char dir[] = "/tmp/fin_company_XXXXXX";
	if (!mkdtemp(dir))
		return;
	char path[512];
	snprintf(path, sizeof path, "%s/companies.tsv", dir);
	FILE *f = fopen(path, "w");
	if (!f)
		return;
	fputs("# user\nQuibble\tQuibble Labs|QBL\tQBBL\n", f);
	fclose(f);
	fin_gazetteer *g2;
	CHECK_INT(fin_gazetteer_new(&g2, dir, NULL), 0);
	fin_gazetteer *keep = gz;
	gz = g2;
	CHECK_STR(name_of("Quibble Labs said QBL rose.", "QBL"), "Quibble");
	CHECK_STR(name_of("Shares of <QBBL> rose.", "QBBL"), "Quibble");
	CHECK_STR(name_of("Microsoft said.", "Microsoft"), "Microsoft");
	gz = keep;
	fin_gazetteer_free(g2);
	remove(path);
	rmdir(dir);
}

static void test_load_speed_and_oom(void)
{
	clock_t t0 = clock();
	fin_gazetteer *g2;
	CHECK_INT(fin_gazetteer_new(&g2, NULL, NULL), 0);
	double ms = (double)(clock() - t0) * 1000.0 / CLOCKS_PER_SEC;
	fprintf(stderr, "gazetteer load: %.1f ms\n", ms);
	CHECK(ms < 200.0); /* budget 30 ms; generous for sanitizer builds */
	fin_gazetteer_free(g2);
	/* failing allocations are reported, never crash */
	for (long k = 1; k < 40; k += 3) {
		fin_alloc_fail_after(k);
		int rc = fin_gazetteer_new(&g2, NULL, NULL);
		fin_alloc_fail_after(0);
		CHECK(rc == FIN_ENOMEM || rc == FIN_OK);
		if (rc == FIN_OK)
			fin_gazetteer_free(g2);
	}
}

/* The built-in image (made at build time) is the gazetteer the tables
 * make, array for array; the table path and the copy an image needs before
 * a change fail cleanly out of memory. */
static void test_image(void)
{
	fin_gazetteer *gi, *gt;
	CHECK_INT(fin_gazetteer_new(&gi, NULL, NULL), 0);
	CHECK_INT(fin_gazetteer_new_from(&gt, NULL, false, NULL), 0);
	size_t n_img = 0;
	CHECK(fin_gaz_builtin_image(&n_img) != NULL && n_img > 1000000);
	unsigned char *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	CHECK_INT(fin_gazetteer_image(gi, &a, &na), 0);
	CHECK_INT(fin_gazetteer_image(gt, &b, &nb), 0);
	CHECK_INT(na, nb);
	CHECK_INT(na, n_img);
	CHECK(a && b && na == nb && memcmp(a, b, na) == 0);
	fin_free(a);
	fin_free(b);
	fin_gazetteer_free(gt);
	for (long k = 1; k < 4000; k += 211) {
		fin_alloc_fail_after(k);
		int rc = fin_gazetteer_new_from(&gt, NULL, false, NULL);
		fin_alloc_fail_after(0);
		CHECK(rc == FIN_ENOMEM || rc == FIN_OK);
		if (rc == FIN_OK)
			fin_gazetteer_free(gt);
	}
	/* a user's company makes the image's arrays the gazetteer's own */
	const char *aliases[] = {"Quuxly"};
	fin_company_def d = {"Quuxly Holdings", aliases, 1, NULL, 0, FIN_ORG_COMPANY, 1};
	for (long k = 1; k < 12; k++) {
		fin_alloc_fail_after(k);
		int rc = fin_gazetteer_add(gi, &d, 1, "t.yaml", NULL);
		fin_alloc_fail_after(0);
		CHECK(rc == FIN_ENOMEM || rc == FIN_OK);
	}
	CHECK_INT(fin_gazetteer_add(gi, &d, 1, "t.yaml", NULL), 0);
	fin_gazetteer *keep = gz;
	gz = gi;
	CHECK_STR(name_of("Quuxly said it lost money.", "Quuxly"), "Quuxly Holdings");
	CHECK_STR(name_of("Microsoft said.", "Microsoft"), "Microsoft");
	size_t words;
	CHECK_INT(fin_gazetteer_hot_check(gi, &words), 0);
	gz = keep;
	fin_gazetteer_free(gi);
}

/* Failing allocations during a scan are reported, never crash. */
static void test_scan_oom(void)
{
	const char *b = "<Computer Terminal Systems Inc> said Imperial Zinc Industries PLC (IZI) "
			"and OpenAI (NYSE: ZZZQ) agreed. Computer Terminal said so.";
	int ok = 0, nomem = 0;
	for (long k = 1; k < 60; k++) {
		fin_arena tmp;
		fin_arena_init(&tmp, 256);
		fin_article a;
		memset(&a, 0, sizeof a);
		a.title = "";
		a.body = b;
		a.body_len = strlen(b);
		fin_tokens tt, bt;
		fin_company *v = NULL;
		size_t n = 0, cap = 0;
		fin_alloc_fail_after(k);
		int rc = fin_lex(&tmp, a.title, 0, &tt);
		if (!rc)
			rc = fin_lex(&tmp, a.body, a.body_len, &bt);
		if (!rc)
			rc = fin_company_scan(gz, &tmp, &a, &tt, &bt, &v, &n, &cap);
		fin_alloc_fail_after(0);
		ok += rc == FIN_OK;
		nomem += rc == FIN_ENOMEM;
		fin_arena_free(&tmp);
	}
	CHECK(nomem > 0);
	CHECK_INT(ok + nomem, 59);
}

int main(void)
{
	fin_arena_init(&arena, 1u << 16);
	fin_error err;
	if (fin_gazetteer_new(&gz, NULL, &err)) {
		fprintf(stderr, "gazetteer: %s\n", err.message);
		return 1;
	}
	test_gazetteer_names();
	test_orgs_other();
	test_suffix_runs();
	test_markup_and_tickers();
	test_acronyms_and_aliases();
	test_headline();
	test_not_companies();
	test_context_names();
	test_context_not_names();
	test_more_context_names();
	test_hot_words();
	test_joined_names();
	test_other_kinds();
	test_seed_post();
	test_seed_file();
	test_user_data_dir();
	test_load_speed_and_oom();
	test_image();
	test_scan_oom();
	fin_gazetteer_free(gz);
	fin_arena_free(&arena);
	return check_done();
}
