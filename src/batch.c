/*
 * batch.c — the batch engine (mynaform.h, "batch"): records read from JSON
 * Lines or CSV bytes (input/jsonl_records.c, input/csv_records.c), rendered
 * by a pool of threads with a context each, delivered in input order.
 *
 * Flow: the feeding thread reads records, lets the caller prepare them and
 * puts them in a ring of at most 4 × threads jobs; each worker takes the
 * next queued job and renders it with its own context; the feeding thread
 * retires finished jobs in input order (counts, kept failures, on_record).
 * So memory stays flat and results come in input order whatever the number
 * of threads.  MYNA_BATCH_MERGE renders on the feeding thread into one
 * myna_pdf with the batch's context.  The engine never prints and touches
 * no file.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/core.h"
#include "input/csv_records.h"
#include "input/jsonl_records.h"

#define MAX_THREADS 256u
#define DEFAULT_MAX_PAGES 20000u

typedef enum { SLOT_FREE, SLOT_QUEUED, SLOT_TAKEN, SLOT_DONE } slot_state;

/* One record on its way through the pipeline. */
typedef struct job {
  slot_state state;
  bool pending;                /* not yet rendered (outcome not known) */
  unsigned long long record, line;
  char *json;                  /* the record to render */
  size_t json_len;
  char *screen;                /* values taken out: screened, not printed */
  size_t screen_len;
  myna_status fail_status;     /* prepare's verdict if the record is good */
  const char *fail_kind;
  char *fail_message;
  void *tag;
  myna_batch_outcome outcome;
  myna_status status;
  const char *kind;
  char *message;
  char **warnings;
  size_t nwarnings;
  size_t pages;
  unsigned char *pdf;
  size_t pdf_len;
} job;

typedef struct worker {
  myna_batch *b;
  myna_ctx *ctx;
  pthread_t tid;
  bool started;
} worker;

typedef struct kept_failure {
  unsigned long long record, line;
  myna_status status;
  const char *kind;
  char *message;
} kept_failure;

struct myna_batch {
  myna_ctx *ctx;
  myna_batch_opts o;
  myna_render_opts ro;
  const myna_render_opts *rop; /* &ro or NULL */

  /* the reader */
  csv_records *csv;
  jsonl_records *jsonl;
  unsigned long long bytes;
  bool reader_done; /* no more input is read */
  bool finished;

  /* the ring: ring[seq % cap] for tail <= seq < head */
  pthread_mutex_t mu;
  pthread_cond_t work, done;
  bool sync_ok;
  job *ring;
  size_t cap;
  unsigned long long head, take, tail;
  bool eof, stopping;
  worker *workers;
  size_t nworkers;

  myna_pdf *pdf; /* MYNA_BATCH_MERGE */

  /* what stopped the batch: the first fatal status and its message */
  myna_status stop_status;
  char *stop_msg;

  /* the first failed record (MYNA_BATCH_ALL_OR_NOTHING) */
  myna_status first_fail;
  char *first_fail_msg;

  myna_batch_stats stats;
  kept_failure *failures;
  size_t nfailures;
};

/* ------------------------------------------------------------- helpers */

static char *dup_printf(const char *fmt, ...) MF_PRINTF(1, 2);
static char *dup_printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return NULL;
  char *s = malloc((size_t)n + 1);
  if (!s) return NULL;
  va_start(ap, fmt);
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return s;
}

static char *dup_mem(const char *p, size_t n) {
  char *s = malloc(n + 1);
  if (!s) return NULL;
  if (n) memcpy(s, p, n);
  s[n] = '\0';
  return s;
}

static void job_clear(job *j) {
  free(j->json);
  free(j->screen);
  free(j->fail_message);
  free(j->message);
  for (size_t i = 0; i < j->nwarnings; i++) free(j->warnings[i]);
  free(j->warnings);
  free(j->pdf);
  memset(j, 0, sizeof *j);
}

static void drop_warnings(job *j) {
  for (size_t i = 0; i < j->nwarnings; i++) free(j->warnings[i]);
  free(j->warnings);
  j->warnings = NULL;
  j->nwarnings = 0;
}

static void job_fail(job *j, myna_status st, const char *kind, const char *msg) {
  j->pending = false;
  j->outcome = MYNA_BATCH_FAILED;
  j->status = st;
  j->kind = kind;
  free(j->message);
  j->message = mf_strdup(msg && *msg ? msg : "failed");
  drop_warnings(j);
}

/* The statuses that condemn one record, not the batch. */
static const char *record_kind(myna_status st) {
  switch (st) {
    case MYNA_ERR_DATA: return "data";
    case MYNA_ERR_MY_NUMBER: return "my_number";
    case MYNA_ERR_GLYPH: return "glyph";
    case MYNA_ERR_FIT: return "fit";
    case MYNA_ERR_LIMIT: return "limit";
    default: return NULL;
  }
}

static void collect_warnings(job *j, myna_ctx *ctx) {
  size_t n = myna_ctx_warning_count(ctx);
  if (!n || !(j->warnings = calloc(n, sizeof *j->warnings))) return;
  for (size_t i = 0; i < n; i++)
    if ((j->warnings[j->nwarnings] = mf_strdup(myna_ctx_warning(ctx, i)))) j->nwarnings++;
}

/* Files the outcome of a library call into the job. */
static void job_status(job *j, myna_ctx *ctx, myna_status st) {
  j->pending = false;
  if (st == MYNA_OK) {
    j->outcome = MYNA_BATCH_RENDERED;
    j->status = MYNA_OK;
    collect_warnings(j, ctx);
    return;
  }
  const char *msg = myna_ctx_errmsg(ctx);
  if (!msg || !*msg) msg = myna_status_str(st);
  const char *kind = record_kind(st);
  if (kind) {
    job_fail(j, st, kind, msg);
  } else {
    j->outcome = MYNA_BATCH_FATAL;
    j->status = st;
    j->message = mf_strdup(msg);
  }
}

/* A record is one line of JSON Lines (or one CSV row): the line of a JSON
 * syntax error within it is always 1, and a result's line is the input
 * line, so "line 1, column N" from the library is said "column N". */
static void drop_record_line(char *msg) {
  char *p = msg ? strstr(msg, "line 1, column ") : NULL;
  if (p && (p == msg || (p - msg >= 2 && p[-2] == ':' && p[-1] == ' ')))
    memmove(p, p + 8, strlen(p + 8) + 1);
}

static void fill_result(const job *j, myna_batch_result *r) {
  memset(r, 0, sizeof *r);
  r->struct_size = sizeof *r;
  r->record = j->record;
  r->line = j->line;
  r->outcome = j->outcome;
  r->status = j->status;
  r->kind = j->kind;
  r->message = j->message ? j->message : "";
  r->pages = j->pages;
  r->warning_count = j->nwarnings;
  r->warnings = (const char *const *)j->warnings;
  r->pdf = j->pdf;
  r->pdf_len = j->pdf_len;
  r->tag = j->tag;
}

/* Remembers the first thing that stops the batch. */
static void set_stop(myna_batch *b, myna_status st, const char *msg) {
  if (st != MYNA_OK && b->stop_status == MYNA_OK) {
    b->stop_status = st;
    free(b->stop_msg);
    b->stop_msg = mf_strdup(msg && *msg ? msg : myna_status_str(st));
  }
}

/* Stops taking work: queued jobs are dropped at the end. */
static void stop(myna_batch *b) {
  b->reader_done = true;
  if (!b->sync_ok) {
    b->stopping = true;
    return;
  }
  pthread_mutex_lock(&b->mu);
  b->stopping = true;
  pthread_cond_broadcast(&b->work);
  pthread_mutex_unlock(&b->mu);
}

static bool is_stopping(myna_batch *b) {
  if (!b->sync_ok) return b->stopping;
  pthread_mutex_lock(&b->mu);
  bool s = b->stopping;
  pthread_mutex_unlock(&b->mu);
  return s;
}

/* ------------------------------------------------------------ rendering */

/* Renders job j with ctx: into pdf (merge) or into memory. */
static void render_job(myna_batch *b, myna_ctx *ctx, job *j, myna_pdf *pdf) {
  myna_document doc = b->o.doc;
  myna_status st;
  if (j->screen) {
    /* Values taken out of the record are never printed, but a 個人番号
     * must not become a file name either: the library screens them. */
    myna_render_opts po = {0};
    po.struct_size = sizeof po;
    unsigned char *buf = NULL;
    size_t len = 0;
    st = myna_render_memory(ctx, doc, j->screen, j->screen_len, &po, &buf, &len);
    free(buf);
    if (st == MYNA_ERR_MY_NUMBER) {
      job_fail(j, st, "my_number", myna_ctx_errmsg(ctx));
      return;
    }
  }
  unsigned char *out = NULL;
  size_t out_len = 0, before = pdf ? myna_pdf_page_count(pdf) : 0;
  bool check_only = j->fail_status != MYNA_OK;
  if (pdf && !check_only)
    st = myna_pdf_add(pdf, doc, j->json, j->json_len, b->rop);
  else
    st = myna_render_memory(ctx, doc, j->json, j->json_len, b->rop, &out, &out_len);
  job_status(j, ctx, st);
  if (st != MYNA_OK) {
    free(out);
    return;
  }
  if (check_only) { /* good data, but the caller's verdict stands */
    free(out);
    job_fail(j, j->fail_status, j->fail_kind ? j->fail_kind : record_kind(j->fail_status),
             j->fail_message ? j->fail_message : "failed");
    return;
  }
  if (pdf) {
    j->pages = myna_pdf_page_count(pdf) - before;
    return;
  }
  j->pages = doc == MYNA_DOC_PACKET ? 3 : 1;
  j->pdf = out;
  j->pdf_len = out_len;
  if (b->o.on_pdf) {
    myna_batch_result r;
    fill_result(j, &r);
    int fail = b->o.on_pdf(b->o.user, &r);
    free(j->pdf);
    j->pdf = NULL;
    j->pdf_len = 0;
    if (fail) {
      drop_warnings(j);
      j->outcome = MYNA_BATCH_FATAL;
      j->status = MYNA_ERR_IO;
      j->message = dup_printf("record %llu: its PDF could not be put in place", j->record);
    }
  }
}

static void *worker_main(void *arg) {
  worker *w = arg;
  myna_batch *b = w->b;
  pthread_mutex_lock(&b->mu);
  for (;;) {
    if (b->take < b->tail) b->take = b->tail;
    while (b->take < b->head && b->ring[b->take % b->cap].state != SLOT_QUEUED) b->take++;
    if (b->stopping) break;
    if (b->take == b->head) {
      if (b->eof) break;
      pthread_cond_wait(&b->work, &b->mu);
      continue;
    }
    job *j = &b->ring[b->take % b->cap];
    b->take++;
    j->state = SLOT_TAKEN;
    pthread_mutex_unlock(&b->mu);
    render_job(b, w->ctx, j, NULL);
    pthread_mutex_lock(&b->mu);
    j->state = SLOT_DONE;
    if (j->outcome == MYNA_BATCH_FATAL) {
      b->stopping = true;
      pthread_cond_broadcast(&b->work);
    }
    pthread_cond_signal(&b->done);
  }
  pthread_mutex_unlock(&b->mu);
  return NULL;
}

/* ------------------------------------------------------------ delivery */

static void keep_failure(myna_batch *b, const job *j) {
  if (b->first_fail == MYNA_OK) {
    b->first_fail = j->status;
    free(b->first_fail_msg);
    b->first_fail_msg = dup_printf("record %llu, line %llu: %s", j->record, j->line,
                                   j->message ? j->message : "failed");
  }
  if (b->nfailures >= b->o.max_failures) return;
  if (!b->failures && !(b->failures = calloc(b->o.max_failures, sizeof *b->failures))) return;
  kept_failure *f = &b->failures[b->nfailures];
  f->message = mf_strdup(j->message ? j->message : "failed");
  if (!f->message) return;
  f->record = j->record;
  f->line = j->line;
  f->status = j->status;
  f->kind = j->kind;
  b->nfailures++;
}

/* Counts a finished (or dropped) job and hands it to the caller. */
static void deliver(myna_batch *b, job *j) {
  if (j->outcome == MYNA_BATCH_FAILED) drop_record_line(j->message);
  switch (j->outcome) {
    case MYNA_BATCH_RENDERED:
      b->stats.records++;
      b->stats.rendered++;
      b->stats.warnings += j->nwarnings;
      if (b->pdf) b->stats.pages += j->pages;
      break;
    case MYNA_BATCH_FAILED:
      b->stats.records++;
      b->stats.failed++;
      keep_failure(b, j);
      break;
    case MYNA_BATCH_SKIPPED:
    case MYNA_BATCH_READ:
      b->stats.records++;
      if (j->outcome == MYNA_BATCH_SKIPPED) b->stats.skipped++;
      break;
    case MYNA_BATCH_DROPPED:
      b->stats.dropped++;
      break;
    case MYNA_BATCH_FATAL:
      set_stop(b, j->status, j->message);
      stop(b);
      break;
  }
  if (b->o.on_record) {
    myna_batch_result r;
    fill_result(j, &r);
    if (b->o.on_record(b->o.user, &r) != 0) stop(b);
  }
}

static bool poll_caller(myna_batch *b) {
  if (b->o.poll && b->o.poll(b->o.user) != 0) stop(b);
  return !is_stopping(b);
}

/* Retires the finished jobs at the tail of the ring, in input order. */
static void retire(myna_batch *b) {
  for (;;) {
    pthread_mutex_lock(&b->mu);
    job *j = b->tail < b->head ? &b->ring[b->tail % b->cap] : NULL;
    bool ready = j && j->state == SLOT_DONE;
    pthread_mutex_unlock(&b->mu);
    if (!ready) return;
    deliver(b, j);
    job_clear(j);
    pthread_mutex_lock(&b->mu);
    j->state = SLOT_FREE;
    b->tail++;
    pthread_mutex_unlock(&b->mu);
  }
}

static void wait_done(myna_batch *b) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_nsec += 100 * 1000 * 1000;
  if (ts.tv_nsec >= 1000000000L) {
    ts.tv_sec++;
    ts.tv_nsec -= 1000000000L;
  }
  pthread_cond_timedwait(&b->done, &b->mu, &ts);
}

/* Hands a job to the pipeline (moving it); false if the batch is stopping. */
static bool enqueue(myna_batch *b, job *src) {
  if (!b->nworkers) { /* merge, read-only: on this thread, in order */
    if (src->pending) {
      render_job(b, b->ctx, src, b->pdf);
      size_t max = b->o.max_pages ? b->o.max_pages : DEFAULT_MAX_PAGES;
      if (src->outcome == MYNA_BATCH_RENDERED && b->pdf && myna_pdf_page_count(b->pdf) > max) {
        drop_warnings(src);
        src->outcome = MYNA_BATCH_FATAL;
        src->status = MYNA_ERR_LIMIT;
        free(src->message);
        src->message = dup_printf("more than %zu pages to merge (myna_batch_opts.max_pages)",
                                  max);
      }
    }
    deliver(b, src);
    job_clear(src);
    return poll_caller(b);
  }
  for (;;) {
    retire(b);
    if (!poll_caller(b)) {
      src->outcome = MYNA_BATCH_DROPPED;
      deliver(b, src);
      job_clear(src);
      return false;
    }
    pthread_mutex_lock(&b->mu);
    if (b->head - b->tail < b->cap) break;
    wait_done(b);
    pthread_mutex_unlock(&b->mu);
  }
  job *j = &b->ring[b->head % b->cap];
  *j = *src;
  memset(src, 0, sizeof *src);
  j->state = j->pending ? SLOT_QUEUED : SLOT_DONE;
  b->head++;
  pthread_cond_signal(&b->work);
  pthread_mutex_unlock(&b->mu);
  return true;
}

/* End of input (or a stop): lets the workers finish, retires everything. */
static void drain(myna_batch *b) {
  if (b->nworkers) {
    pthread_mutex_lock(&b->mu);
    b->eof = true;
    pthread_cond_broadcast(&b->work);
    pthread_mutex_unlock(&b->mu);
    for (;;) {
      retire(b);
      poll_caller(b);
      pthread_mutex_lock(&b->mu);
      bool stopping = b->stopping, busy = false;
      for (unsigned long long s = b->tail; s < b->head; s++) {
        slot_state st = b->ring[s % b->cap].state;
        if (st == SLOT_TAKEN || (!stopping && st == SLOT_QUEUED)) busy = true;
      }
      if (b->tail == b->head || !busy) {
        pthread_mutex_unlock(&b->mu);
        break;
      }
      wait_done(b);
      pthread_mutex_unlock(&b->mu);
    }
    for (size_t i = 0; i < b->nworkers; i++)
      if (b->workers[i].started) pthread_join(b->workers[i].tid, NULL);
    for (size_t i = 0; i < b->nworkers; i++) b->workers[i].started = false;
  }
  /* after a stop: what was finished counts, what was only queued is dropped */
  for (; b->tail < b->head; b->tail++) {
    job *j = &b->ring[b->tail % b->cap];
    if (j->state != SLOT_DONE) j->outcome = MYNA_BATCH_DROPPED;
    deliver(b, j);
    job_clear(j);
  }
}

/* ------------------------------------------------------------- reading */

/* One record from the reader: text (not owned) or a reader-side error. */
typedef struct in_record {
  unsigned long long number, line;
  const char *text;
  size_t len;
  const char *kind, *error;
} in_record;

/* Lets the caller prepare job j: 0, 1 if the caller stops the batch, -1
 * when out of memory. */
static int prepare(myna_batch *b, job *j) {
  myna_batch_item it;
  memset(&it, 0, sizeof it);
  it.struct_size = sizeof it;
  it.record = j->record;
  it.line = j->line;
  it.text = j->json;
  it.len = j->json_len;
  int rc = b->o.prepare(b->o.user, &it);
  j->tag = it.tag;
  if (rc != 0) return 1;
  if (it.text != j->json || it.len != j->json_len) {
    char *t = dup_mem(it.text ? it.text : "", it.text ? it.len : 0);
    if (!t) return -1;
    free(j->json);
    j->json = t;
    j->json_len = it.text ? it.len : 0;
  }
  if (it.screen && !(j->screen = dup_mem(it.screen, it.screen_len))) return -1;
  j->screen_len = it.screen_len;
  if (it.skip) {
    j->pending = false;
    j->outcome = MYNA_BATCH_SKIPPED;
  } else if (it.fail_status != MYNA_OK) {
    j->fail_status = it.fail_status;
    j->fail_kind = it.fail_kind;
    if (!(j->fail_message = mf_strdup(it.fail_message ? it.fail_message : "failed")))
      return -1;
  }
  return 0;
}

/* Turns an input record into a job and queues it; false to stop reading. */
static bool dispatch(myna_batch *b, const in_record *in) {
  if (b->o.max_records && in->number > b->o.max_records) { /* finish the ones before */
    b->stats.over_limit = 1;
    char *m = dup_printf("more than %zu records (myna_batch_opts.max_records)",
                         b->o.max_records);
    set_stop(b, MYNA_ERR_LIMIT, m ? m : "more records than max_records");
    free(m);
    b->reader_done = true;
    return false;
  }
  job j = {0};
  j.record = in->number;
  j.line = in->line;
  if (b->o.flags & MYNA_BATCH_READ_ONLY) {
    j.outcome = MYNA_BATCH_READ;
    deliver(b, &j);
    return poll_caller(b);
  }
  if (in->error) {
    job_fail(&j, strcmp(in->kind, "limit") ? MYNA_ERR_DATA : MYNA_ERR_LIMIT, in->kind,
             in->error);
    return enqueue(b, &j);
  }
  j.pending = true;
  if (!(j.json = dup_mem(in->text, in->len))) goto nomem;
  j.json_len = in->len;
  int prc = b->o.prepare ? prepare(b, &j) : 0;
  if (prc != 0) { /* its tag comes back as dropped */
    if (prc < 0) set_stop(b, MYNA_ERR_NOMEM, "out of memory");
    stop(b);
    j.pending = false;
    j.outcome = MYNA_BATCH_DROPPED;
    deliver(b, &j);
    job_clear(&j);
    return false;
  }
  return enqueue(b, &j);
nomem:
  job_clear(&j);
  set_stop(b, MYNA_ERR_NOMEM, "out of memory");
  stop(b);
  return false;
}

static int csv_dispatch(void *user, const csv_record *rec) {
  in_record in = {rec->number, rec->line, rec->json, rec->json_len, rec->kind, rec->error};
  return dispatch(user, &in) ? 0 : 1;
}

static int jsonl_dispatch(void *user, const jsonl_record *rec) {
  in_record in = {rec->number, rec->line, rec->text, rec->len, rec->kind, rec->error};
  return dispatch(user, &in) ? 0 : 1;
}

/* A CSV reader's failure stops the batch. */
static void reader_failed(myna_batch *b, csvr_status st) {
  myna_status s = st == CSVR_EHEADER || st == CSVR_EENCODING ? MYNA_ERR_DATA
                  : st == CSVR_EMYNUMBER ? MYNA_ERR_MY_NUMBER
                  : st == CSVR_ENOMEM    ? MYNA_ERR_NOMEM
                                         : MYNA_ERR_LIMIT;
  set_stop(b, s, mf_csv_records_errmsg(b->csv));
  stop(b);
}

/* ----------------------------------------------------------------- API */

static void set_ctx_error(myna_batch *b) {
  if (b->stop_status != MYNA_OK)
    mf_fail(b->ctx, b->stop_status, "%s", b->stop_msg ? b->stop_msg : "failed");
}

myna_status myna_batch_new(myna_ctx *ctx, const myna_batch_opts *opts, myna_batch **out) {
  if (!ctx) return MYNA_ERR_USAGE;
  mf_ctx_reset(ctx);
  if (!out || !opts) return mf_fail(ctx, MYNA_ERR_USAGE, "NULL argument");
  *out = NULL;
  if (opts->struct_size < sizeof(size_t) || opts->struct_size > sizeof(myna_batch_opts))
    return mf_fail(ctx, MYNA_ERR_USAGE,
                   "myna_batch_opts.struct_size must be sizeof(myna_batch_opts)");
  myna_batch_opts o = {0};
  memcpy(&o, opts, opts->struct_size);
  if (o.doc < MYNA_DOC_DECLARATION || o.doc > MYNA_DOC_PACKET)
    return mf_fail(ctx, MYNA_ERR_USAGE, "myna_batch_opts.doc: not a document");
  if (o.format != MYNA_BATCH_JSONL && o.format != MYNA_BATCH_CSV)
    return mf_fail(ctx, MYNA_ERR_USAGE, "myna_batch_opts.format: not a format");
  if (o.threads > MAX_THREADS)
    return mf_fail(ctx, MYNA_ERR_USAGE, "myna_batch_opts.threads: at most %u", MAX_THREADS);
  if ((o.flags & MYNA_BATCH_MERGE) && o.on_pdf)
    return mf_fail(ctx, MYNA_ERR_USAGE, "myna_batch_opts.on_pdf: not with MYNA_BATCH_MERGE");

  myna_batch *b = mf_calloc(1, sizeof *b);
  if (!b) return mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
  b->ctx = ctx;
  b->o = o;
  b->o.struct_size = sizeof b->o;
  b->o.csv_columns = NULL;
  if (o.render) {
    if (o.render->struct_size < sizeof(size_t) || o.render->struct_size > sizeof b->ro) {
      free(b);
      return mf_fail(ctx, MYNA_ERR_USAGE,
                     "myna_render_opts.struct_size must be sizeof(myna_render_opts)");
    }
    memcpy(&b->ro, o.render, o.render->struct_size);
    b->ro.struct_size = sizeof b->ro;
    b->rop = &b->ro;
  }
  b->o.render = NULL;
  myna_status st = MYNA_OK;

  /* the reader */
  if (o.format == MYNA_BATCH_CSV) {
    csv_options co = {0};
    co.extra_columns = o.csv_columns;
    co.allow_unknown = b->rop && (b->ro.flags & MYNA_RENDER_ALLOW_UNKNOWN);
    co.verbose = mf_verbose(ctx);
    if (o.csv_encoding && !mf_csv_encoding_parse(o.csv_encoding, &co.encoding)) {
      st = mf_fail(ctx, MYNA_ERR_USAGE,
                   "csv_encoding: expected utf-8 or cp932 (also shift_jis, sjis, "
                   "windows-31j, ms932)");
    } else {
      errno = 0;
      b->csv = mf_csv_records_new(csv_dispatch, b, &co);
      if (!b->csv && errno == EINVAL)
        st = mf_fail(ctx, MYNA_ERR_RESOURCE,
                     "csv_encoding: this system's iconv has no CP932 converter "
                     "(glibc's gconv modules are missing)");
    }
  } else {
    b->jsonl = mf_jsonl_records_new(jsonl_dispatch, b, MYNA_LIMIT_DATA_BYTES);
  }
  if (st == MYNA_OK && !b->csv && !b->jsonl) st = mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");

  /* merge into one PDF on this thread, or a pool of workers */
  if (st == MYNA_OK && (o.flags & MYNA_BATCH_MERGE) && !(o.flags & MYNA_BATCH_READ_ONLY)) {
    st = myna_pdf_new(ctx, &b->pdf);
  } else if (st == MYNA_OK && !(o.flags & MYNA_BATCH_READ_ONLY)) {
    b->nworkers = o.threads ? o.threads : 1;
    b->cap = 4 * b->nworkers;
    b->workers = calloc(b->nworkers, sizeof *b->workers);
    b->ring = calloc(b->cap, sizeof *b->ring);
    if (!b->workers || !b->ring) st = mf_fail(ctx, MYNA_ERR_NOMEM, "out of memory");
    for (size_t i = 0; st == MYNA_OK && i < b->nworkers; i++) {
      b->workers[i].b = b;
      myna_ctx *w = NULL;
      st = mf_ctx_clone(ctx, &w);
      b->workers[i].ctx = w;
      if (st != MYNA_OK)
        mf_fail(ctx, st, "%s", w ? myna_ctx_errmsg(w) : "out of memory");
    }
  }
  if (st == MYNA_OK && b->nworkers) {
    pthread_mutex_init(&b->mu, NULL);
    pthread_cond_init(&b->work, NULL);
    pthread_cond_init(&b->done, NULL);
    b->sync_ok = true;
    /* the workers take no signals: they are the caller's business */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    for (size_t i = 0; i < b->nworkers; i++) {
      int e = pthread_create(&b->workers[i].tid, NULL, worker_main, &b->workers[i]);
      if (e) {
        st = mf_fail(ctx, MYNA_ERR_INTERNAL, "cannot start a thread");
        break;
      }
      b->workers[i].started = true;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
  }
  if (st != MYNA_OK) {
    char msg[MF_ERRMSG_SIZE];
    snprintf(msg, sizeof msg, "%s", myna_ctx_errmsg(ctx));
    myna_batch_free(b);
    return mf_fail(ctx, st, "%s", msg);
  }
  *out = b;
  return MYNA_OK;
}

myna_status myna_batch_feed(myna_batch *b, const void *bytes, size_t len) {
  if (!b) return MYNA_ERR_USAGE;
  if (b->finished) return mf_fail(b->ctx, MYNA_ERR_USAGE, "the batch is finished");
  if (!bytes && len) return mf_fail(b->ctx, MYNA_ERR_USAGE, "NULL argument");
  if (b->reader_done || is_stopping(b)) {
    set_ctx_error(b);
    return b->stop_status;
  }
  bool over = false;
  if (b->o.max_bytes && len > b->o.max_bytes - b->bytes) {
    len = (size_t)(b->o.max_bytes - b->bytes);
    over = true;
  }
  b->bytes += len;
  if (b->csv) {
    csvr_status st = mf_csv_records_feed(b->csv, bytes, len);
    if (st < 0) reader_failed(b, st);
  } else {
    mf_jsonl_records_feed(b->jsonl, bytes, len);
  }
  if (over && !b->reader_done) {
    b->stats.over_limit = 1;
    char *m = dup_printf("more than %zu bytes of input (myna_batch_opts.max_bytes)",
                         b->o.max_bytes);
    set_stop(b, MYNA_ERR_LIMIT, m ? m : "more input than max_bytes");
    free(m);
    b->reader_done = true;
  }
  set_ctx_error(b);
  return b->stop_status;
}

void myna_batch_cancel(myna_batch *b) {
  if (b) stop(b);
}

myna_status myna_batch_finish(myna_batch *b) {
  if (!b) return MYNA_ERR_USAGE;
  if (b->finished) return mf_fail(b->ctx, MYNA_ERR_USAGE, "the batch is finished");
  if (!b->reader_done && !is_stopping(b)) {
    b->reader_done = true;
    if (b->csv) {
      csvr_status st = mf_csv_records_finish(b->csv);
      if (st < 0) reader_failed(b, st);
    } else {
      mf_jsonl_records_finish(b->jsonl);
    }
  }
  drain(b);
  b->finished = true;
  mf_ctx_reset(b->ctx);
  set_ctx_error(b);
  return b->stop_status;
}

void myna_batch_get_stats(const myna_batch *b, myna_batch_stats *stats) {
  if (!b || !stats || stats->struct_size < sizeof(size_t)) return;
  size_t n = stats->struct_size < sizeof b->stats ? stats->struct_size : sizeof b->stats;
  myna_batch_stats s = b->stats;
  s.struct_size = n;
  memcpy(stats, &s, n);
}

size_t myna_batch_failure_count(const myna_batch *b) { return b ? b->nfailures : 0; }

int myna_batch_get_failure(const myna_batch *b, size_t index, myna_batch_failure *f) {
  if (!b || !f || index >= b->nfailures) return -1;
  const kept_failure *k = &b->failures[index];
  f->record = k->record;
  f->line = k->line;
  f->status = k->status;
  f->kind = k->kind;
  f->message = k->message;
  return 0;
}

myna_pdf *myna_batch_pdf(myna_batch *b) { return b ? b->pdf : NULL; }

myna_status myna_batch_merged_pdf(myna_batch *b, unsigned char **buf, size_t *len) {
  if (!b) return MYNA_ERR_USAGE;
  mf_ctx_reset(b->ctx);
  if (!buf || !len) return mf_fail(b->ctx, MYNA_ERR_USAGE, "NULL argument");
  *buf = NULL;
  *len = 0;
  if (!b->pdf) return mf_fail(b->ctx, MYNA_ERR_USAGE, "not a merging batch (MYNA_BATCH_MERGE)");
  if (!b->finished) return mf_fail(b->ctx, MYNA_ERR_USAGE, "the batch is not finished");
  if (b->stop_status != MYNA_OK || is_stopping(b))
    return mf_fail(b->ctx, MYNA_ERR_USAGE, "the batch stopped: no merged PDF");
  if ((b->o.flags & MYNA_BATCH_ALL_OR_NOTHING) && b->first_fail != MYNA_OK)
    return mf_fail(b->ctx, b->first_fail, "%s", b->first_fail_msg ? b->first_fail_msg : "a record failed");
  if (!b->stats.rendered) return mf_fail(b->ctx, MYNA_ERR_USAGE, "no record was rendered");
  return myna_pdf_save_memory(b->pdf, buf, len);
}

void myna_batch_free(myna_batch *b) {
  if (!b) return;
  if (b->sync_ok) {
    pthread_mutex_lock(&b->mu);
    b->stopping = true;
    b->eof = true;
    pthread_cond_broadcast(&b->work);
    pthread_mutex_unlock(&b->mu);
  }
  for (size_t i = 0; b->workers && i < b->nworkers; i++)
    if (b->workers[i].started) pthread_join(b->workers[i].tid, NULL);
  if (b->sync_ok) {
    pthread_mutex_destroy(&b->mu);
    pthread_cond_destroy(&b->work);
    pthread_cond_destroy(&b->done);
  }
  for (size_t i = 0; b->ring && i < b->cap; i++) job_clear(&b->ring[i]);
  free(b->ring);
  for (size_t i = 0; b->workers && i < b->nworkers; i++) myna_ctx_free(b->workers[i].ctx);
  free(b->workers);
  myna_pdf_free(b->pdf);
  mf_csv_records_free(b->csv);
  mf_jsonl_records_free(b->jsonl);
  for (size_t i = 0; i < b->nfailures; i++) free(b->failures[i].message);
  free(b->failures);
  free(b->stop_msg);
  free(b->first_fail_msg);
  free(b);
}
