/*
 * serve.c — `mynaform serve`: the command line, the start-up checks
 * (loopback or a token, TLS files, the token file's mode), the
 * libmicrohttpd daemon in thread-pool mode, and the drain on SIGTERM.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "request.h"

#define CMD "serve"
/* Longest a drain waits for requests in flight. */
#define DRAIN_SECONDS 30
#define MAX_THREADS 64

static void help(void) {
  printf(
      "Usage: mynaform serve [OPTIONS]\n"
      "\n"
      "Runs the HTTP service: clinic systems POST card data as JSON and get the\n"
      "PDF back (API v1, described at GET /openapi.json).  Renders in memory and\n"
      "writes nothing patient-related to disk.\n"
      "\n"
      "Options:\n"
      "      --listen ADDR:PORT  address to listen on (default 127.0.0.1:8765;\n"
      "                          [::1]:PORT for IPv6, port 0 = any free port).  An\n"
      "                          address other than loopback needs a token\n"
      "      --port-file FILE    write the port listened on to FILE once ready\n"
      "      --threads N         worker threads, each with its own context\n"
      "                          (default: the number of cores; 1 to 64)\n"
      "      --max-connections N connections at once (default 64)\n"
      "      --max-body BYTES    largest request body (default and most 65536)\n"
      "      --batch-max-records N  records of one POST /v1/batch (default 5000)\n"
      "      --batch-max-bytes BYTES  body of one POST /v1/batch (default 8388608)\n"
      "      --timeout SECONDS   a connection idle this long is closed (default 10)\n"
      "      --token-file FILE   requests need 'Authorization: Bearer TOKEN'; FILE\n"
      "                          holds the token (16 to 512 printable ASCII bytes)\n"
      "                          and must not be readable by group or others.\n"
      "                          Without it, the environment variable\n"
      "                          MYNAFORM_TOKEN is used if set\n"
      "      --tls-cert FILE     serve HTTPS with this PEM certificate (and key)\n"
      "      --tls-key FILE      the PEM private key of --tls-cert\n"
      "      --clinic FILE       imprint {\"name\",\"address\",\"phone\"} for notices,\n"
      "                          checked at start-up (exit 3, or 4 for a 個人番号)\n"
      "      --card-reader NAME  read My Number cards on this PC/SC reader (its name,\n"
      "                          the start of it, or 'auto' for the first one):\n"
      "                          GET and POST /v1/card (without it they are 404)\n"
      "      --allow-origin URL  answer CORS requests from this one exact origin\n"
      "                          (https://karte.example); never '*'\n"
      "      --allow-host NAME   accept this name in the Host header too (may be\n"
      "                          repeated; localhost, 127.0.0.1, ::1 and the\n"
      "                          listen address always are)\n"
      "      --no-access-log     do not write the access log to standard error\n"
      "      --data-dir DIR      directory with templates/ and fonts/\n"
      "      --font-dir DIR      fonts (or MYNAFORM_FONT_DIR)\n"
      "      --template-dir DIR  templates (or MYNAFORM_TEMPLATE_DIR)\n"
      "  -h, --help              this help\n"
      "\n"
      "Routes: POST /v1/render/{declaration|explanation|notice|packet} (query\n"
      "template, pinless, blank, allow_unknown, pdfa), GET /v1/templates, GET|POST\n"
      "/v1/card (with --card-reader; the PIN in the POST body), GET|HEAD\n"
      "/health (no token), GET /openapi.json and /schema/{name} (no token).\n"
      "Errors are JSON {\"status\",\"code\",\"message\",\"path\"}; a 個人番号 in the\n"
      "data is refused with 422 and code \"my_number\".  The access log holds\n"
      "method, route, status, bytes, duration and request id only; --verbose is\n"
      "refused.  SIGTERM, SIGINT or SIGHUP: requests in flight finish (up to\n"
      "30 s), new ones get 503, then the service exits 0.  Under systemd socket\n"
      "activation (LISTEN_FDS) the socket passed in is used instead of --listen.\n"
      "Exit codes: 0 stopped by a signal, 2 usage (also: not loopback without a\n"
      "token, a token file others can read), 3 or 4 a bad --clinic, 7 cannot\n"
      "listen or read a file.\n");
}

/* Parses an unsigned number in [lo, hi]. */
static bool parse_uint(const char *s, unsigned long lo, unsigned long hi, unsigned long *v) {
  char *end;
  errno = 0;
  if (!s || !*s || *s == '-' || *s == '+') return false;
  unsigned long n = strtoul(s, &end, 10);
  if (errno || *end || n < lo || n > hi) return false;
  *v = n;
  return true;
}

/* ADDR:PORT, [V6]:PORT → a socket address. */
static bool parse_listen(const char *s, struct sockaddr_storage *ss, char *host, size_t hsize) {
  memset(ss, 0, sizeof *ss);
  const char *colon;
  char addr[64];
  if (*s == '[') {
    const char *end = strchr(s, ']');
    if (!end || end[1] != ':' || (size_t)(end - s - 1) >= sizeof addr) return false;
    memcpy(addr, s + 1, (size_t)(end - s - 1));
    addr[end - s - 1] = '\0';
    colon = end + 1;
  } else {
    colon = strrchr(s, ':');
    if (!colon || (size_t)(colon - s) >= sizeof addr) return false;
    memcpy(addr, s, (size_t)(colon - s));
    addr[colon - s] = '\0';
  }
  unsigned long port;
  if (!parse_uint(colon + 1, 0, 65535, &port)) return false;
  struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
  struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
  if (inet_pton(AF_INET, addr, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons((uint16_t)port);
  } else if (inet_pton(AF_INET6, addr, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons((uint16_t)port);
  } else {
    return false;
  }
  snprintf(host, hsize, "%s", addr);
  for (char *p = host; *p; p++)
    if (*p >= 'A' && *p <= 'Z') *p = (char)(*p + 32);
  return true;
}

static bool is_loopback(const struct sockaddr_storage *ss) {
  if (ss->ss_family == AF_INET)
    return (ntohl(((const struct sockaddr_in *)ss)->sin_addr.s_addr) >> 24) == 127;
  if (ss->ss_family == AF_INET6) {
    const struct in6_addr *a = &((const struct sockaddr_in6 *)ss)->sin6_addr;
    if (IN6_IS_ADDR_LOOPBACK(a)) return true;
    if (IN6_IS_ADDR_V4MAPPED(a)) return a->s6_addr[12] == 127;
  }
  return false;
}

/* --allow-origin: scheme://host[:port], nothing after, never '*'. */
static bool origin_ok(const char *o) {
  const char *rest;
  if (!strncmp(o, "https://", 8)) rest = o + 8;
  else if (!strncmp(o, "http://", 7)) rest = o + 7;
  else return false;
  if (!*rest || strlen(o) > 200) return false;
  for (const char *p = rest; *p; p++) {
    char c = *p;
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
              c == ':' || c == '[' || c == ']';
    if (!ok) return false;
  }
  return true;
}

/* A token: printable ASCII without spaces, SERVE_TOKEN_MIN to _MAX bytes. */
static bool token_ok(const char *t, size_t n) {
  if (n < SERVE_TOKEN_MIN || n > SERVE_TOKEN_MAX) return false;
  for (size_t i = 0; i < n; i++)
    if (t[i] <= ' ' || t[i] > '~') return false;
  return true;
}

static int read_token(serve_config *c, const char *path) {
  char *t = NULL;
  size_t n = 0;
  if (path) {
    struct stat st;
    if (stat(path, &st) != 0) {
      fprintf(stderr, "%s %s: --token-file: cannot open: %s\n", prog, CMD, strerror(errno));
      return EXIT_IO;
    }
    if (st.st_mode & 077) {
      fprintf(stderr,
              "%s %s: --token-file is readable or writable by group or others: chmod 600 it\n",
              prog, CMD);
      return EXIT_USAGE;
    }
    if (!read_input(path, "--token-file", false, SERVE_TOKEN_MAX + 2, &t, &n)) return EXIT_IO;
  } else {
    const char *env = getenv("MYNAFORM_TOKEN");
    if (!env || !*env) return EXIT_OK;
    t = strdup(env);
    if (!t) return EXIT_INTERNAL;
    n = strlen(t);
  }
  while (n && (t[n - 1] == '\n' || t[n - 1] == '\r')) t[--n] = '\0';
  if (!token_ok(t, n)) {
    free(t);
    fprintf(stderr, "%s %s: the token (%s) must be %d to %d printable ASCII characters without spaces\n",
            prog, CMD, path ? "--token-file" : "MYNAFORM_TOKEN", SERVE_TOKEN_MIN, SERVE_TOKEN_MAX);
    return EXIT_USAGE;
  }
  c->token = t;
  c->token_len = n;
  return EXIT_OK;
}

/* systemd socket activation: the first passed descriptor, or -1. */
static int activated_socket(void) {
  const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
  unsigned long p, n;
  if (!pid || !fds || !parse_uint(pid, 1, 0x7fffffff, &p) || !parse_uint(fds, 1, 64, &n))
    return -1;
  if ((pid_t)p != getpid()) return -1;
  unsetenv("LISTEN_PID");
  unsetenv("LISTEN_FDS");
  unsetenv("LISTEN_FDNAMES");
  return 3; /* SD_LISTEN_FDS_START */
}

static void add_host(serve_config *c, const char *h) {
  if (c->n_hosts < SERVE_MAX_HOSTS) c->hosts[c->n_hosts++] = h;
}

static int write_port_file(const char *path, unsigned port) {
  char tmp[4096];
  if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) return -1;
  FILE *f = fopen(tmp, "w");
  if (!f) return -1;
  fprintf(f, "%u\n", port);
  if (fclose(f) != 0 || rename(tmp, path) != 0) {
    unlink(tmp);
    return -1;
  }
  return 0;
}

static int run(serve_config *c, struct sockaddr_storage *addr, int listen_fd,
               const char *port_file, char *cert, char *key) {
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
  if (listen_fd < 0 && addr->ss_family == AF_INET6) flags |= MHD_USE_IPv6;
  if (cert) flags |= MHD_USE_TLS;
  struct MHD_OptionItem opts[16];
  size_t n = 0;
  opts[n++] = (struct MHD_OptionItem){MHD_OPTION_THREAD_POOL_SIZE, c->threads, NULL};
  opts[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_LIMIT, c->max_connections, NULL};
  opts[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_TIMEOUT, c->timeout_s, NULL};
  /* 128 KiB a connection: headers plus buffers; bodies are ours (max_body) */
  opts[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_MEMORY_LIMIT, 128 * 1024, NULL};
  opts[n++] = (struct MHD_OptionItem){MHD_OPTION_STRICT_FOR_CLIENT, 1, NULL};
  opts[n++] = (struct MHD_OptionItem){MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)serve_completed, NULL};
  if (listen_fd >= 0)
    opts[n++] = (struct MHD_OptionItem){MHD_OPTION_LISTEN_SOCKET, listen_fd, NULL};
  else
    opts[n++] = (struct MHD_OptionItem){MHD_OPTION_SOCK_ADDR, 0, addr};
  if (cert) {
    opts[n++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT, 0, cert};
    opts[n++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0, key};
  }
  opts[n++] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};

  /* SIGTERM, SIGINT and SIGHUP are taken by sigwait below; the workers
   * inherit the mask, so no handler runs inside a render. */
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  signal(SIGPIPE, SIG_IGN);

  struct MHD_Daemon *d = MHD_start_daemon(flags, 0, NULL, NULL, serve_access, NULL,
                                          MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
  if (!d) {
    fprintf(stderr, "%s %s: cannot start the service (address in use, or a bad TLS "
                    "certificate or key?)%s%s\n",
            prog, CMD, errno ? ": " : "", errno ? strerror(errno) : "");
    return EXIT_IO;
  }
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
  unsigned port = info ? info->port : 0;
  if (port_file && write_port_file(port_file, port) != 0) {
    fprintf(stderr, "%s %s: cannot write --port-file: %s\n", prog, CMD, strerror(errno));
    MHD_stop_daemon(d);
    return EXIT_IO;
  }
  fprintf(stderr, "%s %s: listening on port %u (%s, %u threads)\n", prog, CMD, port,
          cert ? "HTTPS" : "HTTP", c->threads);

  int sig = 0;
  while (sigwait(&set, &sig) != 0) {
  }
  atomic_store(&serve_g.draining, true);
  fprintf(stderr, "%s %s: signal %d: draining\n", prog, CMD, sig);
  struct timespec tick = {0, 50 * 1000 * 1000};
  for (int i = 0; i < DRAIN_SECONDS * 20 && atomic_load(&serve_g.in_flight) > 0; i++)
    nanosleep(&tick, NULL);
  MHD_stop_daemon(d);
  fprintf(stderr, "%s %s: stopped\n", prog, CMD);
  return EXIT_OK;
}

int serve_main(int argc, char **argv) {
  serve_config c = {0};
  common_opts co = {0};
  const char *listen = NULL, *port_file = NULL, *token_file = NULL, *cert_path = NULL,
             *key_path = NULL, *clinic_path = NULL;
  unsigned long threads = 0, max_conn = 64, max_body = MYNA_LIMIT_DATA_BYTES, timeout = 10;
  unsigned long batch_records = 5000, batch_bytes = 8ul << 20;
  c.access_log = true;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-v") || !strcmp(a, "--verbose"))
      return usage_error(CMD, "--verbose is refused: the service never quotes card data");
    int cm = common_opt(&co, argc, argv, &i);
    if (cm < 0) return usage_error(CMD, "%s needs a value", a);
    if (cm > 0) continue;
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      help();
      return EXIT_OK;
    } else if (!strcmp(a, "--no-access-log")) {
      c.access_log = false;
      continue;
    }
    /* every other option takes a value */
    static const char *const valued[] = {"--listen", "--port-file", "--threads",
                                         "--max-connections", "--max-body", "--timeout",
                                         "--token-file", "--tls-cert", "--tls-key", "--clinic",
                                         "--allow-origin", "--allow-host", "--card-reader",
                                         "--batch-max-records", "--batch-max-bytes", NULL};
    bool known = false;
    for (size_t k = 0; valued[k]; k++) known |= !strcmp(a, valued[k]);
    if (!known) return unknown_option(CMD, argv, i);
    if (!v) return usage_error(CMD, "%s needs a value", a);
    i++;
    if (!strcmp(a, "--listen")) listen = v;
    else if (!strcmp(a, "--port-file")) port_file = v;
    else if (!strcmp(a, "--token-file")) token_file = v;
    else if (!strcmp(a, "--tls-cert")) cert_path = v;
    else if (!strcmp(a, "--tls-key")) key_path = v;
    else if (!strcmp(a, "--clinic")) clinic_path = v;
    else if (!strcmp(a, "--card-reader")) {
      if (!*v) return usage_error(CMD, "--card-reader needs a reader name or 'auto'");
      c.card_reader = v;
    }
    else if (!strcmp(a, "--threads")) {
      if (!parse_uint(v, 1, MAX_THREADS, &threads))
        return usage_error(CMD, "--threads needs a number from 1 to %d", MAX_THREADS);
    } else if (!strcmp(a, "--max-connections")) {
      if (!parse_uint(v, 1, 10000, &max_conn))
        return usage_error(CMD, "--max-connections needs a number from 1 to 10000");
    } else if (!strcmp(a, "--max-body")) {
      if (!parse_uint(v, 1, MYNA_LIMIT_DATA_BYTES, &max_body))
        return usage_error(CMD, "--max-body needs a number of bytes from 1 to %u",
                           MYNA_LIMIT_DATA_BYTES);
    } else if (!strcmp(a, "--batch-max-records")) {
      if (!parse_uint(v, 1, 20000, &batch_records))
        return usage_error(CMD, "--batch-max-records needs a number from 1 to 20000");
    } else if (!strcmp(a, "--batch-max-bytes")) {
      if (!parse_uint(v, 1, 1ul << 30, &batch_bytes))
        return usage_error(CMD, "--batch-max-bytes needs a number of bytes from 1 to %lu",
                           1ul << 30);
    } else if (!strcmp(a, "--timeout")) {
      if (!parse_uint(v, 1, 3600, &timeout))
        return usage_error(CMD, "--timeout needs a number of seconds from 1 to 3600");
    } else if (!strcmp(a, "--allow-origin")) {
      if (!origin_ok(v))
        return usage_error(CMD, "--allow-origin needs one exact origin such as "
                                "https://karte.example (scheme, host, optional port; never '*')");
      c.origin = v;
    } else if (!strcmp(a, "--allow-host")) {
      char name[256];
      if (!serve_host_name(v, name, sizeof name) || strcmp(name, v) != 0)
        return usage_error(CMD, "--allow-host needs a lower-case host name or address, no port");
      if (c.n_hosts + 4 >= SERVE_MAX_HOSTS)
        return usage_error(CMD, "--allow-host may be given at most %d times", SERVE_MAX_HOSTS - 4);
      add_host(&c, v);
    }
  }
  if (!cert_path != !key_path) return usage_error(CMD, "--tls-cert and --tls-key go together");

  int listen_fd = activated_socket();
  struct sockaddr_storage addr;
  static char listen_host[64];
  if (listen_fd >= 0) {
    socklen_t len = sizeof addr;
    if (getsockname(listen_fd, (struct sockaddr *)&addr, &len) != 0) {
      fprintf(stderr, "%s %s: LISTEN_FDS is set but descriptor 3 is not a socket\n", prog, CMD);
      return EXIT_IO;
    }
    listen_host[0] = '\0';
  } else if (!parse_listen(listen ? listen : SERVE_DEFAULT_ADDR ":8765", &addr, listen_host,
                           sizeof listen_host)) {
    return usage_error(CMD, "--listen needs ADDRESS:PORT such as 127.0.0.1:8765 or [::1]:8765");
  }

  int rc = read_token(&c, token_file);
  if (rc != EXIT_OK) return rc;
  if (!is_loopback(&addr) && !c.token) {
    free(c.token);
    return usage_error(CMD, "listening on an address other than loopback needs a token "
                            "(--token-file or MYNAFORM_TOKEN)");
  }
  if (!is_loopback(&addr) && !cert_path)
    fprintf(stderr, "%s %s: warning: not loopback and no --tls-cert: card data travels in plain "
                    "HTTP unless a TLS proxy is in front\n", prog, CMD);

  char *cert = NULL, *key = NULL;
  size_t cert_len = 0, key_len = 0;
  if (cert_path && (!read_input(cert_path, "--tls-cert file", false, 1u << 20, &cert, &cert_len) ||
                    !read_input(key_path, "--tls-key file", false, 1u << 20, &key, &key_len))) {
    free(cert);
    free(c.token);
    return EXIT_IO;
  }
  if (clinic_path && !read_input(clinic_path, "--clinic file", false, MYNA_LIMIT_DATA_BYTES,
                                 &c.clinic, &c.clinic_len)) {
    free(cert);
    free(key);
    free(c.token);
    return EXIT_IO;
  }

  add_host(&c, "localhost");
  add_host(&c, "127.0.0.1");
  add_host(&c, "::1");
  if (listen_host[0] && strcmp(listen_host, "0.0.0.0") && strcmp(listen_host, "::"))
    add_host(&c, listen_host);

  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  c.threads = threads ? (unsigned)threads : (unsigned)(cores < 1 ? 1 : cores > MAX_THREADS ? MAX_THREADS : cores);
  c.max_connections = (unsigned)max_conn;
  c.max_body = max_body;
  c.batch_max_records = batch_records;
  c.batch_max_bytes = batch_bytes;
  c.timeout_s = (unsigned)timeout;
  c.tls = cert_path != NULL;
  c.data_dir = co.data_dir;
  c.font_dir = co.font_dir;
  c.template_dir = co.template_dir;

  /* check the installation once; the service starts anyway and /health
   * answers 503 until fonts and templates are there */
  worker_ctx_setup(&c);
  myna_config mc = {0};
  mc.struct_size = sizeof mc;
  mc.data_dir = c.data_dir;
  mc.font_dir = c.font_dir;
  mc.template_dir = c.template_dir;
  myna_ctx *probe = NULL;
  myna_status st = myna_ctx_open(&mc, &probe);
  if (st != MYNA_OK) {
    fprintf(stderr, "%s %s: warning: %s; /health answers 503\n", prog, CMD,
            probe ? myna_ctx_errmsg(probe) : myna_status_str(st));
  } else if (c.clinic) {
    /* a bad --clinic would fail every notice: refuse it now */
    myna_render_opts ro = {0};
    ro.struct_size = sizeof ro;
    ro.clinic_json = c.clinic;
    ro.clinic_json_len = c.clinic_len;
    ro.flags = MYNA_RENDER_BLANK;
    unsigned char *pdf = NULL;
    size_t len = 0;
    st = myna_render_memory(probe, MYNA_DOC_NOTICE, NULL, 0, &ro, &pdf, &len);
    myna_free(pdf);
    if (st != MYNA_OK) {
      fprintf(stderr, "%s %s: --clinic file: %s\n", prog, CMD, myna_ctx_errmsg(probe));
      rc = exit_code_for(st);
      myna_ctx_free(probe);
      free(cert);
      free(key);
      free(c.token);
      free(c.clinic);
      return rc;
    }
  }
  myna_ctx_free(probe);

  serve_g.cfg = &c;
  rc = run(&c, &addr, listen_fd, port_file, cert, key);
  free(cert);
  free(key);
  free(c.token);
  free(c.clinic);
  return rc;
}
