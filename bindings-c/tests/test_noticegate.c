/* C tests of libnoticegate: every function, bad input, and many threads.
 * Usage: test_noticegate POLICY_DIR BROKEN_POLICY_DIR
 * Prints one line per failed check and a final "N passed, N failed" line; exits 1 on any
 * failure. Run under valgrind by test.sh (no leak, no invalid access). */
#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "noticegate.h"

static int passed, failed;
static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;

#define CHECK(cond)                                                                     \
    do {                                                                                \
        int ok_ = (cond) ? 1 : 0;                                                       \
        pthread_mutex_lock(&count_lock);                                                \
        if (ok_) passed++;                                                              \
        else { failed++; fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } \
        pthread_mutex_unlock(&count_lock);                                              \
    } while (0)

#define ST(call, expected) CHECK((call) == (expected))

static const char *PERMIT_Q =
    "{\"ask\":\"share\",\"service\":\"Community Directory\",\"category\":\"Email address\","
    "\"recipient\":\"PCG UK\",\"as_of\":\"2026-11-23\","
    "\"facts\":{\"consent\":\"given\",\"data_processing_agreement\":true}}";

/* The last error on this thread contains `needle`. */
static int last_error_has(const char *needle) {
    char *msg = NULL;
    if (noticegate_last_error(&msg) != NOTICEGATE_STATUS_OK || msg == NULL) return 0;
    int ok = strstr(msg, needle) != NULL;
    if (!ok) fprintf(stderr, "  last error was: %s\n", msg);
    noticegate_string_free(msg);
    return ok;
}

static void test_version_and_names(void) {
    const char *v = NULL;
    ST(noticegate_version(&v), NOTICEGATE_STATUS_OK);
    CHECK(v != NULL && v[0] >= '0' && v[0] <= '9' && strchr(v, '.') != NULL);
    ST(noticegate_version(NULL), NOTICEGATE_STATUS_NULL_POINTER);
    CHECK(last_error_has("out_version"));

    const char *name = NULL;
    ST(noticegate_status_name(NOTICEGATE_STATUS_OK, &name), NOTICEGATE_STATUS_OK);
    CHECK(name && strcmp(name, "ok") == 0);
    ST(noticegate_status_name(NOTICEGATE_STATUS_PANIC, &name), NOTICEGATE_STATUS_OK);
    CHECK(name && strcmp(name, "panic") == 0);
    ST(noticegate_status_name(99, &name), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    ST(noticegate_status_name(0, NULL), NOTICEGATE_STATUS_NULL_POINTER);

    ST(noticegate_verdict_name(NOTICEGATE_VERDICT_PERMIT, &name), NOTICEGATE_STATUS_OK);
    CHECK(name && strcmp(name, "permit") == 0);
    ST(noticegate_verdict_name(NOTICEGATE_VERDICT_NOT_STATED, &name), NOTICEGATE_STATUS_OK);
    CHECK(name && strcmp(name, "not_stated") == 0);
    ST(noticegate_verdict_name(0, &name), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("not a NoticegateVerdict"));
    ST(noticegate_verdict_name(1, NULL), NOTICEGATE_STATUS_NULL_POINTER);

    ST(noticegate_last_error(NULL), NOTICEGATE_STATUS_NULL_POINTER);
    noticegate_string_free(NULL);
    noticegate_engine_free(NULL);
    noticegate_sources_free(NULL);
}

static void test_dates(void) {
    int32_t d = 0, e = 0, today = 0;
    ST(noticegate_date(1970, 1, 1, &d), NOTICEGATE_STATUS_OK);
    CHECK(d == 0);
    ST(noticegate_date(2026, 11, 23, &d), NOTICEGATE_STATUS_OK);
    ST(noticegate_date_parse("2026-11-23", &e), NOTICEGATE_STATUS_OK);
    CHECK(d == e && d > 20000);
    ST(noticegate_date(2026, 2, 30, &d), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("2026-02-30 is not a date"));
    ST(noticegate_date(2026, 13, 1, &d), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    ST(noticegate_date(2026, 1, 1, NULL), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_date_parse("23/11/2026", &d), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    ST(noticegate_date_parse("\xff\xfe", &d), NOTICEGATE_STATUS_INVALID_UTF8);
    ST(noticegate_date_parse(NULL, &d), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_date_parse("2026-11-23", NULL), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_today(&today), NOTICEGATE_STATUS_OK);
    CHECK(today > 20000);
    ST(noticegate_today(NULL), NOTICEGATE_STATUS_NULL_POINTER);
}

static void test_json(NoticegateEngine *engine) {
    char *out = NULL;
    ST(noticegate_ask_json(engine, PERMIT_Q, &out), NOTICEGATE_STATUS_OK);
    CHECK(out && strstr(out, "\"verdict\":\"permit\"") && strstr(out, "\"quote\":") && strstr(out, "\"policy_hash\":\"sha256:"));
    noticegate_string_free(out);

    /* Question errors are decision lines with an error object, status OK (as the CLI). */
    out = NULL;
    ST(noticegate_ask_json(engine, "{\"id\":7,\"ask\":\"share\",\"service\":\"Community Directory\",\"category\":\"Emial address\",\"recipient\":\"PCG UK\"}", &out), NOTICEGATE_STATUS_OK);
    CHECK(out && strstr(out, "\"id\":7") && strstr(out, "\"code\":\"unknown_name\"") && strstr(out, "\"suggestions\""));
    noticegate_string_free(out);
    out = NULL;
    ST(noticegate_ask_json(engine, "not json", &out), NOTICEGATE_STATUS_OK);
    CHECK(out && strstr(out, "\"error\""));
    noticegate_string_free(out);
    out = NULL;
    ST(noticegate_ask_json(engine, "", &out), NOTICEGATE_STATUS_OK);
    CHECK(out && strstr(out, "\"error\""));
    noticegate_string_free(out);

    /* Bad arguments: error codes, and *out is NULL. */
    out = (char *)1;
    ST(noticegate_ask_json(engine, "{\"ask\":\"share\",\"service\":\"\xc3\x28\"}", &out), NOTICEGATE_STATUS_INVALID_UTF8);
    CHECK(out == NULL);
    CHECK(last_error_has("not valid UTF-8"));
    ST(noticegate_ask_json(engine, NULL, &out), NOTICEGATE_STATUS_NULL_POINTER);
    CHECK(last_error_has("question"));
    ST(noticegate_ask_json(NULL, PERMIT_Q, &out), NOTICEGATE_STATUS_NULL_POINTER);
    CHECK(last_error_has("engine"));
    ST(noticegate_ask_json(engine, PERMIT_Q, NULL), NOTICEGATE_STATUS_NULL_POINTER);

    /* ask_json_on: the date a question without as_of is asked on. */
    int32_t day = 0;
    noticegate_date(2026, 11, 23, &day);
    const char *no_date =
        "{\"ask\":\"share\",\"service\":\"Community Directory\",\"category\":\"Email address\","
        "\"recipient\":\"PCG UK\",\"facts\":{\"consent\":\"given\",\"data_processing_agreement\":true}}";
    char *with_date = NULL;
    out = NULL;
    ST(noticegate_ask_json_on(engine, no_date, day, &out), NOTICEGATE_STATUS_OK);
    ST(noticegate_ask_json(engine, PERMIT_Q, &with_date), NOTICEGATE_STATUS_OK);
    CHECK(out && with_date && strcmp(out, with_date) == 0);
    noticegate_string_free(out);
    noticegate_string_free(with_date);
    ST(noticegate_ask_json_on(NULL, no_date, day, &out), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_ask_json_on(engine, NULL, day, &out), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_ask_json_on(engine, no_date, day, NULL), NOTICEGATE_STATUS_NULL_POINTER);

    char *hash = NULL;
    ST(noticegate_engine_policy_hash(engine, &hash), NOTICEGATE_STATUS_OK);
    CHECK(hash && strncmp(hash, "sha256:", 7) == 0 && strlen(hash) == 7 + 64);
    noticegate_string_free(hash);
    ST(noticegate_engine_policy_hash(NULL, &hash), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_engine_policy_hash(engine, NULL), NOTICEGATE_STATUS_NULL_POINTER);
}

/* Ids resolved once, used by the typed tests and the threads. */
struct ids {
    uint32_t cd, cd_email, pcg, consent, dpa;
    uint8_t not_given, given, explicit_, withdrawn; /* values of the enum fact `consent` */
    uint32_t cit_service_desk, name, internal, business_need, contract;
    uint32_t ppd, mis, mis_provider, us, dpf, number_fact;
    int32_t day;
};

static void test_resolve(NoticegateEngine *engine, struct ids *ids) {
    ST(noticegate_resolve_service(engine, NULL, "Community Directory", &ids->cd), NOTICEGATE_STATUS_OK);
    uint32_t again = 0;
    ST(noticegate_resolve_service(engine, "004_2870dd7688b53867.txt", "community directory", &again), NOTICEGATE_STATUS_OK);
    CHECK(again == ids->cd);
    ST(noticegate_resolve_service(engine, NULL, "Service Desk", &ids->cit_service_desk), NOTICEGATE_STATUS_OK);
    ST(noticegate_resolve_service(engine, NULL, "Project & Programme Delivery", &ids->ppd), NOTICEGATE_STATUS_OK);
    ST(noticegate_resolve_service(engine, NULL, "MIS Hosting, Support & Consultancy", &ids->mis), NOTICEGATE_STATUS_OK);
    uint32_t scope = 0;
    ST(noticegate_resolve_service(engine, "004_2870dd7688b53867.txt", NULL, &scope), NOTICEGATE_STATUS_OK);
    CHECK(scope != ids->cd);
    ST(noticegate_resolve_service(engine, NULL, "Community Directroy", &again), NOTICEGATE_STATUS_UNKNOWN_NAME);
    CHECK(last_error_has("Community Directory"));
    CHECK(again == NOTICEGATE_NONE);
    ST(noticegate_resolve_service(engine, "no such notice", "Community Directory", &again), NOTICEGATE_STATUS_UNKNOWN_NAME);
    ST(noticegate_resolve_service(engine, NULL, NULL, &again), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_resolve_service(engine, NULL, "\xff", &again), NOTICEGATE_STATUS_INVALID_UTF8);
    ST(noticegate_resolve_service(NULL, NULL, "Community Directory", &again), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_resolve_service(engine, NULL, "Community Directory", NULL), NOTICEGATE_STATUS_NULL_POINTER);

    ST(noticegate_resolve(engine, NOTICEGATE_KIND_CATEGORY, "Email address", &ids->cd_email), NOTICEGATE_STATUS_OK);
    ST(noticegate_resolve(engine, NOTICEGATE_KIND_CATEGORY, "EMAIL-ADDRESS", &again), NOTICEGATE_STATUS_OK);
    CHECK(again == ids->cd_email);
    ST(noticegate_resolve(engine, NOTICEGATE_KIND_CATEGORY, "Name", &ids->name), NOTICEGATE_STATUS_OK);
    ST(noticegate_resolve(engine, NOTICEGATE_KIND_RECIPIENT, "PCG UK", &ids->pcg), NOTICEGATE_STATUS_OK);
    ST(noticegate_resolve(engine, NOTICEGATE_KIND_RECIPIENT, "Cantium internal departments", &ids->internal), NOTICEGATE_STATUS_OK);
    ST(noticegate_resolve(engine, NOTICEGATE_KIND_RECIPIENT, "MIS provider", &ids->mis_provider), NOTICEGATE_STATUS_OK);
    ST(noticegate_resolve(engine, NOTICEGATE_KIND_FACT, "consent", &ids->consent), NOTICEGATE_STATUS_OK);
    ST(noticegate_resolve_fact_value(engine, ids->consent, "not_given", &ids->not_given), NOTICEGATE_STATUS_OK);
    ST(noticegate_resolve_fact_value(engine, ids->consent, "Given", &ids->given), NOTICEGATE_STATUS_OK);
    ST(noticegate_resolve_fact_value(engine, ids->consent, "explicit", &ids->explicit_), NOTICEGATE_STATUS_OK);
    ST(noticegate_resolve_fact_value(engine, ids->consent, "withdrawn", &ids->withdrawn), NOTICEGATE_STATUS_OK);
    CHECK(ids->not_given != ids->given && ids->given != ids->explicit_ && ids->explicit_ != ids->withdrawn && ids->withdrawn != ids->not_given);
    uint8_t value = 0;
    ST(noticegate_resolve_fact_value(engine, ids->consent, "revoked", &value), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("not_given, given, explicit, withdrawn"));
    CHECK(value == UINT8_MAX);
    ST(noticegate_resolve_fact_value(engine, ids->consent, NULL, &value), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_resolve_fact_value(engine, ids->consent, "given", NULL), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_resolve_fact_value(NULL, ids->consent, "given", &value), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_resolve_fact_value(engine, 999999, "given", &value), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    ST(noticegate_resolve_fact_value(engine, ids->consent, "\xff", &value), NOTICEGATE_STATUS_INVALID_UTF8);
    ST(noticegate_resolve(engine, NOTICEGATE_KIND_FACT, "data_processing_agreement", &ids->dpa), NOTICEGATE_STATUS_OK);
    ST(noticegate_resolve_fact_value(engine, ids->dpa, "given", &value), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("not an enum fact"));
    ST(noticegate_resolve(engine, NOTICEGATE_KIND_FACT, "cit.genuine_business_need", &ids->business_need), NOTICEGATE_STATUS_OK);
    ST(noticegate_resolve(engine, NOTICEGATE_KIND_FACT, "cit.contractual_relationship_necessary", &ids->contract), NOTICEGATE_STATUS_OK);
    ST(noticegate_resolve(engine, NOTICEGATE_KIND_FACT, "dpf_uk_extension_certified", &ids->dpf), NOTICEGATE_STATUS_OK);
    ST(noticegate_resolve(engine, NOTICEGATE_KIND_FACT, "cit.ad_reconsideration_days", &ids->number_fact), NOTICEGATE_STATUS_OK);
    ST(noticegate_resolve(engine, NOTICEGATE_KIND_COUNTRY, "United States", &ids->us), NOTICEGATE_STATUS_OK);
    uint32_t any = 0;
    ST(noticegate_resolve(engine, NOTICEGATE_KIND_BASIS, "Article 6(1)(e)", &any), NOTICEGATE_STATUS_OK);
    ST(noticegate_resolve(engine, NOTICEGATE_KIND_CATEGORY, "Emial address", &any), NOTICEGATE_STATUS_UNKNOWN_NAME);
    CHECK(last_error_has("did you mean"));
    CHECK(any == NOTICEGATE_NONE);
    ST(noticegate_resolve(engine, 42, "Name", &any), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("not a NoticegateKind"));
    ST(noticegate_resolve(engine, -1, "Name", &any), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    ST(noticegate_resolve(engine, NOTICEGATE_KIND_CATEGORY, "\xc3\x28", &any), NOTICEGATE_STATUS_INVALID_UTF8);
    ST(noticegate_resolve(engine, NOTICEGATE_KIND_CATEGORY, NULL, &any), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_resolve(NULL, NOTICEGATE_KIND_CATEGORY, "Name", &any), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_resolve(engine, NOTICEGATE_KIND_CATEGORY, "Name", NULL), NOTICEGATE_STATUS_NULL_POINTER);
    noticegate_date(2026, 11, 23, &ids->day);
}

static void test_typed(NoticegateEngine *engine, const struct ids *ids) {
    NoticegateVerdict v = 0;
    /* The enum fact `consent` (a value from noticegate_resolve_fact_value) and a yes/no fact. */
    uint32_t facts[2] = {ids->consent, ids->dpa};
    uint8_t values[2] = {ids->given, 1};
    ST(noticegate_share(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, facts, values, 2, &v), NOTICEGATE_STATUS_OK);
    CHECK(v == NOTICEGATE_VERDICT_PERMIT);
    values[0] = ids->explicit_;
    ST(noticegate_share(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, facts, values, 2, &v), NOTICEGATE_STATUS_OK);
    CHECK(v == NOTICEGATE_VERDICT_PERMIT);
    /* Consent withdrawn or never given: no longer a permit (the share needs consent). */
    values[0] = ids->withdrawn;
    ST(noticegate_share(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, facts, values, 2, &v), NOTICEGATE_STATUS_OK);
    CHECK(v != NOTICEGATE_VERDICT_PERMIT && v != NOTICEGATE_VERDICT_CONDITIONAL);
    values[0] = ids->not_given;
    ST(noticegate_share(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, facts, values, 2, &v), NOTICEGATE_STATUS_OK);
    CHECK(v != NOTICEGATE_VERDICT_PERMIT && v != NOTICEGATE_VERDICT_CONDITIONAL);
    /* Consent given, the yes/no fact false: no longer a permit either. */
    values[0] = ids->given;
    values[1] = 0;
    ST(noticegate_share(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, facts, values, 2, &v), NOTICEGATE_STATUS_OK);
    CHECK(v != NOTICEGATE_VERDICT_PERMIT && v != NOTICEGATE_VERDICT_CONDITIONAL);
    values[1] = 1;
    /* Only the yes/no fact stated: consent unknown, conditional. */
    ST(noticegate_share(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, &ids->dpa, &values[1], 1, &v), NOTICEGATE_STATUS_OK);
    CHECK(v == NOTICEGATE_VERDICT_CONDITIONAL);
    /* Facts left out are unknown: conditional. */
    ST(noticegate_share(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, NULL, NULL, 0, &v), NOTICEGATE_STATUS_OK);
    CHECK(v == NOTICEGATE_VERDICT_CONDITIONAL);
    ST(noticegate_share(engine, ids->mis, ids->name, ids->mis_provider, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, NULL, NULL, 0, &v), NOTICEGATE_STATUS_OK);
    CHECK(v == NOTICEGATE_VERDICT_CONDITIONAL);
    /* Deny (cit-share-internal-departments-no-need). */
    uint32_t f2[2] = {ids->contract, ids->business_need};
    uint8_t v2[2] = {1, 0};
    ST(noticegate_share(engine, ids->cit_service_desk, ids->name, ids->internal, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, f2, v2, 2, &v), NOTICEGATE_STATUS_OK);
    CHECK(v == NOTICEGATE_VERDICT_DENY);
    /* Collect (cit-collect-ppd-name) and transfer (not stated). */
    ST(noticegate_collect(engine, ids->ppd, ids->name, NOTICEGATE_NONE, ids->day, NULL, NULL, 0, &v), NOTICEGATE_STATUS_OK);
    CHECK(v == NOTICEGATE_VERDICT_PERMIT);
    uint8_t yes = 1;
    ST(noticegate_transfer(engine, ids->cd, ids->name, ids->us, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, &ids->dpf, &yes, 1, &v), NOTICEGATE_STATUS_OK);
    CHECK(v == NOTICEGATE_VERDICT_NOT_STATED);

    /* Bad input: codes and messages, never a crash. */
    values[0] = ids->given;
    ST(noticegate_share(engine, 999999, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, facts, values, 2, &v), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("service"));
    ST(noticegate_share(engine, ids->cd, 999999, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, facts, values, 2, &v), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    ST(noticegate_share(engine, ids->cd, ids->cd_email, NOTICEGATE_NONE, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, facts, values, 2, &v), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    ST(noticegate_share(engine, ids->cd, ids->cd_email, ids->pcg, 999999, NOTICEGATE_NONE, ids->day, facts, values, 2, &v), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    ST(noticegate_share(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, 999999, ids->day, facts, values, 2, &v), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    ST(noticegate_share(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, NULL, values, 2, &v), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_share(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, facts, NULL, 2, &v), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_share(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, facts, values, 100000, &v), NOTICEGATE_STATUS_INVALID_LENGTH);
    CHECK(last_error_has("fact_count"));
    ST(noticegate_share(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, facts, values, (size_t)-1, &v), NOTICEGATE_STATUS_INVALID_LENGTH);
    uint8_t bad_values[2] = {ids->given, 2};
    ST(noticegate_share(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, facts, bad_values, 2, &v), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("not 0 or 1"));
    uint8_t bad_enum[2] = {4, 1};
    ST(noticegate_share(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, facts, bad_enum, 2, &v), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("not a value of enum fact \"consent\""));
    uint32_t consent_twice[2] = {ids->consent, ids->consent};
    ST(noticegate_share(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, consent_twice, values, 2, &v), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("stated twice"));
    uint32_t twice[2] = {ids->dpa, ids->dpa};
    ST(noticegate_share(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, twice, values, 2, &v), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("stated twice"));
    uint32_t unknown_fact = 999999;
    ST(noticegate_share(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, &unknown_fact, values, 1, &v), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    ST(noticegate_share(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, &ids->number_fact, values, 1, &v), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("not a yes/no fact"));
    ST(noticegate_share(NULL, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, facts, values, 2, &v), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_share(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, facts, values, 2, NULL), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_collect(engine, 999999, ids->name, NOTICEGATE_NONE, ids->day, NULL, NULL, 0, &v), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    ST(noticegate_collect(engine, ids->ppd, ids->name, NOTICEGATE_NONE, ids->day, NULL, values, 1, &v), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_collect(NULL, ids->ppd, ids->name, NOTICEGATE_NONE, ids->day, NULL, NULL, 0, &v), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_collect(engine, ids->ppd, ids->name, NOTICEGATE_NONE, ids->day, NULL, NULL, 0, NULL), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_transfer(engine, ids->cd, ids->name, NOTICEGATE_NONE, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, NULL, NULL, 0, &v), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("country"));
    ST(noticegate_transfer(engine, ids->cd, ids->name, ids->us, 999999, NOTICEGATE_NONE, ids->day, NULL, NULL, 0, &v), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    ST(noticegate_transfer(NULL, ids->cd, ids->name, ids->us, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, NULL, NULL, 0, &v), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_transfer(engine, ids->cd, ids->name, ids->us, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, NULL, NULL, 0, NULL), NOTICEGATE_STATUS_NULL_POINTER);
    /* The engine answers normally after every error. */
    ST(noticegate_share(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, facts, values, 2, &v), NOTICEGATE_STATUS_OK);
    CHECK(v == NOTICEGATE_VERDICT_PERMIT);
}

/* Packed facts: checked once by noticegate_facts_pack, the same verdicts as the typed calls,
 * the same codes for every bad input, and an error never leaves a permit behind. */
static void test_packed(NoticegateEngine *engine, const struct ids *ids) {
    NoticegateVerdict v = 0, typed = 0;
    NoticegateFacts *packed = NULL;
    uint32_t facts[2] = {ids->consent, ids->dpa};
    uint8_t consent[4] = {ids->not_given, ids->given, ids->explicit_, ids->withdrawn};
    int permits = 0;
    for (int c = 0; c < 4; c++) {
        for (uint8_t dpa = 0; dpa < 2; dpa++) {
            uint8_t values[2] = {consent[c], dpa};
            ST(noticegate_facts_pack(engine, facts, values, 2, &packed), NOTICEGATE_STATUS_OK);
            CHECK(packed != NULL);
            v = typed = 0;
            ST(noticegate_share_packed(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, packed, &v), NOTICEGATE_STATUS_OK);
            ST(noticegate_share(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, facts, values, 2, &typed), NOTICEGATE_STATUS_OK);
            CHECK(v == typed && v != 0);
            permits += v == NOTICEGATE_VERDICT_PERMIT;
            noticegate_facts_free(packed);
            packed = NULL;
        }
    }
    CHECK(permits == 2); /* consent given or explicit, with the agreement */
    /* No facts: every fact unknown, conditional. */
    ST(noticegate_facts_pack(engine, NULL, NULL, 0, &packed), NOTICEGATE_STATUS_OK);
    ST(noticegate_share_packed(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, packed, &v), NOTICEGATE_STATUS_OK);
    CHECK(v == NOTICEGATE_VERDICT_CONDITIONAL);
    ST(noticegate_collect_packed(engine, ids->ppd, ids->name, NOTICEGATE_NONE, ids->day, packed, &v), NOTICEGATE_STATUS_OK);
    CHECK(v == NOTICEGATE_VERDICT_PERMIT);
    noticegate_facts_free(packed);
    /* Deny, and a transfer: as the typed calls answer. */
    uint32_t f2[2] = {ids->contract, ids->business_need};
    uint8_t v2[2] = {1, 0};
    ST(noticegate_facts_pack(engine, f2, v2, 2, &packed), NOTICEGATE_STATUS_OK);
    ST(noticegate_share_packed(engine, ids->cit_service_desk, ids->name, ids->internal, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, packed, &v), NOTICEGATE_STATUS_OK);
    CHECK(v == NOTICEGATE_VERDICT_DENY);
    noticegate_facts_free(packed);
    uint8_t yes = 1;
    ST(noticegate_facts_pack(engine, &ids->dpf, &yes, 1, &packed), NOTICEGATE_STATUS_OK);
    ST(noticegate_transfer_packed(engine, ids->cd, ids->name, ids->us, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, packed, &v), NOTICEGATE_STATUS_OK);
    CHECK(v == NOTICEGATE_VERDICT_NOT_STATED);

    /* Bad ids with good packed facts: the typed calls' codes, and the verdict left alone. */
    v = 0;
    ST(noticegate_share_packed(engine, 999999, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, packed, &v), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("service"));
    ST(noticegate_share_packed(engine, ids->cd, 999999, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, packed, &v), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    ST(noticegate_share_packed(engine, ids->cd, ids->cd_email, NOTICEGATE_NONE, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, packed, &v), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    ST(noticegate_share_packed(engine, ids->cd, ids->cd_email, 999999, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, packed, &v), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    ST(noticegate_share_packed(engine, ids->cd, ids->cd_email, ids->pcg, 999999, NOTICEGATE_NONE, ids->day, packed, &v), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    ST(noticegate_share_packed(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, 999999, ids->day, packed, &v), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("basis"));
    ST(noticegate_collect_packed(engine, 999999, ids->name, NOTICEGATE_NONE, ids->day, packed, &v), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    ST(noticegate_transfer_packed(engine, ids->cd, ids->name, NOTICEGATE_NONE, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, packed, &v), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("country"));
    CHECK(v == 0);
    /* Null pointers. */
    ST(noticegate_share_packed(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, NULL, &v), NOTICEGATE_STATUS_NULL_POINTER);
    CHECK(last_error_has("facts"));
    ST(noticegate_share_packed(NULL, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, packed, &v), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_share_packed(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, packed, NULL), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_collect_packed(engine, ids->ppd, ids->name, NOTICEGATE_NONE, ids->day, NULL, &v), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_transfer_packed(engine, ids->cd, ids->name, ids->us, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, NULL, &v), NOTICEGATE_STATUS_NULL_POINTER);
    CHECK(v == 0);
    noticegate_facts_free(packed);
    noticegate_facts_free(NULL);

    /* Bad facts are refused when packed, with the typed calls' codes, and nothing is written. */
    uint8_t values[2] = {ids->given, 1};
    NoticegateFacts *none = (NoticegateFacts *)1;
    ST(noticegate_facts_pack(NULL, facts, values, 2, &none), NOTICEGATE_STATUS_NULL_POINTER);
    CHECK(none == NULL);
    ST(noticegate_facts_pack(engine, facts, values, 2, NULL), NOTICEGATE_STATUS_NULL_POINTER);
    CHECK(last_error_has("out_facts"));
    none = (NoticegateFacts *)1;
    ST(noticegate_facts_pack(engine, NULL, values, 2, &none), NOTICEGATE_STATUS_NULL_POINTER);
    CHECK(none == NULL);
    ST(noticegate_facts_pack(engine, facts, NULL, 2, &none), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_facts_pack(engine, facts, values, 100000, &none), NOTICEGATE_STATUS_INVALID_LENGTH);
    CHECK(last_error_has("fact_count"));
    uint8_t bad_values[2] = {ids->given, 2};
    ST(noticegate_facts_pack(engine, facts, bad_values, 2, &none), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("not 0 or 1"));
    uint8_t bad_enum[2] = {4, 1};
    ST(noticegate_facts_pack(engine, facts, bad_enum, 2, &none), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("not a value of enum fact \"consent\""));
    uint32_t twice[2] = {ids->dpa, ids->dpa};
    ST(noticegate_facts_pack(engine, twice, values, 2, &none), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("stated twice"));
    uint32_t unknown_fact = 999999;
    ST(noticegate_facts_pack(engine, &unknown_fact, values, 1, &none), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("not a fact id"));
    ST(noticegate_facts_pack(engine, &ids->number_fact, values, 1, &none), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("not a yes/no fact"));
    CHECK(none == NULL);
}

/* Prepared questions: the ids checked once with the typed calls' codes, then asked with
 * packed facts; the same verdicts as the typed calls. */
static void test_prepared_question(NoticegateEngine *engine, const struct ids *ids) {
    NoticegateQuestion *share = NULL, *collect = NULL, *transfer = NULL;
    ST(noticegate_question_share(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, &share), NOTICEGATE_STATUS_OK);
    ST(noticegate_question_collect(engine, ids->ppd, ids->name, NOTICEGATE_NONE, &collect), NOTICEGATE_STATUS_OK);
    ST(noticegate_question_transfer(engine, ids->cd, ids->name, ids->us, NOTICEGATE_NONE, NOTICEGATE_NONE, &transfer), NOTICEGATE_STATUS_OK);
    CHECK(share && collect && transfer);
    uint32_t facts[2] = {ids->consent, ids->dpa};
    uint8_t consent[4] = {ids->not_given, ids->given, ids->explicit_, ids->withdrawn};
    NoticegateVerdict v = 0, typed = 0;
    int permits = 0;
    for (int c = 0; c < 4; c++) {
        for (uint8_t dpa = 0; dpa < 2; dpa++) {
            uint8_t values[2] = {consent[c], dpa};
            NoticegateFacts *packed = NULL;
            ST(noticegate_facts_pack(engine, facts, values, 2, &packed), NOTICEGATE_STATUS_OK);
            v = typed = 0;
            ST(noticegate_question_verdict(share, ids->day, packed, &v), NOTICEGATE_STATUS_OK);
            ST(noticegate_share(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, facts, values, 2, &typed), NOTICEGATE_STATUS_OK);
            CHECK(v == typed && v != 0);
            permits += v == NOTICEGATE_VERDICT_PERMIT;
            noticegate_facts_free(packed);
        }
    }
    CHECK(permits == 2);
    NoticegateFacts *none = NULL, *dpf = NULL;
    uint8_t yes = 1;
    ST(noticegate_facts_pack(engine, NULL, NULL, 0, &none), NOTICEGATE_STATUS_OK);
    ST(noticegate_facts_pack(engine, &ids->dpf, &yes, 1, &dpf), NOTICEGATE_STATUS_OK);
    ST(noticegate_question_verdict(share, ids->day, none, &v), NOTICEGATE_STATUS_OK);
    CHECK(v == NOTICEGATE_VERDICT_CONDITIONAL);
    ST(noticegate_question_verdict(collect, ids->day, none, &v), NOTICEGATE_STATUS_OK);
    CHECK(v == NOTICEGATE_VERDICT_PERMIT);
    ST(noticegate_question_verdict(transfer, ids->day, dpf, &v), NOTICEGATE_STATUS_OK);
    CHECK(v == NOTICEGATE_VERDICT_NOT_STATED);
    /* Deny on the Service Desk cell, as the typed call answers. */
    NoticegateQuestion *desk = NULL;
    NoticegateFacts *no_need = NULL;
    uint32_t f2[2] = {ids->contract, ids->business_need};
    uint8_t v2[2] = {1, 0};
    ST(noticegate_question_share(engine, ids->cit_service_desk, ids->name, ids->internal, NOTICEGATE_NONE, NOTICEGATE_NONE, &desk), NOTICEGATE_STATUS_OK);
    ST(noticegate_facts_pack(engine, f2, v2, 2, &no_need), NOTICEGATE_STATUS_OK);
    ST(noticegate_question_verdict(desk, ids->day, no_need, &v), NOTICEGATE_STATUS_OK);
    CHECK(v == NOTICEGATE_VERDICT_DENY);
    noticegate_question_free(desk);
    noticegate_facts_free(no_need);

    /* Bad ids are refused when the question is prepared, with the typed calls' codes. */
    NoticegateQuestion *bad = (NoticegateQuestion *)1;
    ST(noticegate_question_share(engine, 999999, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, &bad), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("service"));
    CHECK(bad == NULL);
    ST(noticegate_question_share(engine, ids->cd, 999999, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, &bad), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    ST(noticegate_question_share(engine, ids->cd, ids->cd_email, NOTICEGATE_NONE, NOTICEGATE_NONE, NOTICEGATE_NONE, &bad), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    ST(noticegate_question_share(engine, ids->cd, ids->cd_email, 999999, NOTICEGATE_NONE, NOTICEGATE_NONE, &bad), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    ST(noticegate_question_share(engine, ids->cd, ids->cd_email, ids->pcg, 999999, NOTICEGATE_NONE, &bad), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    ST(noticegate_question_share(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, 999999, &bad), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("basis"));
    ST(noticegate_question_collect(engine, 999999, ids->name, NOTICEGATE_NONE, &bad), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    ST(noticegate_question_collect(engine, ids->ppd, 999999, NOTICEGATE_NONE, &bad), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    ST(noticegate_question_transfer(engine, ids->cd, ids->name, NOTICEGATE_NONE, NOTICEGATE_NONE, NOTICEGATE_NONE, &bad), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("country"));
    ST(noticegate_question_transfer(engine, ids->cd, ids->name, ids->us, 999999, NOTICEGATE_NONE, &bad), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(bad == NULL);
    ST(noticegate_question_share(NULL, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, &bad), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_question_share(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, NULL), NOTICEGATE_STATUS_NULL_POINTER);
    CHECK(last_error_has("out_question"));
    ST(noticegate_question_collect(NULL, ids->ppd, ids->name, NOTICEGATE_NONE, &bad), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_question_transfer(engine, ids->cd, ids->name, ids->us, NOTICEGATE_NONE, NOTICEGATE_NONE, NULL), NOTICEGATE_STATUS_NULL_POINTER);
    /* Null pointers when asking: a code, and the verdict left alone. */
    v = 0;
    ST(noticegate_question_verdict(NULL, ids->day, none, &v), NOTICEGATE_STATUS_NULL_POINTER);
    CHECK(last_error_has("question"));
    ST(noticegate_question_verdict(share, ids->day, NULL, &v), NOTICEGATE_STATUS_NULL_POINTER);
    CHECK(last_error_has("facts"));
    ST(noticegate_question_verdict(share, ids->day, none, NULL), NOTICEGATE_STATUS_NULL_POINTER);
    CHECK(v == 0);
    noticegate_question_free(share);
    noticegate_question_free(collect);
    noticegate_question_free(transfer);
    noticegate_question_free(NULL);
    noticegate_facts_free(none);
    noticegate_facts_free(dpf);
}

/* Packed facts belong to the engine that packed them: another engine refuses them (its ids
 * and fact slots may differ: a set loaded from a directory orders its entries as it read
 * them), and they stay valid after their engine is freed. */
static NoticegateFacts *test_packed_other_engine(NoticegateEngine *builtin, NoticegateEngine *loaded, const struct ids *ids, NoticegateQuestion **out_question) {
    uint32_t facts[2] = {ids->consent, ids->dpa};
    uint8_t values[2] = {ids->given, 1};
    /* The loaded engine's own ids for the same question. */
    uint32_t cd = 0, email = 0, pcg = 0, loaded_facts[2] = {0, 0};
    uint8_t loaded_values[2] = {0, 1};
    ST(noticegate_resolve_service(loaded, NULL, "Community Directory", &cd), NOTICEGATE_STATUS_OK);
    ST(noticegate_resolve(loaded, NOTICEGATE_KIND_CATEGORY, "Email address", &email), NOTICEGATE_STATUS_OK);
    ST(noticegate_resolve(loaded, NOTICEGATE_KIND_RECIPIENT, "PCG UK", &pcg), NOTICEGATE_STATUS_OK);
    ST(noticegate_resolve(loaded, NOTICEGATE_KIND_FACT, "consent", &loaded_facts[0]), NOTICEGATE_STATUS_OK);
    ST(noticegate_resolve(loaded, NOTICEGATE_KIND_FACT, "data_processing_agreement", &loaded_facts[1]), NOTICEGATE_STATUS_OK);
    ST(noticegate_resolve_fact_value(loaded, loaded_facts[0], "given", &loaded_values[0]), NOTICEGATE_STATUS_OK);
    NoticegateFacts *from_builtin = NULL, *from_loaded = NULL;
    NoticegateVerdict v = 0;
    ST(noticegate_facts_pack(builtin, facts, values, 2, &from_builtin), NOTICEGATE_STATUS_OK);
    ST(noticegate_facts_pack(loaded, loaded_facts, loaded_values, 2, &from_loaded), NOTICEGATE_STATUS_OK);
    ST(noticegate_share_packed(loaded, cd, email, pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, from_builtin, &v), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("another engine"));
    CHECK(v == 0);
    ST(noticegate_share_packed(builtin, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, from_loaded, &v), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    ST(noticegate_collect_packed(builtin, ids->ppd, ids->name, NOTICEGATE_NONE, ids->day, from_loaded, &v), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    ST(noticegate_transfer_packed(builtin, ids->cd, ids->name, ids->us, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, from_loaded, &v), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(v == 0);
    ST(noticegate_share_packed(loaded, cd, email, pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, from_loaded, &v), NOTICEGATE_STATUS_OK);
    CHECK(v == NOTICEGATE_VERDICT_PERMIT);
    ST(noticegate_question_share(loaded, cd, email, pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, out_question), NOTICEGATE_STATUS_OK);
    /* A second handle on the built-in set is the same engine. */
    NoticegateEngine *again = NULL;
    ST(noticegate_engine_builtin(&again), NOTICEGATE_STATUS_OK);
    v = 0;
    ST(noticegate_share_packed(again, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, from_builtin, &v), NOTICEGATE_STATUS_OK);
    CHECK(v == NOTICEGATE_VERDICT_PERMIT);
    noticegate_engine_free(again);
    /* A question and facts of two engines. */
    NoticegateQuestion *question = NULL;
    ST(noticegate_question_share(builtin, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, &question), NOTICEGATE_STATUS_OK);
    v = 0;
    ST(noticegate_question_verdict(question, ids->day, from_loaded, &v), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("another engine than the question's"));
    CHECK(v == 0);
    ST(noticegate_question_verdict(question, ids->day, from_builtin, &v), NOTICEGATE_STATUS_OK);
    CHECK(v == NOTICEGATE_VERDICT_PERMIT);
    noticegate_question_free(question);
    noticegate_facts_free(from_builtin);
    return from_loaded; /* used and freed by the caller after `loaded` is freed */
}

/* ---- loading from policy text ---- */

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) { free(buf); buf = NULL; }
    if (buf) buf[n] = '\0';
    fclose(f);
    return buf;
}

static int ends_with(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Adds every .toml file under root/rel and every .txt file under sources; returns the count. */
static int add_dir(NoticegateSources *sources, const char *root, const char *rel) {
    char dir[4096];
    snprintf(dir, sizeof dir, "%s%s%s", root, rel[0] ? "/" : "", rel);
    DIR *d = opendir(dir);
    if (!d) return 0;
    int added = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char sub[4096], path[8192];
        snprintf(sub, sizeof sub, "%s%s%s", rel, rel[0] ? "/" : "", e->d_name);
        snprintf(path, sizeof path, "%s/%s", root, sub);
        struct stat st;
        if (stat(path, &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
            added += add_dir(sources, root, sub);
        } else if (ends_with(sub, ".toml") || (strncmp(sub, "sources/", 8) == 0 && ends_with(sub, ".txt"))) {
            char *text = read_file(path);
            if (text && noticegate_sources_add(sources, sub, text) == NOTICEGATE_STATUS_OK) added++;
            free(text);
        }
    }
    closedir(d);
    return added;
}

static void test_load(NoticegateEngine *builtin, const struct ids *ids, const char *policy_dir, const char *broken_dir) {
    NoticegateSources *sources = NULL;
    ST(noticegate_sources_new(&sources), NOTICEGATE_STATUS_OK);
    CHECK(sources != NULL);
    NoticegateEngine *engine = (NoticegateEngine *)1;
    ST(noticegate_engine_load(sources, &engine), NOTICEGATE_STATUS_POLICY_ERROR);
    CHECK(engine == NULL);
    CHECK(last_error_has("no policy files"));
    CHECK(add_dir(sources, policy_dir, "") >= 7);
    ST(noticegate_engine_load(sources, &engine), NOTICEGATE_STATUS_OK);
    noticegate_sources_free(sources); /* the engine outlives its sources */
    CHECK(engine != NULL);
    if (engine) {
        char *a = NULL, *b = NULL;
        noticegate_engine_policy_hash(engine, &a);
        noticegate_engine_policy_hash(builtin, &b);
        CHECK(a && b && strcmp(a, b) == 0); /* the same files give the same policy set */
        noticegate_string_free(a);
        noticegate_string_free(b);
        a = b = NULL;
        noticegate_ask_json(engine, PERMIT_Q, &a);
        noticegate_ask_json(builtin, PERMIT_Q, &b);
        CHECK(a && b && strcmp(a, b) == 0);
        noticegate_string_free(a);
        noticegate_string_free(b);
        NoticegateQuestion *orphan_question = NULL;
        NoticegateFacts *orphan = test_packed_other_engine(builtin, engine, ids, &orphan_question);
        noticegate_engine_free(engine);
        /* A question and packed facts outlive their engine, which still answers through them
         * (valgrind: no invalid read, no leak). */
        NoticegateVerdict v = 0;
        ST(noticegate_question_verdict(orphan_question, ids->day, orphan, &v), NOTICEGATE_STATUS_OK);
        CHECK(v == NOTICEGATE_VERDICT_PERMIT);
        noticegate_question_free(orphan_question);
        v = 0;
        ST(noticegate_share_packed(builtin, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, orphan, &v), NOTICEGATE_STATUS_INVALID_ARGUMENT);
        CHECK(last_error_has("another engine"));
        CHECK(v == 0);
        noticegate_facts_free(orphan);
    }

    /* A broken policy set: every error, with file:line:column. */
    ST(noticegate_sources_new(&sources), NOTICEGATE_STATUS_OK);
    CHECK(add_dir(sources, broken_dir, "") >= 2);
    engine = NULL;
    ST(noticegate_engine_load(sources, &engine), NOTICEGATE_STATUS_POLICY_ERROR);
    CHECK(engine == NULL);
    CHECK(last_error_has("syntax.toml:"));
    noticegate_sources_free(sources);

    /* A policy file given as text, not from a directory. */
    ST(noticegate_sources_new(&sources), NOTICEGATE_STATUS_OK);
    ST(noticegate_sources_add(sources, "inline.toml", "[[category]]\nid = \"x\"\nlabel = \"X"), NOTICEGATE_STATUS_OK);
    ST(noticegate_engine_load(sources, &engine), NOTICEGATE_STATUS_POLICY_ERROR);
    CHECK(last_error_has("inline.toml:"));
    ST(noticegate_sources_add(sources, "bad.toml", "x = \"\xff\""), NOTICEGATE_STATUS_INVALID_UTF8);
    ST(noticegate_sources_add(sources, "", "x = 1"), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    ST(noticegate_sources_add(sources, NULL, "x = 1"), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_sources_add(sources, "a.toml", NULL), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_sources_add(NULL, "a.toml", "x = 1"), NOTICEGATE_STATUS_NULL_POINTER);
    noticegate_sources_free(sources);
    ST(noticegate_sources_new(NULL), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_engine_load(NULL, &engine), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_engine_load((const NoticegateSources *)1, NULL), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_engine_builtin(NULL), NOTICEGATE_STATUS_NULL_POINTER);
}

/* ---- many threads ---- */

#define THREADS 8
#define TYPED_CALLS 5000
#define JSON_CALLS 40

struct work {
    NoticegateEngine *engine;
    const struct ids *ids;
    NoticegateFacts *const *packed; /* [0]: consent given, [1]: withdrawn; shared by every thread */
    const NoticegateQuestion *question; /* the same share, prepared; shared by every thread */
    const char *expected_json;
    int index;
    int bad;
};

static void *worker(void *arg) {
    struct work *w = arg;
    const struct ids *ids = w->ids;
    char *msg = NULL;
    /* A fresh thread has no last error. */
    if (noticegate_last_error(&msg) != NOTICEGATE_STATUS_OK || msg != NULL) w->bad++;
    uint32_t facts[2] = {ids->consent, ids->dpa};
    for (int i = 0; i < TYPED_CALLS; i++) {
        uint8_t values[2] = {(i & 1) ? ids->withdrawn : ids->given, 1};
        NoticegateVerdict v = 0;
        if (noticegate_share(w->engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, facts, values, 2, &v) != NOTICEGATE_STATUS_OK) w->bad++;
        if ((i & 1) == 0 && v != NOTICEGATE_VERDICT_PERMIT) w->bad++;
        if ((i & 1) == 1 && v == NOTICEGATE_VERDICT_PERMIT) w->bad++;
        NoticegateVerdict p = 0;
        if (noticegate_share_packed(w->engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, ids->day, w->packed[i & 1], &p) != NOTICEGATE_STATUS_OK) w->bad++;
        if (p != v) w->bad++;
        p = 0;
        if (noticegate_question_verdict(w->question, ids->day, w->packed[i & 1], &p) != NOTICEGATE_STATUS_OK) w->bad++;
        if (p != v) w->bad++;
    }
    for (int i = 0; i < JSON_CALLS; i++) {
        char *out = NULL;
        if (noticegate_ask_json(w->engine, PERMIT_Q, &out) != NOTICEGATE_STATUS_OK || !out || strcmp(out, w->expected_json) != 0) w->bad++;
        noticegate_string_free(out);
    }
    /* Each thread's last error is its own. */
    char name[64];
    snprintf(name, sizeof name, "no such category %d", w->index);
    uint32_t id;
    if (noticegate_resolve(w->engine, NOTICEGATE_KIND_CATEGORY, name, &id) != NOTICEGATE_STATUS_UNKNOWN_NAME) w->bad++;
    for (int i = 0; i < 100; i++) {
        NoticegateVerdict v;
        noticegate_collect(w->engine, ids->ppd, ids->name, NOTICEGATE_NONE, ids->day, NULL, NULL, 0, &v);
    }
    if (!last_error_has(name)) w->bad++;
    return NULL;
}

static void test_threads(NoticegateEngine *engine, const struct ids *ids) {
    char *expected = NULL;
    noticegate_ask_json(engine, PERMIT_Q, &expected);
    uint32_t facts[2] = {ids->consent, ids->dpa};
    uint8_t given[2] = {ids->given, 1}, withdrawn[2] = {ids->withdrawn, 1};
    NoticegateFacts *packed[2] = {NULL, NULL};
    ST(noticegate_facts_pack(engine, facts, given, 2, &packed[0]), NOTICEGATE_STATUS_OK);
    ST(noticegate_facts_pack(engine, facts, withdrawn, 2, &packed[1]), NOTICEGATE_STATUS_OK);
    NoticegateQuestion *question = NULL;
    ST(noticegate_question_share(engine, ids->cd, ids->cd_email, ids->pcg, NOTICEGATE_NONE, NOTICEGATE_NONE, &question), NOTICEGATE_STATUS_OK);
    pthread_t threads[THREADS];
    struct work work[THREADS];
    for (int i = 0; i < THREADS; i++) {
        work[i] = (struct work){engine, ids, packed, question, expected, i, 0};
        CHECK(pthread_create(&threads[i], NULL, worker, &work[i]) == 0);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
        CHECK(work[i].bad == 0);
    }
    noticegate_string_free(expected);
    noticegate_facts_free(packed[0]);
    noticegate_facts_free(packed[1]);
    noticegate_question_free(question);
    /* Builtin handles from several threads are independent handles on one set. */
    NoticegateEngine *second = NULL;
    ST(noticegate_engine_builtin(&second), NOTICEGATE_STATUS_OK);
    CHECK(second != NULL && second != engine);
    noticegate_engine_free(second);
}

/* The export gate over column names (and samples), and the form check: JSON in and out. */
static void test_gate_and_forms(NoticegateEngine *engine) {
    char *out = NULL;
    const char *request =
        "{\"columns\":[\"email_address\",\"health_conditions\",\"favourite_colour\"],"
        "\"samples\":[[\"a@example.org\",\"b@example.org\"],[\"asthma\",null],[\"blue\",\"red\"]],\"rows\":2,"
        "\"service\":\"Community Directory\",\"recipient\":\"PCG UK\",\"as_of\":\"2026-11-23\","
        "\"facts\":{\"data_processing_agreement\":true,\"consent\":\"given\"}}";
    ST(noticegate_gate_columns_json(engine, request, &out), NOTICEGATE_STATUS_OK);
    CHECK(out && strstr(out, "\"passed\":[\"email_address\"]") && strstr(out, "\"status\":\"allowed\"") &&
          strstr(out, "\"status\":\"blocked\"") && strstr(out, "\"status\":\"unclassified\"") && strstr(out, "\"quote\":\"") &&
          strstr(out, "\"rows_in\":2"));
    noticegate_string_free(out);

    /* Without consent stated, the email column is conditional: it stays, unless passed on. */
    out = NULL;
    ST(noticegate_gate_columns_json(engine, "{\"columns\":[\"email\"],\"service\":\"Community Directory\",\"recipient\":\"PCG UK\",\"as_of\":\"2026-11-23\"}", &out), NOTICEGATE_STATUS_OK);
    CHECK(out && strstr(out, "\"passed\":[]") && strstr(out, "\"verdict\":\"conditional\"") && strstr(out, "\"fact\":\"consent\""));
    noticegate_string_free(out);
    out = NULL;
    ST(noticegate_gate_columns_json(engine, "{\"columns\":[\"email\"],\"service\":\"Community Directory\",\"recipient\":\"PCG UK\",\"as_of\":\"2026-11-23\",\"pass_conditional\":true}", &out), NOTICEGATE_STATUS_OK);
    CHECK(out && strstr(out, "\"passed\":[\"email\"]") && strstr(out, "\"status\":\"conditional\""));
    noticegate_string_free(out);

    /* Bad requests: coded errors, *out NULL. */
    out = (char *)1;
    ST(noticegate_gate_columns_json(engine, "{\"columns\":[\"email\"],\"service\":\"Comunity Directory\",\"recipient\":\"PCG UK\"}", &out), NOTICEGATE_STATUS_UNKNOWN_NAME);
    CHECK(out == NULL);
    CHECK(last_error_has("unknown_name (service)") && last_error_has("Community Directory"));
    ST(noticegate_gate_columns_json(engine, "{\"columns\":[\"email\"],\"service\":\"Community Directory\",\"recipient\":\"PCG UK\",\"categories\":{\"emial\":\"Email address\"}}", &out), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("missing_column") && last_error_has("did you mean: email"));
    ST(noticegate_gate_columns_json(engine, "{\"columns\":[\"email\",\"email\"],\"service\":\"Community Directory\",\"recipient\":\"PCG UK\"}", &out), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("duplicate_column"));
    ST(noticegate_gate_columns_json(engine, "{\"columns\":[\"phone\"],\"samples\":[[\"07700 900123\",5]],\"service\":\"Community Directory\",\"recipient\":\"PCG UK\"}", &out), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("mixed_types"));
    ST(noticegate_gate_columns_json(engine, "{\"columns\":", &out), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("invalid_json"));
    ST(noticegate_gate_columns_json(engine, "{\"columns\":[\"\xc3\x28\"]}", &out), NOTICEGATE_STATUS_INVALID_UTF8);
    ST(noticegate_gate_columns_json(engine, NULL, &out), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_gate_columns_json(NULL, request, &out), NOTICEGATE_STATUS_NULL_POINTER);
    ST(noticegate_gate_columns_json(engine, request, NULL), NOTICEGATE_STATUS_NULL_POINTER);

    /* Forms: JSON Schema and SurveyJS. */
    const char *schema =
        "{\"type\":\"object\",\"properties\":{\"email\":{\"type\":\"string\",\"format\":\"email\",\"title\":\"Email address\"},"
        "\"colour\":{\"type\":\"string\",\"title\":\"Favourite colour\"}}}";
    out = NULL;
    ST(noticegate_check_form_json(engine, schema, "Community Directory", NULL, "2026-11-23", &out), NOTICEGATE_STATUS_OK);
    CHECK(out && strstr(out, "\"format\": \"json-schema\"") && strstr(out, "\"category\": \"contact.email\"") &&
          strstr(out, "\"verdict\": \"conditional\"") && strstr(out, "\"verdict\": \"unclassified\"") && strstr(out, "\"unclassified\": 1"));
    noticegate_string_free(out);
    out = NULL;
    ST(noticegate_check_form_json(engine, "{\"elements\":[{\"type\":\"text\",\"name\":\"dob\",\"title\":\"Date of birth\"}]}", "Community Directory", NULL, NULL, &out), NOTICEGATE_STATUS_OK);
    CHECK(out && strstr(out, "\"format\": \"surveyjs\"") && strstr(out, "identity.date_of_birth"));
    noticegate_string_free(out);
    out = (char *)1;
    ST(noticegate_check_form_json(engine, "{\"pages\":3}", "Community Directory", NULL, NULL, &out), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(out == NULL);
    CHECK(last_error_has("invalid_form") && last_error_has("pages"));
    ST(noticegate_check_form_json(engine, "{not json", "Community Directory", NULL, NULL, &out), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("invalid_form"));
    ST(noticegate_check_form_json(engine, schema, "Comunity Directory", NULL, NULL, &out), NOTICEGATE_STATUS_UNKNOWN_NAME);
    CHECK(last_error_has("did you mean"));
    ST(noticegate_check_form_json(engine, schema, "Community Directory", NULL, "tomorrow", &out), NOTICEGATE_STATUS_INVALID_ARGUMENT);
    CHECK(last_error_has("as_of"));
    ST(noticegate_check_form_json(engine, schema, NULL, NULL, NULL, &out), NOTICEGATE_STATUS_NULL_POINTER);
    CHECK(last_error_has("service"));
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s POLICY_DIR BROKEN_POLICY_DIR\n", argv[0]);
        return 2;
    }
    test_version_and_names();
    test_dates();
    NoticegateEngine *engine = NULL;
    ST(noticegate_engine_builtin(&engine), NOTICEGATE_STATUS_OK);
    if (!engine) {
        printf("%d passed, %d failed\n", passed, failed + 1);
        return 1;
    }
    struct ids ids;
    memset(&ids, 0, sizeof ids);
    test_json(engine);
    test_resolve(engine, &ids);
    test_typed(engine, &ids);
    test_packed(engine, &ids);
    test_prepared_question(engine, &ids);
    test_gate_and_forms(engine);
    test_load(engine, &ids, argv[1], argv[2]);
    test_threads(engine, &ids);
    noticegate_engine_free(engine);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
