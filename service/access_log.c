/*
 * access_log.c — one line a request on standard error (the journal under
 * systemd): time, request id, method, route template, status, bytes sent,
 * duration.  Nothing else: no path as sent, no query, no header, no body,
 * so no card data can reach it.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <time.h>

#include "serve.h"

void access_log_line(uint64_t id, const char *method, const char *route, unsigned status,
                     uint64_t bytes, double ms) {
  char when[32] = "-";
  time_t now = time(NULL);
  struct tm tm;
  if (gmtime_r(&now, &tm)) strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  /* one fprintf: stdio locks the stream, so lines of workers never mix */
  fprintf(stderr, "%s req=%llu %s %s %u %llu %.1fms\n", when, (unsigned long long)id, method,
          route, status, (unsigned long long)bytes, ms);
}
