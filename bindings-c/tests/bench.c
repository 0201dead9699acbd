/* A rough timing loop, not a test: the cost of one typed share call and one JSON call from
 * C. Build against a release libnoticegate (see README.md) and run:
 *   bench [ITERATIONS [typed|packed|question|enum|json]]
 * Each typed loop runs in ROUNDS rounds; it prints the mean and the fastest round.
 * With a second argument only that loop runs (for `perf stat`: instructions per call are the
 * difference of two runs over the difference of their iterations, whatever the machine's load). */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "noticegate.h"

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* Runs `body` (which reads the call number `i`) `calls` times in ROUNDS rounds and sets `mean`
 * and `best` to nanoseconds per call: over all rounds, and of the fastest round. On a machine
 * shared with other jobs the mean moves with their load; the best round is the quiet figure. */
#define ROUNDS 100
#define TIMED(calls, mean, best, body)                                              \
    do {                                                                            \
        long per_ = (calls) / ROUNDS;                                               \
        double total_ = 0;                                                          \
        (best) = 0;                                                                 \
        for (int r_ = 0; r_ < ROUNDS && per_ > 0; r_++) {                           \
            double t_ = now();                                                      \
            for (long i = r_ * per_; i < (r_ + 1) * per_; i++) { body }             \
            double d_ = (now() - t_) / per_ * 1e9;                                  \
            total_ += d_;                                                           \
            if (r_ == 0 || d_ < (best)) (best) = d_;                                \
        }                                                                           \
        (mean) = per_ > 0 ? total_ / ROUNDS : 0;                                    \
    } while (0)

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 10000000;
    const char *only = argc > 2 ? argv[2] : "";
    NoticegateEngine *e = NULL;
    noticegate_engine_builtin(&e);
    uint32_t cd, email, pcg, f[2], desk, name, internal, g[2];
    int32_t day;
    noticegate_resolve_service(e, NULL, "Community Directory", &cd);
    noticegate_resolve(e, NOTICEGATE_KIND_CATEGORY, "Email address", &email);
    noticegate_resolve(e, NOTICEGATE_KIND_RECIPIENT, "PCG UK", &pcg);
    noticegate_resolve(e, NOTICEGATE_KIND_FACT, "consent", &f[0]);
    noticegate_resolve(e, NOTICEGATE_KIND_FACT, "data_processing_agreement", &f[1]);
    uint8_t consent[2]; /* the enum fact's values: given (permit), withdrawn (not) */
    noticegate_resolve_fact_value(e, f[0], "given", &consent[0]);
    noticegate_resolve_fact_value(e, f[0], "withdrawn", &consent[1]);
    /* Two yes/no facts: Cantium's Service Desk sharing a name with its internal departments
     * (permit with a genuine business need, deny without). */
    noticegate_resolve_service(e, NULL, "Service Desk", &desk);
    noticegate_resolve(e, NOTICEGATE_KIND_CATEGORY, "Name", &name);
    noticegate_resolve(e, NOTICEGATE_KIND_RECIPIENT, "Cantium internal departments", &internal);
    noticegate_resolve(e, NOTICEGATE_KIND_FACT, "cit.contractual_relationship_necessary", &g[0]);
    noticegate_resolve(e, NOTICEGATE_KIND_FACT, "cit.genuine_business_need", &g[1]);
    noticegate_date(2026, 11, 23, &day);
    long permits = 0, enum_permits = 0;
    NoticegateVerdict verdict;
    int all = !*only;
    long typed_calls = all || !strcmp(only, "typed") ? n : 0;
    uint8_t w[2] = {1, 1};
    double typed, typed_best;
    TIMED(typed_calls, typed, typed_best, {
        w[1] = (uint8_t)(~i & 1);
        noticegate_share(e, desk, name, internal, NOTICEGATE_NONE, NOTICEGATE_NONE, day, g, w, 2, &verdict);
        permits += verdict == NOTICEGATE_VERDICT_PERMIT;
    });
    /* The same two facts packed once per combination (noticegate_facts_pack), as a hot loop
     * over rows that fall into a few combinations would: the facts are checked once. */
    NoticegateFacts *packed[2] = {NULL, NULL};
    for (int k = 0; k < 2; k++) {
        uint8_t p[2] = {1, (uint8_t)(k == 0)};
        noticegate_facts_pack(e, g, p, 2, &packed[k]);
    }
    long packed_calls = all || !strcmp(only, "packed") ? n : 0, packed_permits = 0;
    double typed_packed, packed_best;
    TIMED(packed_calls, typed_packed, packed_best, {
        noticegate_share_packed(e, desk, name, internal, NOTICEGATE_NONE, NOTICEGATE_NONE, day, packed[i & 1], &verdict);
        packed_permits += verdict == NOTICEGATE_VERDICT_PERMIT;
    });
    /* The question prepared once too (noticegate_question_share): the hot loop's call. */
    NoticegateQuestion *question = NULL;
    noticegate_question_share(e, desk, name, internal, NOTICEGATE_NONE, NOTICEGATE_NONE, &question);
    long question_calls = all || !strcmp(only, "question") ? n : 0, question_permits = 0;
    double prepared, prepared_best;
    TIMED(question_calls, prepared, prepared_best, {
        noticegate_question_verdict(question, day, packed[i & 1], &verdict);
        question_permits += verdict == NOTICEGATE_VERDICT_PERMIT;
    });
    noticegate_question_free(question);
    noticegate_facts_free(packed[0]);
    noticegate_facts_free(packed[1]);
    long enum_calls = all || !strcmp(only, "enum") ? n : 0;
    uint8_t v[2] = {consent[0], 1};
    double typed_enum, enum_best;
    TIMED(enum_calls, typed_enum, enum_best, {
        v[0] = consent[i & 1];
        noticegate_share(e, cd, email, pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, day, f, v, 2, &verdict);
        enum_permits += verdict == NOTICEGATE_VERDICT_PERMIT;
    });
    const char *q = "{\"ask\":\"share\",\"service\":\"Community Directory\",\"category\":\"Email address\","
                    "\"recipient\":\"PCG UK\",\"as_of\":\"2026-11-23\","
                    "\"facts\":{\"consent\":\"given\",\"data_processing_agreement\":true}}";
    long m = all ? (n / 100 > 1000 ? n / 100 : 1000) : 0;
    if (!strcmp(only, "json")) m = n;
    size_t bytes = 0;
    double t0 = now();
    for (long i = 0; i < m; i++) {
        char *out = NULL;
        noticegate_ask_json(e, q, &out);
        bytes += strlen(out);
        noticegate_string_free(out);
    }
    double json = (now() - t0) / m * 1e9;
    printf("per call, mean of %d rounds / best round:\n", ROUNDS);
    if (typed_calls) printf("typed share (2 yes/no facts, permit and deny alternating): %.1f / %.1f ns (%ld calls, %ld permits)\n", typed, typed_best, typed_calls, permits);
    if (packed_calls) printf("typed share, the same facts packed once:                  %.1f / %.1f ns (%ld calls, %ld permits)\n", typed_packed, packed_best, packed_calls, packed_permits);
    if (question_calls) printf("prepared question, the same facts packed once:            %.1f / %.1f ns (%ld calls, %ld permits)\n", prepared, prepared_best, question_calls, question_permits);
    if (enum_calls) printf("typed share (enum fact consent + 1 yes/no fact, alternating): %.1f / %.1f ns (%ld calls, %ld permits)\n", typed_enum, enum_best, enum_calls, enum_permits);
    if (m) printf("JSON share question to decision line:           %.0f ns per call (%ld calls, %zu bytes)\n", json, m, bytes);
    noticegate_engine_free(e);
    return 0;
}
