/* test_rgc.c: the compiled-catalogue reader refuses a snapshot whose
 * values break the limits docs/format.md ("Compiled catalogues") states, and
 * names the fault, even when the checksum has been made right (damage that a
 * checksum cannot see: a bug in a writer, or a hand-made file).  Each test
 * compiles a small catalogue, changes one field at the offset the documented
 * layout gives, fixes the checksum (rg_rgc_fix_checksum, as fuzz_rgc does)
 * and loads it from memory; the value just inside each limit loads. */
#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "analysis/rg_analysis.h"
#include "check_main.h"
#include "graph/rg_entity.h"
#include "graph/rg_graph.h"
#include "graph/rg_roles.h"
#include "load/rg_load.h"
#include "load/rg_rgc.h"

#define CATALOGUE RELGRAPH_SOURCE_DIR "/tests/fixtures/analyses.json"

/* docs/format.md, "Layout": the section table at byte 136, entries of
 * {u32 id, u32 checksum, u64 offset, u64 length}; the ids used here */
enum {
    SECTION_TABLE = 136,
    S_SUMMARY = 1,
    S_STRINGS = 2,
    S_NODES = 3,
    S_EDGES = 4,
    S_IG_TO = 10,
    S_ATTRIBUTES = 5,
    S_OUT_START = 13,
    S_IN_START = 14,
    S_ENT_REP = 19,
    S_ENT_MEMBERS = 21,
    S_ENT_ALIAS = 23,
    S_NAME_INDEX = 16,
    S_Q_START = 25,
    S_Q_ADJ = 26,
    S_LAST = 26
};

typedef struct blob {
    unsigned char *data;
    size_t len;
} blob;

/* The snapshot of CATALOGUE, as `relgraph compile` writes it. */
static blob compile_fixture(void)
{
    rg_load_info info;
    memset(&info, 0, sizeof info);
    rg_load_opts opts;
    memset(&opts, 0, sizeof opts);
    opts.info = &info;
    opts.schema_roots = RELGRAPH_SOURCE_DIR; /* the fixture's schema is graphs/schema.json */
    rg_graph *g = NULL;
    rg_error err;
    ck_assert_msg(rg_load_file_opts(CATALOGUE, &opts, &g, NULL, &err) == RG_OK, "%s", err.text);
    struct stat st;
    ck_assert_int_eq(stat(CATALOGUE, &st), 0);
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(rg_rgc_write(g, &info, CATALOGUE, &st, f, &err), RG_OK);
    blob b;
    ck_assert_int_eq(fseek(f, 0, SEEK_END), 0); /* the header is written last */
    b.len = (size_t)ftell(f);
    b.data = malloc(b.len);
    ck_assert_ptr_nonnull(b.data);
    rewind(f);
    ck_assert_uint_eq(fread(b.data, 1, b.len, f), b.len);
    fclose(f);
    rg_graph_free(g);
    rg_load_info_destroy(&info);
    return b;
}

/* Where section ID starts (and its length in LEN). */
static size_t section(const blob *b, uint32_t id, uint64_t *len)
{
    uint32_t n;
    memcpy(&n, b->data + 128, sizeof n);
    for (uint32_t i = 0; i < n; i++) {
        const unsigned char *e = b->data + SECTION_TABLE + 24 * (size_t)i;
        uint32_t eid;
        uint64_t off;
        memcpy(&eid, e, sizeof eid);
        memcpy(&off, e + 8, sizeof off);
        if (eid == id) {
            memcpy(len, e + 16, sizeof *len);
            return (size_t)off;
        }
    }
    ck_abort_msg("no section %u", id);
    return 0;
}

/* Uses what the load leaves to be checked when first used (docs/format.md,
 * "Checked when first used") as commands do: a name that is not an id (the
 * name index), the entity map, and the quotient adjacency `risks` asks for. */
static rg_status use_parts(const rg_graph *g, rg_error *err)
{
    int64_t node;
    rg_status st = rg_graph_resolve(g, "Hub Organisation", &node, err);
    if (st != RG_OK)
        return st;
    rg_entities e;
    unsigned char *ok = NULL;
    if ((st = rg_topology_init(g, g->schema->roles[RG_ROLE_SKIP_EDGES],
                               g->schema->roles[RG_ROLE_ALIAS_EDGES], 0, &e, &ok, err)) != RG_OK)
        return st;
    rg_quotient q;
    st = rg_quotient_init(g, ok, &e, RG_Q_ADJ, &q, err);
    if (st == RG_OK)
        rg_quotient_destroy(&q);
    rg_entities_destroy(&e);
    free(ok);
    return st;
}

/* Loads B (from a buffer, or MAPPED from a file) and uses every part: NULL
 * when all is well, else the error (in ERR). */
static const char *load_one(blob *b, int mapped, rg_error *err)
{
    rg_graph *g = NULL;
    rg_status st;
    if (mapped) {
        char path[] = "/tmp/test_rgc_XXXXXX";
        int fd = mkstemp(path);
        ck_assert_int_ge(fd, 0);
        ck_assert_int_eq(write(fd, b->data, b->len), (ssize_t)b->len);
        close(fd);
        st = rg_rgc_load(path, "t.rgc", 0, NULL, &g, err);
        unlink(path);
    } else {
        st = rg_rgc_load_buffer("t.rgc", b->data, b->len, &g, err);
    }
    if (st == RG_OK) {
        ck_assert_ptr_nonnull(g);
        st = use_parts(g, err);
        rg_graph_free(g);
        return st == RG_OK ? NULL : err->text;
    }
    ck_assert_ptr_null(g);
    return err->text;
}

/* Loads B with its checksum made right and uses every part: NULL when all
 * is well, else the error (in ERR).  Read from a buffer, the records are
 * moved as they are checked, in one thread; mapped where they were written
 * for, a second thread checks the edge index and the checksums (rg_rgc.c,
 * bg_start): both must say the same. */
static const char *load(blob *b, rg_error *err)
{
    ck_assert_int_eq(rg_rgc_fix_checksum(b->data, b->len), 0);
    rg_error mapped_err;
    const char *mapped = load_one(b, 1, &mapped_err);
    const char *buffer = load_one(b, 0, err);
    ck_assert_msg((buffer == NULL) == (mapped == NULL) && (!buffer || !strcmp(buffer, mapped)),
                  "from a buffer: %s; mapped: %s", buffer ? buffer : "loads",
                  mapped ? mapped : "loads");
    return buffer;
}

static void put32(blob *b, size_t at, int32_t v)
{
    memcpy(b->data + at, &v, sizeof v);
}

static void put64(blob *b, size_t at, uint64_t v)
{
    memcpy(b->data + at, &v, sizeof v);
}

static void refused(blob *b, const char *what, const char *why)
{
    rg_error err;
    const char *msg = load(b, &err);
    ck_assert_msg(msg != NULL, "%s: the snapshot loads", what);
    ck_assert_msg(strstr(msg, "'t.rgc' is not a usable compiled catalogue") && strstr(msg, why),
                  "%s: expected \"%s\", got: %s", what, why, msg);
}

static void loads(blob *b, const char *what)
{
    rg_error err;
    const char *msg = load(b, &err);
    ck_assert_msg(msg == NULL, "%s: refused: %s", what, msg ? msg : "");
}

START_TEST(a_sound_snapshot_loads)
{
    blob b = compile_fixture();
    loads(&b, "as written");
    free(b.data);
}
END_TEST

/* The summary's as_of date (year, month, day: i32 at 96, 100, 104 of the
 * summary section): a day past 31 is out of range, 31 is not. */
START_TEST(the_as_of_day_is_at_most_31)
{
    blob b = compile_fixture();
    uint64_t len;
    size_t m = section(&b, S_SUMMARY, &len);
    put32(&b, m + 96, 2020);
    put32(&b, m + 100, 1);
    put32(&b, m + 104, 31);
    loads(&b, "as_of 2020-01-31");
    put32(&b, m + 104, 32);
    refused(&b, "as_of day 32", "its date is out of range");
    free(b.data);
}
END_TEST

/* The first date attribute's record in section 5 (the graph's own rg_attr,
 * as the format's version 2 keeps it); the offset of its rg_date. */
static size_t first_date(const blob *b)
{
    uint64_t len;
    size_t at = section(b, S_ATTRIBUTES, &len);
    for (size_t r = 0; r + sizeof(rg_attr) <= len; r += sizeof(rg_attr)) {
        uint32_t type;
        memcpy(&type, b->data + at + r + offsetof(rg_attr, value.type), sizeof type);
        if (type == RG_T_DATE)
            return at + r + offsetof(rg_attr, value.u.d);
    }
    ck_abort_msg("the fixture has no date attribute");
    return 0;
}

static void put_date(blob *b, size_t at, int year, int month, int day)
{
    put32(b, at + offsetof(rg_date, year), year);
    put32(b, at + offsetof(rg_date, month), month);
    put32(b, at + offsetof(rg_date, day), day);
}

START_TEST(a_date_value_has_four_digits_of_year_and_a_real_month)
{
    blob b = compile_fixture();
    size_t x = first_date(&b);
    put_date(&b, x, 9999, 12, 31);
    loads(&b, "9999-12-31");
    put_date(&b, x, 10000, 1, 1);
    refused(&b, "a date of year 10000", "a node's attributes are out of range");
    put_date(&b, x, 2020, 13, 1);
    refused(&b, "a date of month 13", "a node's attributes are out of range");
    put_date(&b, x, 2020, 0, 31);
    refused(&b, "a day without a month", "a node's attributes are out of range");
    put_date(&b, x, -1, 1, 1);
    refused(&b, "a year before 0", "a node's attributes are out of range");
    free(b.data);
}
END_TEST

/* Where each vertex's edges start in igraph's order (sections 13 and 14,
 * n + 1 64-bit integers): the first must be 0 and the last the number of
 * edges.  The first moved to 1 (when vertex 0 has an edge that way), or
 * the last to one less (when the last vertex has), the rest of the index
 * is still in order, and an edge would be lost. */
START_TEST(an_edge_index_starts_at_zero_and_ends_at_the_edge_count)
{
    int tried = 0;
    for (uint32_t id = S_OUT_START; id <= S_IN_START; id++) {
        blob b = compile_fixture();
        uint64_t len;
        size_t s = section(&b, id, &len);
        size_t n = len / 8 - 1;
        int64_t second, before_last, last;
        memcpy(&second, b.data + s + 8, sizeof second);
        memcpy(&before_last, b.data + s + 8 * (n - 1), sizeof before_last);
        memcpy(&last, b.data + s + 8 * n, sizeof last);
        if (second > 0) { /* vertex 0 has an edge this way */
            put64(&b, s, 1);
            refused(&b, "an index starting at 1", "its edge index is not in order");
            put64(&b, s, 0);
            tried++;
        }
        if (before_last < last) { /* so has the last vertex */
            put64(&b, s + 8 * n, (uint64_t)last - 1);
            refused(&b, "an index ending short", "its edge index is not in order");
            tried++;
        }
        free(b.data);
    }
    ck_assert_msg(tried > 0, "the fixture's first and last nodes have no edges");
}
END_TEST

/* Records hold pointers written for the file mapped at the address the
 * summary records (u64 at 184); read from a buffer, the reader moves them.
 * A pointer must land inside what it points into: a node's id just past
 * the string pool, or its attributes one byte into a record, is refused. */
static uint64_t image_base(const blob *b)
{
    uint64_t len, base;
    memcpy(&base, b->data + section(b, S_SUMMARY, &len) + 184, sizeof base);
    return base;
}

START_TEST(a_pointer_lands_inside_what_it_points_into)
{
    blob b = compile_fixture();
    uint64_t base = image_base(&b), slen, nlen;
    size_t strings = section(&b, S_STRINGS, &slen), nodes = section(&b, S_NODES, &nlen);
    size_t id = nodes + offsetof(rg_node, id);
    put64(&b, id, base + strings + slen - 1); /* the pool's last byte: "" */
    loads(&b, "an id at the pool's last byte");
    put64(&b, id, base + strings + slen);
    refused(&b, "an id past the pool", "a node's attributes are out of range");
    put64(&b, id, base + strings - 1);
    refused(&b, "an id before the pool", "a node's attributes are out of range");
    free(b.data);
    /* the first node with attributes: its pointer moved by a byte */
    b = compile_fixture();
    nodes = section(&b, S_NODES, &nlen);
    size_t at = 0;
    for (size_t r = 0; r + sizeof(rg_node) <= nlen && !at; r += sizeof(rg_node)) {
        rg_node n;
        memcpy(&n, b.data + nodes + r, sizeof n);
        if (n.p.nattrs)
            at = nodes + r + offsetof(rg_node, p.attrs);
    }
    ck_assert_msg(at, "the fixture has no node with attributes");
    uint64_t p;
    memcpy(&p, b.data + at, sizeof p);
    put64(&b, at, p + 1);
    refused(&b, "attributes one byte in", "a node's attributes are out of range");
    put64(&b, at, 0);
    refused(&b, "attributes at NULL", "a node's attributes are out of range");
    free(b.data);
}
END_TEST

/* Each attribute belongs to one element, in order: were two nodes to share
 * one, moving its pointers twice would send them out of the file. */
START_TEST(no_two_nodes_share_an_attribute)
{
    blob b = compile_fixture();
    uint64_t nlen;
    size_t nodes = section(&b, S_NODES, &nlen);
    size_t first = 0, second = 0;
    for (size_t r = 0; r + sizeof(rg_node) <= nlen && !second; r += sizeof(rg_node)) {
        rg_node n;
        memcpy(&n, b.data + nodes + r, sizeof n);
        if (n.p.nattrs && !first)
            first = nodes + r;
        else if (n.p.nattrs)
            second = nodes + r;
    }
    ck_assert_msg(second, "the fixture has fewer than two nodes with attributes");
    memcpy(b.data + second + offsetof(rg_node, p.attrs),
           b.data + first + offsetof(rg_node, p.attrs), sizeof(void *));
    memcpy(b.data + second + offsetof(rg_node, p.nattrs),
           b.data + first + offsetof(rg_node, p.nattrs), sizeof(size_t));
    refused(&b, "a shared attribute", "a node's attributes are out of range");
    free(b.data);
}
END_TEST

/* A file mapped twice in one process (a diff of two snapshots): the second
 * mapping cannot have the address the first holds, and its pointers are
 * moved; both read the same. */
START_TEST(a_snapshot_mapped_twice_reads_the_same)
{
    blob b = compile_fixture();
    char path[] = "/tmp/test_rgc_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, b.data, b.len), (ssize_t)b.len);
    close(fd);
    rg_graph *g1 = NULL, *g2 = NULL;
    rg_error err;
    ck_assert_msg(rg_rgc_load(path, path, 0, NULL, &g1, &err) == RG_OK, "%s", err.text);
    ck_assert_msg(rg_rgc_load(path, path, 0, NULL, &g2, &err) == RG_OK, "%s", err.text);
    ck_assert_ptr_ne(g1->nodes, g2->nodes);
    ck_assert_uint_eq(g1->nnodes, g2->nnodes);
    for (size_t i = 0; i < g1->nnodes; i++) {
        ck_assert_str_eq(g1->nodes[i].id, g2->nodes[i].id);
        ck_assert_str_eq(g1->nodes[i].name, g2->nodes[i].name);
        ck_assert_uint_eq(g1->nodes[i].p.nattrs, g2->nodes[i].p.nattrs);
        for (size_t a = 0; a < g1->nodes[i].p.nattrs; a++) {
            const rg_value *v1 = &g1->nodes[i].p.attrs[a].value,
                           *v2 = &g2->nodes[i].p.attrs[a].value;
            ck_assert_int_eq(v1->type, v2->type);
            if (v1->type == RG_T_STRING)
                ck_assert_str_eq(v1->u.s, v2->u.s);
        }
        for (size_t c = 0; c < g1->nodes[i].p.ncites; c++)
            ck_assert_int_eq(g1->nodes[i].p.cites[c].source, g2->nodes[i].p.cites[c].source);
    }
    rg_graph_free(g1);
    rg_graph_free(g2);
    unlink(path);
    free(b.data);
}
END_TEST

/* An edge record must agree with igraph's arrays and name an edge kind of
 * the schema: another "to", or a kind past the schema's, is refused. */
START_TEST(an_edge_record_agrees_with_the_edge_arrays)
{
    blob b = compile_fixture();
    uint64_t len;
    size_t s = section(&b, S_EDGES, &len);
    ck_assert_uint_ge(len / sizeof(rg_edge), 2);
    rg_edge e0, e1;
    memcpy(&e0, b.data + s, sizeof e0);
    size_t j = 1;
    do
        memcpy(&e1, b.data + s + j * sizeof(rg_edge), sizeof e1);
    while (e1.to == e0.to && ++j < len / sizeof(rg_edge));
    ck_assert_msg(e0.to != e1.to, "the fixture's edges all end at one node");
    put64(&b, s + offsetof(rg_edge, to), (uint64_t)e1.to);
    refused(&b, "another to", "an edge is out of range");
    put64(&b, s + offsetof(rg_edge, to), (uint64_t)e0.to);
    put64(&b, s + offsetof(rg_edge, from),
          (uint64_t)e1.from == (uint64_t)e0.from ? (uint64_t)e0.to : (uint64_t)e1.from);
    refused(&b, "another from", "an edge is out of range");
    put64(&b, s + offsetof(rg_edge, from), (uint64_t)e0.from);
    put32(&b, s + offsetof(rg_edge, kind), 1000);
    refused(&b, "a kind past the schema's", "an edge is out of range");
    put32(&b, s + offsetof(rg_edge, kind), -1);
    refused(&b, "a negative kind", "an edge is out of range");
    put32(&b, s + offsetof(rg_edge, kind), e0.kind);
    loads(&b, "the edge as it was");
    /* the record and igraph's array agree on a "to" past the last node */
    uint64_t tlen;
    size_t ts = section(&b, S_IG_TO, &tlen);
    int64_t past = 1 << 20;
    put64(&b, s + offsetof(rg_edge, to), (uint64_t)past);
    put64(&b, ts, (uint64_t)past);
    refused(&b, "a to past the last node", "an edge is out of range");
    put64(&b, ts, (uint64_t)-1);
    put64(&b, s + offsetof(rg_edge, to), (uint64_t)-1);
    refused(&b, "a negative to", "an edge is out of range");
    free(b.data);
}
END_TEST

/* An edge whose end is of a kind its edge kind does not join is refused:
 * the "from" node of an edge (one with no attributes, so that no other
 * check speaks first) made each other kind in turn; at least one of them
 * must be refused for that reason. */
START_TEST(an_edge_joins_kinds_its_schema_allows)
{
    int seen = 0;
    for (int k = 0; k < 64 && !seen; k++) {
        blob b = compile_fixture();
        uint64_t len, nlen;
        size_t es = section(&b, S_EDGES, &len), ns = section(&b, S_NODES, &nlen);
        size_t at = 0;
        for (size_t j = 0; at == 0 && j < len / sizeof(rg_edge); j++) {
            rg_edge e;
            rg_node n;
            memcpy(&e, b.data + es + j * sizeof e, sizeof e);
            memcpy(&n, b.data + ns + (size_t)e.from * sizeof n, sizeof n);
            if (n.p.nattrs == 0 && n.kind != k)
                at = ns + (size_t)e.from * sizeof n + offsetof(rg_node, kind);
        }
        if (at) {
            put32(&b, at, k);
            rg_error err;
            const char *msg = load(&b, &err);
            seen = msg && strstr(msg, "an edge joins kinds its schema does not allow") != NULL;
        }
        free(b.data);
    }
    ck_assert_msg(seen, "no edge's end made another kind was refused as not allowed");
}
END_TEST

/* Damage that no other check sees (one bit of a section's first, middle or
 * last byte, the checksum left as written) is refused by the checksum of
 * that section, whichever section it is: those a command reads (the
 * edges, igraph's arrays) and those it may never read (the attributes, the
 * citations), at load or, for the parts checked when first used (the name
 * index, the entity map, the quotient), when a command first uses them.
 * Each section's sum is computed as its records are checked,
 * and its last bytes before a record there is moved: read from a buffer
 * (records moved) and from a mapped file both. */
START_TEST(damage_in_any_section_is_refused_by_its_checksum)
{
    blob b = compile_fixture();
    ck_assert_int_eq(rg_rgc_fix_checksum(b.data, b.len), 0);
    char path[] = "/tmp/test_rgc_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    int tried = 0;
    for (uint32_t id = S_SUMMARY; id <= S_LAST; id++) {
        uint64_t len;
        size_t s = section(&b, id, &len);
        for (int where = 0; where < 3 && len > 0; where++) {
            size_t at = s + (where == 0 ? 0 : where == 1 ? len / 2 : len - 1);
            b.data[at] ^= 0x10;
            for (int mapped = 0; mapped < 2; mapped++) {
                rg_graph *g = NULL;
                rg_error err;
                rg_status st;
                if (mapped) {
                    FILE *f = fopen(path, "wb");
                    ck_assert_ptr_nonnull(f);
                    ck_assert_uint_eq(fwrite(b.data, 1, b.len, f), b.len);
                    fclose(f);
                    st = rg_rgc_load(path, "t.rgc", 0, NULL, &g, &err);
                } else {
                    st = rg_rgc_load_buffer("t.rgc", b.data, b.len, &g, &err);
                }
                if (st == RG_OK) { /* a part checked when a command first uses it */
                    st = use_parts(g, &err);
                    rg_graph_free(g);
                    g = NULL;
                }
                ck_assert_msg(st != RG_OK, "section %u byte %zu (%s): damage is used", id, at - s,
                              mapped ? "mapped" : "buffer");
                ck_assert_msg(strstr(err.text, "its checksum does not match"),
                              "section %u byte %zu: %s", id, at - s, err.text);
                tried++;
            }
            b.data[at] ^= 0x10;
        }
    }
    ck_assert_int_ge(tried, 2 * 3 * 12);
    loads(&b, "undamaged again");
    /* a section's recorded sum is covered by the header's checksum */
    b.data[SECTION_TABLE + 4] ^= 1;
    rg_graph *g = NULL;
    rg_error err;
    ck_assert_int_ne(rg_rgc_load_buffer("t.rgc", b.data, b.len, &g, &err), RG_OK);
    ck_assert_msg(strstr(err.text, "its checksum does not match"), "%s", err.text);
    unlink(path);
    free(b.data);
}
END_TEST

/* docs/format.md, "Layout": each section's checksum is XXH3's 64-bit hash
 * of its bytes to the next multiple of 8, seeded with its id, folded to 32
 * bits; the header's, of bytes 0-1015, seeded with 0 (computed here from
 * the documentation, not with the reader's code). */
START_TEST(the_checksums_are_xxh3_as_documented)
{
    blob b = compile_fixture();
    uint32_t n;
    memcpy(&n, b.data + 128, sizeof n);
    ck_assert_uint_eq(n, S_LAST);
    for (uint32_t i = 0; i < n; i++) {
        const unsigned char *e = b.data + SECTION_TABLE + 24 * (size_t)i;
        uint32_t id, sum;
        uint64_t off, len;
        memcpy(&id, e, 4);
        memcpy(&sum, e + 4, 4);
        memcpy(&off, e + 8, 8);
        memcpy(&len, e + 16, 8);
        uint64_t h = XXH3_64bits_withSeed(b.data + off, (len + 7) / 8 * 8, id);
        ck_assert_msg((uint32_t)(h ^ (h >> 32)) == sum, "section %u: checksum is not XXH3's", id);
    }
    uint64_t whole;
    memcpy(&whole, b.data + 1016, 8);
    ck_assert_msg(XXH3_64bits_withSeed(b.data, 1016, 0) == whole, "header checksum");
    free(b.data);
}
END_TEST

START_TEST(the_snapshot_beside_a_json_file)
{
    char buf[64];
    ck_assert_str_eq(rg_rgc_beside("a.json", buf, sizeof buf), "a.rgc");
    ck_assert_str_eq(rg_rgc_beside("dir/boards.json", buf, sizeof buf), "dir/boards.rgc");
    ck_assert_str_eq(rg_rgc_beside("a.txt", buf, sizeof buf), "a.txt.rgc");
    ck_assert_ptr_null(rg_rgc_beside("abcdefgh.json", buf, 12));
    /* a buffer of exactly the size needed: nothing written past it */
    memset(buf, 'Z', sizeof buf);
    ck_assert_str_eq(rg_rgc_beside("abcdefgh.json", buf, 13), "abcdefgh.rgc");
    ck_assert_int_eq(buf[13], 'Z');
}
END_TEST

/* docs/format.md, "Layout": sections 18-23 hold the entity map under the
 * schema's alias edges.  A command asking for those kinds borrows it, and
 * it is the map merging computes; other kinds (--no-merge) are computed. */
START_TEST(the_stored_entity_map_is_the_one_merging_computes)
{
    blob b = compile_fixture();
    rg_graph *g = NULL;
    rg_error err;
    ck_assert_int_eq(rg_rgc_load_buffer("t.rgc", b.data, b.len, &g, &err), RG_OK);
    ck_assert_ptr_nonnull(g->entities);
    const char *alias = g->schema->roles[RG_ROLE_ALIAS_EDGES];
    rg_entities lent, fresh, apart;
    ck_assert_int_eq(rg_entities_init(g, alias, 1, &lent, &err), RG_OK);
    ck_assert_int_eq(lent.borrowed, 1);
    struct rg_entities *stored = g->entities;
    g->entities = NULL;
    ck_assert_int_eq(rg_entities_init(g, alias, 1, &fresh, &err), RG_OK);
    g->entities = stored;
    ck_assert_int_eq(fresh.borrowed, 0);
    size_t n = g->nnodes;
    ck_assert_uint_lt(fresh.nentities, n); /* the fixture merges two rows */
    ck_assert_uint_eq(lent.nentities, fresh.nentities);
    ck_assert_mem_eq(lent.rep, fresh.rep, n * sizeof *lent.rep);
    ck_assert_mem_eq(lent.member_start, fresh.member_start, (n + 1) * sizeof(size_t));
    ck_assert_mem_eq(lent.members, fresh.members, n * sizeof *lent.members);
    ck_assert_mem_eq(lent.alias_start, fresh.alias_start, (n + 1) * sizeof(size_t));
    ck_assert_uint_ge(fresh.alias_start[n], 1);
    ck_assert_mem_eq(lent.alias, fresh.alias, fresh.alias_start[n] * sizeof *lent.alias);
    ck_assert_int_eq(rg_entities_init(g, alias, 0, &apart, &err), RG_OK);
    ck_assert_int_eq(apart.borrowed, 0);
    ck_assert_uint_eq(apart.nentities, n);
    rg_entities_destroy(&lent);
    rg_entities_destroy(&fresh);
    rg_entities_destroy(&apart);
    ck_assert_ptr_nonnull(g->entities); /* a borrower's destroy leaves it */
    rg_graph_free(g);
    free(b.data);
}
END_TEST

/* A stored entity map that does not partition the nodes (checksums made
 * right) is refused, never lent: a representative out of range, a node in
 * two entities, an alias edge of a kind not merged. */
START_TEST(a_wrong_entity_map_is_refused)
{
    blob b = compile_fixture();
    uint64_t len, elen;
    size_t rep = section(&b, S_ENT_REP, &len);
    put64(&b, rep, len / 8); /* node 0's representative: past the last node */
    refused(&b, "representative out of range", "its entity map is wrong");
    free(b.data);
    b = compile_fixture();
    size_t mem = section(&b, S_ENT_MEMBERS, &len);
    memcpy(b.data + mem + 8, b.data + mem, 8); /* node 0 twice, node 1 nowhere */
    refused(&b, "a node twice", "its entity map is wrong");
    free(b.data);
    b = compile_fixture();
    size_t al = section(&b, S_ENT_ALIAS, &len), edges = section(&b, S_EDGES, &elen);
    ck_assert_uint_ge(len, 8);
    int64_t e;
    memcpy(&e, b.data + al, 8);
    for (int64_t other = 0; other < (int64_t)(elen / sizeof(rg_edge)); other++) {
        uint32_t k0, k1;
        memcpy(&k0, b.data + edges + (size_t)e * sizeof(rg_edge) + offsetof(rg_edge, kind), 4);
        memcpy(&k1, b.data + edges + (size_t)other * sizeof(rg_edge) + offsetof(rg_edge, kind), 4);
        if (k0 != k1) {
            put64(&b, al, (uint64_t)other);
            break;
        }
    }
    refused(&b, "an alias edge of another kind", "its entity map is wrong");
    free(b.data);
}
END_TEST

/* docs/format.md, "Checked when first used": damage in the name index
 * does not stop a command that names nodes by id only; the first look-up
 * by name meets it, and every later one gives the same error. */
START_TEST(a_part_is_checked_when_first_used_and_stays_refused)
{
    blob b = compile_fixture();
    uint64_t len;
    size_t ni = section(&b, S_NAME_INDEX, &len);
    b.data[ni + len / 2] ^= 0x10;
    rg_graph *g = NULL;
    rg_error err;
    ck_assert_msg(rg_rgc_load_buffer("t.rgc", b.data, b.len, &g, &err) == RG_OK, "%s", err.text);
    ck_assert_int_ge(rg_graph_find_id(g, "hub"), 0);
    int64_t node;
    ck_assert_int_eq(rg_graph_resolve(g, "hub", &node, &err), RG_OK); /* an id: no name index */
    for (int i = 0; i < 2; i++) {
        ck_assert_int_eq(rg_graph_resolve(g, "Hub Organisation", &node, &err), RG_ESYNTAX);
        ck_assert_msg(strstr(err.text, "'t.rgc' is not a usable compiled catalogue: its checksum "
                                       "does not match"),
                      "%s", err.text);
    }
    rg_graph_free(g);
    free(b.data);
}
END_TEST

/* docs/format.md, "Layout": sections 24-26 hold the quotient adjacency
 * under the schema's roles.  `risks` borrows it, and it is the adjacency
 * rg_quotient_init computes; under other kinds it is computed. */
START_TEST(the_stored_quotient_is_the_one_computed)
{
    blob b = compile_fixture();
    rg_graph *g = NULL;
    rg_error err;
    ck_assert_int_eq(rg_rgc_load_buffer("t.rgc", b.data, b.len, &g, &err), RG_OK);
    ck_assert_ptr_nonnull(g->q_adj);
    rg_entities e;
    unsigned char *ok = NULL;
    ck_assert_int_eq(rg_topology_init(g, g->schema->roles[RG_ROLE_SKIP_EDGES],
                                      g->schema->roles[RG_ROLE_ALIAS_EDGES], 0, &e, &ok, &err),
                     RG_OK);
    rg_quotient lent, fresh, other;
    ck_assert_int_eq(rg_quotient_init(g, ok, &e, RG_Q_ADJ, &lent, &err), RG_OK);
    ck_assert_int_eq(lent.adj_borrowed, 1);
    const uint32_t *stored = g->q_adj;
    g->q_adj = NULL;
    ck_assert_int_eq(rg_quotient_init(g, ok, &e, RG_Q_ADJ, &fresh, &err), RG_OK);
    g->q_adj = stored;
    ck_assert_int_eq(fresh.adj_borrowed, 0);
    ck_assert_uint_eq(lent.n, fresh.n);
    ck_assert_uint_ge(fresh.adj_start[fresh.n], 2);
    ck_assert_mem_eq(lent.adj_start, fresh.adj_start, (fresh.n + 1) * sizeof(uint32_t));
    ck_assert_mem_eq(lent.adj, fresh.adj, fresh.adj_start[fresh.n] * sizeof(uint32_t));
    /* another set of kinds (the skipped ones followed too): computed */
    for (size_t k = 0; k < g->schema->n_edge_kinds; k++)
        ok[k] = g->schema->edge_kinds[k].in_paths;
    ck_assert_int_eq(rg_quotient_init(g, ok, &e, RG_Q_ADJ, &other, &err), RG_OK);
    ck_assert_int_eq(other.adj_borrowed, 0);
    rg_quotient_destroy(&lent);
    rg_quotient_destroy(&fresh);
    rg_quotient_destroy(&other);
    ck_assert_ptr_nonnull(g->q_adj); /* a borrower's destroy leaves it */
    rg_entities_destroy(&e);
    free(ok);
    rg_graph_free(g);
    free(b.data);
}
END_TEST

/* A stored quotient whose lists leave the adjacency or name a vertex past
 * the last (checksums made right) is refused when first lent, never read. */
START_TEST(a_wrong_quotient_is_refused)
{
    blob b = compile_fixture();
    uint64_t len, alen;
    size_t qs = section(&b, S_Q_START, &len), qa = section(&b, S_Q_ADJ, &alen);
    uint32_t nq = (uint32_t)(len / 4 - 1);
    put32(&b, qa + alen - 4, (int32_t)nq); /* the last neighbour: one past the last vertex */
    refused(&b, "a neighbour out of range", "its quotient graph is wrong");
    free(b.data);
    b = compile_fixture();
    qs = section(&b, S_Q_START, &len);
    put32(&b, qs + 4, (int32_t)(alen / 4 + 1)); /* vertex 0's list ends past the adjacency */
    refused(&b, "a list past the end", "its quotient graph is wrong");
    free(b.data);
    b = compile_fixture();
    qa = section(&b, S_Q_ADJ, &alen);
    put32(&b, qa + alen - 4, (int32_t)nq - 1); /* the last vertex: inside */
    loads(&b, "a neighbour that is the last vertex");
    free(b.data);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rgc");
    TCase *tc = tcase_create("damaged");
    tcase_set_timeout(tc,
                      120); /* ASan on a busy 2-core machine: the damage sweep loads 150 times */
    tcase_add_test(tc, a_sound_snapshot_loads);
    tcase_add_test(tc, the_as_of_day_is_at_most_31);
    tcase_add_test(tc, a_date_value_has_four_digits_of_year_and_a_real_month);
    tcase_add_test(tc, an_edge_index_starts_at_zero_and_ends_at_the_edge_count);
    tcase_add_test(tc, a_pointer_lands_inside_what_it_points_into);
    tcase_add_test(tc, no_two_nodes_share_an_attribute);
    tcase_add_test(tc, a_snapshot_mapped_twice_reads_the_same);
    tcase_add_test(tc, an_edge_record_agrees_with_the_edge_arrays);
    tcase_add_test(tc, an_edge_joins_kinds_its_schema_allows);
    tcase_add_test(tc, the_snapshot_beside_a_json_file);
    tcase_add_test(tc, damage_in_any_section_is_refused_by_its_checksum);
    tcase_add_test(tc, the_checksums_are_xxh3_as_documented);
    tcase_add_test(tc, the_stored_entity_map_is_the_one_merging_computes);
    tcase_add_test(tc, a_wrong_entity_map_is_refused);
    tcase_add_test(tc, a_part_is_checked_when_first_used_and_stays_refused);
    tcase_add_test(tc, the_stored_quotient_is_the_one_computed);
    tcase_add_test(tc, a_wrong_quotient_is_refused);
    suite_add_tcase(s, tc);
    return rg_run_suite(s);
}
