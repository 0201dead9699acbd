/* Reads one JSON question per line on stdin and writes the decision line of
 * noticegate_ask_json for each on stdout, as `noticegate ask` does (blank lines skipped).
 * test.sh compares its output with the CLI's, byte for byte. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "noticegate.h"

int main(void) {
    NoticegateEngine *engine = NULL;
    if (noticegate_engine_builtin(&engine) != NOTICEGATE_STATUS_OK) {
        fprintf(stderr, "corpus: no built-in engine\n");
        return 2;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int status = 0;
    while ((n = getline(&line, &cap, stdin)) != -1) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
        if (strspn(line, " \t") == (size_t)n) continue;
        char *decision = NULL;
        if (noticegate_ask_json(engine, line, &decision) != NOTICEGATE_STATUS_OK) {
            char *msg = NULL;
            noticegate_last_error(&msg);
            fprintf(stderr, "corpus: %s\n", msg ? msg : "(no message)");
            noticegate_string_free(msg);
            status = 1;
            continue;
        }
        puts(decision);
        noticegate_string_free(decision);
    }
    free(line);
    noticegate_engine_free(engine);
    return status;
}
