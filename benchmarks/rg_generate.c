/* rg_generate.c: a deterministic synthetic catalogue in the default schema
 * (graphs/schema.json), for benchmarks and scaling tests.
 *
 * usage: relgraph-generate [--seed N] [--schema PATH] NODES OUT.json
 *
 * The same NODES and seed give the same bytes on every machine: the
 * generator draws from its own PRNG (splitmix64), one stream per section,
 * and prints no floating point.  About five edges per node:
 *
 *   nodes   one hub organisation (party to most agreements, so every
 *           analysis finds it by default), 4 sources, 6 regions; then
 *           organisations 28%, people 40%, agreements 16%, clauses 10%,
 *           programmes 3%, events 2%, teams 1%.
 *   edges   member_of: people on boards, heavy-tailed on both sides (a
 *           person's board count is Pareto with alpha 1.8, mean ~6, some on
 *           hundreds; the board is drawn with density ~ rank^-0.6, so a few
 *           organisations have thousands of members), dated tenures (start,
 *           some ended); works_for (0.5% of people work for the hub: its
 *           agents); participates_in, operated_by, part_of, in_region,
 *           mentions, supplements, same_as (0.2% of organisations listed
 *           twice under one name), renamed_to; party_to: 80% of agreements
 *           bind the hub and one counterparty (some a third party), the rest
 *           two other bodies; contains: clauses in 40% of located texts.
 *   counterparty  every organisation with an agreement with the hub, and 5%
 *           of the others (whose status is then informal or unknown).
 *   cite    every element cites a source, at a row and line.
 *
 * Names are unique by construction (a bijection from index to syllables),
 * then 0.1% of people are given another person's name, so audit's
 * duplicate search has work to do.  Writes OUT.json.tmp, then renames. */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t next(rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* uniform in [0, n) (n > 0); the bias of a modulo of 64 bits is negligible */
static uint64_t below(rng *r, uint64_t n)
{
    return next(r) % n;
}

/* uniform in [0, 1) */
static double unit(rng *r)
{
    return (double)(next(r) >> 11) / 9007199254740992.0;
}

static rng stream(uint64_t seed, uint64_t section)
{
    rng r = {seed * 0x2545F4914F6CDD1DULL + section * 0x9E3779B97F4A7C15ULL};
    next(&r);
    return r;
}

/* ---- the plan: how many of each, where ids start --------------------------- */

typedef struct plan {
    uint64_t seed;
    long norg, nperson, nagr, nclause, nprog, nevent, nteam;
    long *agr_a, *agr_b, *agr_c; /* parties of each agreement (-1: hub; -2: none) */
    unsigned char *agr_located;
    long *clause_agr;      /* the agreement each clause belongs to */
    long *agr_nclause;     /* clauses per agreement */
    unsigned char *cp;     /* per organisation: counterparty */
    long *org_twin;        /* per organisation: the one it is listed twice as, or -1 */
    long *person_samename; /* per person: the person whose name it has, or -1 */
    long nedges;
} plan;

static const char *const syl[40] = {"ar",   "ben", "cor", "dal", "en",  "fer", "gal", "hel",
                                    "is",   "jan", "kor", "lin", "mar", "nor", "ol",  "per",
                                    "quin", "ros", "sel", "tor", "ul",  "ven", "wil", "xan",
                                    "yor",  "zel", "am",  "bri", "ca",  "do",  "el",  "fi",
                                    "go",   "ha",  "i",   "jo",  "ka",  "lo",  "mi",  "nu"};
static const char *const org_suffix[8] = {"Foundation", "Networks", "Association", "Institute",
                                          "Registry",   "Council",  "Alliance",    "Labs"};
static const char *const roles[6] = {"Board of Directors", "Steering Committee", "Member", "Chair",
                                     "Advisory Council",   "Working Group"};
static const char *const agr_types[8] = {"contract",
                                         "mou",
                                         "memorandum of agreement",
                                         "service level agreement",
                                         "cooperation agreement",
                                         "letter of intent",
                                         "registry agreement",
                                         "accreditation agreement"};

/* a bijection on [0, 40^5): multiply by a unit mod 40^5 (odd, not a multiple of 5) */
static uint64_t scramble(uint64_t i)
{
    const uint64_t M = 102400000ULL; /* 40^5 */
    return (i * 7919ULL * 104729ULL + 12345ULL) % M;
}

static void word(FILE *f, uint64_t x, int nsyl)
{
    for (int k = 0; k < nsyl; k++) {
        const char *s = syl[x % 40];
        x /= 40;
        if (k == 0) {
            fputc(s[0] - 'a' + 'A', f);
            fputs(s + 1, f);
        } else {
            fputs(s, f);
        }
    }
}

static void person_name(FILE *f, long i)
{
    uint64_t x = scramble((uint64_t)i);
    word(f, x % 1600, 2);
    fputc(' ', f);
    word(f, x / 1600, 3);
}

static void org_name(FILE *f, long i)
{
    uint64_t x = scramble((uint64_t)i);
    word(f, x / 8 % 64000, 3);
    fputc(' ', f);
    word(f, x / 512000, 1); /* a second word keeps names unique past 64000 x 8 */
    fprintf(f, " %s", org_suffix[x % 8]);
}

static void cite(FILE *f, long row, int quote)
{
    fprintf(f, ", \"cite\": [{\"source\": \"src-%ld\", \"at\": \"row %ld, line %ld\"%s}]",
            row % 4 + 1, row / 10 + 1, row % 997 + 1,
            quote ? ", \"quote\": \"as the register lists it\"" : "");
}

static void date(FILE *f, const char *key, rng *r, int lo, int span)
{
    int y = lo + (int)below(r, (uint64_t)span);
    uint64_t p = below(r, 10);
    if (p < 7)
        fprintf(f, ", \"%s\": \"%04d-%02d-%02d\"", key, y, 1 + (int)below(r, 12),
                1 + (int)below(r, 28));
    else if (p < 9)
        fprintf(f, ", \"%s\": \"%04d-%02d\"", key, y, 1 + (int)below(r, 12));
    else
        fprintf(f, ", \"%s\": \"%04d\"", key, y);
}

/* The last tenth of the organisations are satellites: no member, no
 * programme, tied to the rest only by their agreements and, for half of
 * them, one liaison (a person who works for it).  They give `risks` its cut
 * points and single agreements, as the small bodies of a real register do. */
static long main_orgs(long norg)
{
    return norg - norg / 10;
}

/* An organisation (not a satellite) drawn with density ~ rank^-0.67: a few
 * have thousands of members, most have few. */
static long pick_org(rng *r, long norg)
{
    long nmain = main_orgs(norg);
    double u = unit(r);
    long o = (long)((double)nmain * u * u * u);
    return o < nmain ? o : nmain - 1;
}

static void *xcalloc(size_t n, size_t s)
{
    void *p = calloc(n ? n : 1, s);
    if (p == NULL) {
        fprintf(stderr, "relgraph-generate: out of memory\n");
        exit(1);
    }
    return p;
}

static void make_plan(plan *p, long n)
{
    long rest = n - 11;
    p->norg = rest * 28 / 100;
    p->nperson = rest * 40 / 100;
    p->nagr = rest * 16 / 100;
    p->nprog = rest * 3 / 100 + 1;
    p->nevent = rest * 2 / 100 + 1;
    p->nteam = rest / 100 + 1;
    p->nclause = rest - p->norg - p->nperson - p->nagr - p->nprog - p->nevent - p->nteam;
    if (p->norg < 4 || p->nagr < 2 || p->nclause < 1) {
        fprintf(stderr, "relgraph-generate: NODES must be at least 100\n");
        exit(2);
    }
    rng r = stream(p->seed, 1);
    p->agr_a = xcalloc((size_t)p->nagr, sizeof(long));
    p->agr_b = xcalloc((size_t)p->nagr, sizeof(long));
    p->agr_c = xcalloc((size_t)p->nagr, sizeof(long));
    p->agr_located = xcalloc((size_t)p->nagr, 1);
    p->agr_nclause = xcalloc((size_t)p->nagr, sizeof(long));
    p->cp = xcalloc((size_t)p->norg, 1);
    for (long a = 0; a < p->nagr; a++) {
        int with_hub = below(&r, 10) < 8;
        /* counterparties uniformly: most bodies have one or two agreements */
        p->agr_a[a] = with_hub ? -1 : (long)below(&r, (uint64_t)p->norg);
        p->agr_b[a] = (long)below(&r, (uint64_t)p->norg);
        p->agr_c[a] = below(&r, 10) == 0 ? (long)below(&r, (uint64_t)p->norg) : -2;
        if (with_hub) {
            p->cp[p->agr_b[a]] = 1;
            if (p->agr_c[a] >= 0)
                p->cp[p->agr_c[a]] = 1;
        }
        p->agr_located[a] = below(&r, 100) < 85;
    }
    for (long o = 0; o < p->norg; o++)
        if (!p->cp[o] && below(&r, 100) < (o < main_orgs(p->norg) ? 5 : 50))
            p->cp[o] = 1;
    /* clauses: 1-4 per chosen located text, round the agreements until all
     * are placed */
    p->clause_agr = xcalloc((size_t)p->nclause, sizeof(long));
    long c = 0;
    p->agr_located[0] = 1; /* so that every pass can place one */
    while (c < p->nclause)
        for (long a = 0; a < p->nagr && c < p->nclause; a++) {
            if (!p->agr_located[a] || (a > 0 && below(&r, 10) >= 4))
                continue;
            for (long k = 1 + (long)below(&r, 4); k > 0 && c < p->nclause; k--) {
                p->clause_agr[c++] = a;
                p->agr_nclause[a]++;
            }
        }
    p->org_twin = xcalloc((size_t)p->norg, sizeof(long));
    for (long o = 0; o < p->norg; o++)
        p->org_twin[o] = -1;
    for (long o = 1; o < p->norg; o++)
        if (below(&r, 1000) < 2 && p->org_twin[o - 1] < 0)
            p->org_twin[o] = o - 1;
    p->person_samename = xcalloc((size_t)p->nperson, sizeof(long));
    for (long i = 0; i < p->nperson; i++)
        p->person_samename[i] = i > 0 && below(&r, 1000) < 1 ? (long)below(&r, (uint64_t)i) : -1;
}

/* ---- nodes ------------------------------------------------------------------ */

static void org_id(char *b, size_t n, const plan *p, long o)
{
    (void)p;
    if (o < 0)
        snprintf(b, n, "hub");
    else
        snprintf(b, n, "o%ld", o);
}

static void write_nodes(FILE *f, plan *p)
{
    rng r = stream(p->seed, 2);
    long row = 0;
    for (int s = 1; s <= 4; s++)
        fprintf(f,
                "{\"id\": \"src-%d\", \"kind\": \"source\", \"name\": \"Synthetic register, part "
                "%d\", \"file\": \"register-%d.txt\", \"date\": \"2025-06-30\"},\n",
                s, s, s);
    for (int g = 1; g <= 6; g++) {
        fprintf(f, "{\"id\": \"region-%d\", \"kind\": \"region\", \"name\": \"%s %d\"", g,
                g < 6 ? "Region" : "Global scope", g);
        cite(f, row++, 0);
        fputs("},\n", f);
    }
    fputs("{\"id\": \"hub\", \"kind\": \"organization\", \"name\": \"Hub Corporation\", "
          "\"short_name\": \"HUB\", \"counterparty\": false",
          f);
    cite(f, row++, 1);
    fputs("}", f);
    for (long o = 0; o < p->norg; o++) {
        fprintf(f, ",\n{\"id\": \"o%ld\", \"kind\": \"organization\", \"name\": \"", o);
        org_name(f, p->org_twin[o] >= 0 ? p->org_twin[o] : o);
        fprintf(f, "\", \"counterparty\": %s", p->cp[o] ? "true" : "false");
        if (below(&r, 10) < 3)
            fprintf(f, ", \"short_name\": \"O%ld\"", o);
        if (below(&r, 10) < 5)
            fprintf(f, ", \"country\": \"C%02d\"", (int)below(&r, 60));
        cite(f, row++, below(&r, 10) == 0);
        fputs("}", f);
    }
    for (long i = 0; i < p->nperson; i++) {
        fprintf(f, ",\n{\"id\": \"p%ld\", \"kind\": \"person\", \"name\": \"", i);
        person_name(f, p->person_samename[i] >= 0 ? p->person_samename[i] : i);
        fputs("\"", f);
        cite(f, row++, below(&r, 10) == 0);
        fputs("}", f);
    }
    for (long t = 0; t < p->nteam; t++) {
        fprintf(f, ",\n{\"id\": \"t%ld\", \"kind\": \"team\", \"name\": \"Team %ld\"", t, t);
        cite(f, row++, 0);
        fputs("}", f);
    }
    for (long a = 0; a < p->nagr; a++) {
        int located = p->agr_located[a];
        const char *ssr = p->agr_nclause[a] ? "quoted" : below(&r, 3) ? "none" : "unknown";
        fprintf(f,
                ",\n{\"id\": \"a%ld\", \"kind\": \"agreement\", \"name\": \"Agreement %ld\", "
                "\"agreement_type\": \"%s\", \"text_located\": %s, \"ssr_elements\": \"%s\"",
                a, a, agr_types[below(&r, 8)], located ? "true" : "false", ssr);
        if (below(&r, 20))
            date(f, "date", &r, 1998, 27);
        if (below(&r, 10) == 0)
            fputs(", \"extended\": \"2024-12-31\"", f);
        if (below(&r, 5) == 0)
            fprintf(f, ", \"purpose\": \"cooperation on topic %d\"", (int)below(&r, 50));
        cite(f, row++, below(&r, 5) == 0);
        fputs("}", f);
    }
    for (long c = 0; c < p->nclause; c++) {
        fprintf(f,
                ",\n{\"id\": \"c%ld\", \"kind\": \"clause\", \"name\": \"Agreement %ld, clause "
                "%ld\", \"section\": \"Section %ld\", \"text\": \"Section %ld: the parties "
                "shall keep the registry secure and stable.\"",
                c, p->clause_agr[c], c, c % 40 + 1, c % 40 + 1);
        cite(f, row++, 0);
        fputs("}", f);
    }
    for (long q = 0; q < p->nprog; q++) {
        fprintf(f, ",\n{\"id\": \"g%ld\", \"kind\": \"programme\", \"name\": \"Programme %ld\"", q,
                q);
        cite(f, row++, 0);
        fputs("}", f);
    }
    for (long e = 0; e < p->nevent; e++) {
        fprintf(f, ",\n{\"id\": \"e%ld\", \"kind\": \"event\", \"name\": \"Meeting %ld\"", e, e);
        date(f, "date", &r, 2005, 20);
        cite(f, row++, 0);
        fputs("}", f);
    }
}

/* ---- edges ------------------------------------------------------------------ */

typedef struct out {
    FILE *f;
    plan *p;
    rng r;
    long row;
} out;

/* Starts an edge FROM -KIND-> TO; the caller adds attributes, then end(). */
static void edge(out *o, const char *from, const char *to, const char *kind)
{
    fprintf(o->f, "%s{\"from\": \"%s\", \"to\": \"%s\", \"kind\": \"%s\"",
            o->p->nedges ? ",\n" : "", from, to, kind);
    o->p->nedges++;
}

static void end(out *o)
{
    cite(o->f, o->row++, below(&o->r, 10) == 0);
    fputs("}", o->f);
}

static void tenure(out *o)
{
    uint64_t k = below(&o->r, 10);
    if (k < 7) {
        int y = 1995 + (int)below(&o->r, 30);
        fprintf(o->f, ", \"start\": \"%04d-%02d\"", y, 1 + (int)below(&o->r, 12));
        if (k < 3)
            fprintf(o->f, ", \"end\": \"%04d\"", y + 1 + (int)below(&o->r, 2025 - y));
    } else if (k == 7) {
        fprintf(o->f, ", \"as_of\": \"%04d\"", 2010 + (int)below(&o->r, 15));
    }
}

static void people_edges(out *o)
{
    plan *p = o->p;
    char a[32], b[32];
    for (long i = 0; i < p->nperson; i++) {
        snprintf(a, sizeof a, "p%ld", i);
        /* an employer: the hub for its agents */
        if (below(&o->r, 200) == 0)
            snprintf(b, sizeof b, "hub");
        else
            snprintf(b, sizeof b, "o%ld", pick_org(&o->r, p->norg));
        if (below(&o->r, 100) < 90) {
            edge(o, a, b, "works_for");
            fprintf(o->f, ", \"title\": \"Officer\"");
            tenure(o);
            end(o);
        }
        /* boards: Pareto, alpha 1.8 */
        double u = 1.0 - unit(&o->r);
        long k = (long)(4.0 * (1.0 / pow(u, 1.0 / 1.8) - 1.0)) + 1;
        if (k > 2000)
            k = 2000;
        for (long j = 0; j < k; j++) {
            snprintf(b, sizeof b, "o%ld", pick_org(&o->r, p->norg));
            edge(o, a, b, "member_of");
            fprintf(o->f, ", \"role\": \"%s\"", roles[below(&o->r, 6)]);
            tenure(o);
            end(o);
        }
        /* programmes and events */
        for (long j = (long)below(&o->r, 5); j > 0; j--) {
            if (below(&o->r, 2))
                snprintf(b, sizeof b, "g%ld", (long)below(&o->r, (uint64_t)p->nprog));
            else
                snprintf(b, sizeof b, "e%ld", (long)below(&o->r, (uint64_t)p->nevent));
            edge(o, a, b, "participates_in");
            tenure(o);
            end(o);
        }
    }
}

static void org_edges(out *o)
{
    plan *p = o->p;
    char a[32], b[32];
    for (long x = 0; x < p->norg; x++) {
        snprintf(a, sizeof a, "o%ld", x);
        snprintf(b, sizeof b, "region-%d", 1 + (int)below(&o->r, 6));
        edge(o, a, b, "in_region");
        fputs(", \"basis\": \"registered address\"", o->f);
        end(o);
        if (x >= main_orgs(p->norg)) { /* a satellite */
            if (below(&o->r, 2)) {
                snprintf(b, sizeof b, "p%ld", (long)below(&o->r, (uint64_t)p->nperson));
                edge(o, b, a, "works_for");
                fputs(", \"title\": \"Liaison\"", o->f);
                end(o);
            }
            continue;
        }
        if (below(&o->r, 10) < 3) {
            snprintf(b, sizeof b, "o%ld", pick_org(&o->r, p->norg));
            if (strcmp(a, b)) {
                edge(o, a, b, "member_of");
                fprintf(o->f, ", \"role\": \"Member\"");
                tenure(o);
                end(o);
            }
        }
        if (below(&o->r, 10) == 0) {
            snprintf(b, sizeof b, "o%ld", pick_org(&o->r, p->norg));
            if (strcmp(a, b)) {
                edge(o, a, b, "part_of");
                end(o);
            }
        }
        for (long j = (long)below(&o->r, 5); j > 0; j--) {
            snprintf(b, sizeof b, "g%ld", (long)below(&o->r, (uint64_t)p->nprog));
            edge(o, a, b, "participates_in");
            end(o);
        }
        if (p->org_twin[x] >= 0) {
            snprintf(b, sizeof b, "o%ld", p->org_twin[x]);
            edge(o, a, b, "same_as");
            fputs(", \"note\": \"listed twice, with different details\"", o->f);
            end(o);
        }
        if (below(&o->r, 1000) == 0 && x + 1 < p->norg) {
            snprintf(b, sizeof b, "o%ld", x + 1);
            edge(o, a, b, "renamed_to");
            end(o);
        }
    }
    /* the hub's own memberships: its working links */
    for (int j = 0; j < 20; j++) {
        long s = main_orgs(p->norg) + (long)below(&o->r, (uint64_t)(p->norg / 10 + 1));
        snprintf(b, sizeof b, "o%ld", j % 2 && s < p->norg ? s : pick_org(&o->r, p->norg));
        edge(o, "hub", b, "member_of");
        fputs(", \"role\": \"Member\"", o->f);
        tenure(o);
        end(o);
    }
    for (long t = 0; t < p->nteam; t++) {
        snprintf(a, sizeof a, "t%ld", t);
        edge(o, a, t % 4 ? (snprintf(b, sizeof b, "o%ld", pick_org(&o->r, p->norg)), b) : "hub",
             "part_of");
        end(o);
        snprintf(b, sizeof b, "o%ld", pick_org(&o->r, p->norg));
        edge(o, a, b, "member_of");
        fputs(", \"role\": \"Member\"", o->f);
        end(o);
    }
}

static void agreement_edges(out *o)
{
    plan *p = o->p;
    char a[32], b[32];
    for (long x = 0; x < p->nagr; x++) {
        snprintf(b, sizeof b, "a%ld", x);
        long parties[3] = {p->agr_a[x], p->agr_b[x], p->agr_c[x]};
        for (int k = 0; k < 3; k++) {
            if (parties[k] < -1 || (k == 1 && parties[1] == parties[0]) ||
                (k == 2 && (parties[2] == parties[0] || parties[2] == parties[1])))
                continue;
            org_id(a, sizeof a, p, parties[k]);
            edge(o, a, b, "party_to");
            end(o);
        }
        if (x > 0 && below(&o->r, 100) == 0) {
            snprintf(a, sizeof a, "a%ld", (long)below(&o->r, (uint64_t)x));
            edge(o, b, a, "supplements");
            end(o);
        }
    }
    for (long c = 0; c < p->nclause; c++) {
        snprintf(a, sizeof a, "a%ld", p->clause_agr[c]);
        snprintf(b, sizeof b, "c%ld", c);
        edge(o, a, b, "contains");
        end(o);
    }
}

static void programme_edges(out *o)
{
    plan *p = o->p;
    char a[32], b[32];
    for (long q = 0; q < p->nprog + p->nevent; q++) {
        if (q < p->nprog)
            snprintf(a, sizeof a, "g%ld", q);
        else
            snprintf(a, sizeof a, "e%ld", q - p->nprog);
        snprintf(b, sizeof b, "o%ld", pick_org(&o->r, p->norg));
        edge(o, a, b, "operated_by");
        end(o);
        for (long j = (long)below(&o->r, 7); j > 0; j--) {
            if (below(&o->r, 2))
                snprintf(b, sizeof b, "o%ld", pick_org(&o->r, p->norg));
            else
                snprintf(b, sizeof b, "p%ld", (long)below(&o->r, (uint64_t)p->nperson));
            edge(o, a, b, "mentions");
            end(o);
        }
        if (q > 0 && q < p->nprog && below(&o->r, 5) == 0) {
            snprintf(b, sizeof b, "g%ld", (long)below(&o->r, (uint64_t)q));
            edge(o, a, b, "part_of");
            end(o);
        }
    }
}

static int usage(void)
{
    fputs("usage: relgraph-generate [--seed N] [--schema PATH] NODES OUT.json\n"
          "A synthetic catalogue of about NODES nodes and 5 x NODES edges in the default\n"
          "schema; the same NODES and seed give the same file.  NODES takes a k or M\n"
          "suffix (10k, 1M).  --schema: the schema path written into the file\n"
          "(default: the absolute path of graphs/schema.json given at build time).\n",
          stderr);
    return 2;
}

int main(int argc, char **argv)
{
    plan p;
    memset(&p, 0, sizeof p);
    p.seed = 1;
#ifdef RG_DEFAULT_SCHEMA
    const char *schema = RG_DEFAULT_SCHEMA;
#else
    const char *schema = "schema.json";
#endif
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            usage();
            return 0;
        }
        if (i + 1 >= argc)
            return usage();
        if (strcmp(argv[i], "--seed") == 0)
            p.seed = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--schema") == 0)
            schema = argv[++i];
        else
            return usage();
    }
    if (argc - i != 2)
        return usage();
    char *e;
    long n = strtol(argv[i], &e, 10);
    if (*e == 'k' || *e == 'K')
        n *= 1000, e++;
    else if (*e == 'M' || *e == 'm')
        n *= 1000000, e++;
    if (*e || n < 100 || n > 100000000) {
        fprintf(stderr, "relgraph-generate: NODES: a number from 100 to 100M, not '%s'\n", argv[i]);
        return 2;
    }
    make_plan(&p, n);
    size_t len = strlen(argv[i + 1]);
    char *tmp = xcalloc(len + 5, 1);
    snprintf(tmp, len + 5, "%s.tmp", argv[i + 1]);
    FILE *f = fopen(tmp, "w");
    if (f == NULL) {
        fprintf(stderr, "relgraph-generate: cannot write '%s'\n", tmp);
        return 1;
    }
    static char buf[1 << 20];
    setvbuf(f, buf, _IOFBF, sizeof buf);
    fputs("{\"relgraph\": 1, \"title\": \"Synthetic catalogue\", \"schema\": \"", f);
    fputs(schema, f);
    fputs("\",\n\"nodes\": [\n", f);
    write_nodes(f, &p);
    fputs("\n],\n\"edges\": [\n", f);
    out o = {f, &p, stream(p.seed, 3), 0};
    people_edges(&o);
    org_edges(&o);
    agreement_edges(&o);
    programme_edges(&o);
    fputs("\n]}\n", f);
    if (fclose(f) != 0 || rename(tmp, argv[i + 1]) != 0) {
        fprintf(stderr, "relgraph-generate: cannot write '%s'\n", argv[i + 1]);
        remove(tmp);
        return 1;
    }
    long nodes = 11 + p.norg + p.nperson + p.nteam + p.nagr + p.nclause + p.nprog + p.nevent;
    fprintf(stderr, "%s: %ld nodes, %ld edges (seed %" PRIu64 ")\n", argv[i + 1], nodes, p.nedges,
            p.seed);
    free(tmp);
    free(p.agr_a);
    free(p.agr_b);
    free(p.agr_c);
    free(p.agr_located);
    free(p.agr_nclause);
    free(p.clause_agr);
    free(p.cp);
    free(p.org_twin);
    free(p.person_samename);
    return 0;
}
