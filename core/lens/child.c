/*
 * child.c - lens runs in watched child processes.
 *
 * The parent forks one child per job once the analysis is built (a job
 * may be held back until a part of it is: see lens_jobs.ready), so the
 * child reads the engine's data (copy-on-write) without a copy. The child
 * runs with RLIMIT_CPU and RLIMIT_AS, writes its answer into a pipe and
 * leaves with _exit. The parent reads every pipe, kills a child with
 * SIGKILL when its wall-clock time runs out (the time limit plus a short
 * grace, so that the in-process hook of the lens host can stop a Lua loop
 * first with a better message), reaps every child, and closes every pipe.
 *
 * The parent may be multithreaded (watch runs the analysis in a worker
 * thread; analyze starts and reads the children from a thread of its own
 * while it writes the report's other parts): the child only runs the lens (Lua, the lens API,
 * malloc), writes to its pipe and calls _exit. It never touches the event loop or the state
 * database of the parent, and never runs atexit handlers.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "../util/toolbox.h"
#include "lens_internal.h"

/* AddressSanitizer reserves terabytes of address space: RLIMIT_AS would stop it at start. */
#if defined(__SANITIZE_ADDRESS__)
#define SN_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SN_ASAN 1
#endif
#endif
#ifndef SN_ASAN
#define SN_ASAN 0
#endif

#define MAX_CHILDREN 64
#define READ_CHUNK 65536

typedef struct kid {
    size_t job;
    pid_t pid;
    int fd; /* read end; -1 once at its end */
    double t0, deadline;
    int killed; /* 0, or why we killed it: 1 time, 2 too much output */
    int reaped, status;
    char *buf;
    size_t len, cap;
} kid;

/* The wall-clock time a child gets past the time limit before SIGKILL. */
static double grace(double timeout)
{
    double g = 0.5 + timeout / 10;
    return g < 1.5 ? g : 1.5;
}

/* The process's address space in bytes (0 when unknown); only read() and open(). */
static size_t address_space(void)
{
    char buf[128];
    int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    unsigned long long pages = strtoull(buf, NULL, 10);
    long page = sysconf(_SC_PAGESIZE);
    return (size_t)pages * (size_t)(page > 0 ? page : 4096);
}

static void write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        p += w;
        n -= (size_t)w;
    }
}

/* In the child: limits, the job, the answer into fd, _exit. Never returns. */
static void child_main(const lens_jobs *jobs, size_t i, int fd, pid_t parent, int cap_as,
                       double slack)
{
    static const int sigs[] = {SIGINT,  SIGTERM, SIGHUP,  SIGQUIT, SIGPIPE,
                               SIGUSR1, SIGUSR2, SIGCHLD, SIGXCPU};
    /* the parent's handlers (the event loop's signal pipe) are not ours */
    for (size_t k = 0; k < sizeof sigs / sizeof sigs[0]; k++)
        signal(sigs[k], SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(125);
#else
    (void)parent;
#endif
    /*
     * The report may be half written in the parent's stdout buffer (the
     * lenses run beside it): this copy of it is never ours to write. _exit
     * does not flush it, but valgrind runs libc's cleanup at any exit.
     */
    __fpurge(stdout);
    int threads = sni_threads();
    double wall = jobs->timeout + slack + grace(jobs->timeout);
    struct rlimit rl;
    /* threads of the lens API (tie details, activity) add up their CPU time */
    rl.rlim_cur = (rlim_t)ceil(wall * threads) + 1;
    rl.rlim_max = rl.rlim_cur + 2;
    setrlimit(RLIMIT_CPU, &rl);
    if (cap_as) {
        /*
         * Not under AddressSanitizer or valgrind (cap_as is 0 there): both
         * reserve far more address space than they use. The margin covers
         * thread stacks and malloc arenas of the lens API's worker threads.
         */
        size_t vm = address_space();
        size_t margin = ((size_t)512 << 20) + (size_t)threads * ((size_t)72 << 20);
        if (vm && getrlimit(RLIMIT_AS, &rl) == 0) {
            rlim_t want = (rlim_t)(vm + jobs->memory_bytes + margin);
            if (rl.rlim_max == RLIM_INFINITY || want < rl.rlim_max) {
                rl.rlim_cur = rl.rlim_max = want;
                setrlimit(RLIMIT_AS, &rl);
            }
        }
    }
    char *out = NULL;
    size_t len = 0;
    if (jobs->run(jobs->ud, i, &out, &len) != 0)
        _exit(4);
    write_all(fd, out, len);
    free(out);
    close(fd);
    _exit(0);
}

/* Start job i in a child; on failure, done() is called at once. */
static int start(const lens_jobs *jobs, size_t i, kid *k, int cap_as)
{
    int fds[2];
    char why[300];
    memset(k, 0, sizeof *k);
    k->job = i;
    k->fd = -1;
    if (pipe2(fds, O_CLOEXEC) != 0) {
        snprintf(why, sizeof why, "cannot start its process: pipe: %s", strerror(errno));
        jobs->done(jobs->ud, i, NULL, 0, why, 0);
        return -1;
    }
    pid_t parent = getpid();
    double slack = jobs->slack ? jobs->slack(jobs->ud, i) : 0;
    double t0 = sni_clock_mono();
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(why, sizeof why, "cannot start its process: fork: %s", strerror(errno));
        close(fds[0]);
        close(fds[1]);
        jobs->done(jobs->ud, i, NULL, 0, why, 0);
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        child_main(jobs, i, fds[1], parent, cap_as, slack);
    }
    close(fds[1]);
    k->pid = pid;
    k->fd = fds[0];
    k->t0 = t0;
    k->deadline = t0 + jobs->timeout + slack + grace(jobs->timeout);
    return 0;
}

/* Read what the child has sent; close at the end. */
static void drain(kid *k, size_t max_out)
{
    if (k->cap - k->len < READ_CHUNK) {
        size_t cap = k->cap ? k->cap * 2 : READ_CHUNK * 2;
        char *b = realloc(k->buf, cap);
        if (!b) {
            close(k->fd);
            k->fd = -1;
            return;
        }
        k->buf = b;
        k->cap = cap;
    }
    ssize_t n = read(k->fd, k->buf + k->len, k->cap - k->len);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (n <= 0) {
        close(k->fd);
        k->fd = -1;
        return;
    }
    k->len += (size_t)n;
    if (k->len > max_out && !k->killed) {
        kill(k->pid, SIGKILL);
        k->killed = 2;
    }
}

static void finish(const lens_jobs *jobs, kid *k, size_t max_out)
{
    char why[300];
    double seconds = sni_clock_mono() - k->t0;
    const char *failure = why;
    int st = k->status;
    if (k->killed == 1)
        snprintf(why, sizeof why, "killed after %.1f s: time limit of %g s reached", seconds,
                 jobs->timeout);
    else if (k->killed == 2)
        snprintf(why, sizeof why, "killed: it returned more than %zu MB of findings",
                 max_out >> 20);
    else if (k->reaped < 0)
        snprintf(why, sizeof why, "its process ended with an unknown status");
    else if (WIFSIGNALED(st) && WTERMSIG(st) == SIGXCPU)
        snprintf(why, sizeof why, "killed after %.1f s: CPU time limit reached", seconds);
    else if (WIFSIGNALED(st))
        snprintf(why, sizeof why, "crashed: signal %d (%s)", WTERMSIG(st), strsignal(WTERMSIG(st)));
    else if (WIFEXITED(st) && WEXITSTATUS(st) != 0)
        snprintf(why, sizeof why, "its process exited with status %d", WEXITSTATUS(st));
    else
        failure = NULL;
    jobs->done(jobs->ud, k->job, k->buf, k->len, failure, seconds);
    free(k->buf);
    k->buf = NULL;
}

int sni_lens_under_valgrind(void)
{
    const char *pre = getenv("LD_PRELOAD");
    return pre && strstr(pre, "vgpreload") != NULL;
}

/* Read the wake pipe empty (it is non-blocking). */
static void wake_drain(int fd)
{
    char b[64];
    while (read(fd, b, sizeof b) > 0)
        ;
}

void sni_lens_children_run(const lens_jobs *jobs)
{
    kid kids[MAX_CHILDREN];
    int par = sni_threads();
    if (par < 1)
        par = 1;
    if (par > MAX_CHILDREN)
        par = MAX_CHILDREN;
    int cap_as = !SN_ASAN && !sni_lens_under_valgrind();
    size_t max_out = 2 * jobs->memory_bytes + ((size_t)1 << 20);
    /*
     * Jobs not yet started (or skipped), on the stack: a child's copy of a
     * heap block held only here would count as lost under valgrind. Past
     * its size (never with real lens lists) jobs start in order, none held
     * (a lens that starts early still finds the same).
     */
    unsigned char todo_buf[1024];
    unsigned char *todo = jobs->n <= sizeof todo_buf ? todo_buf : NULL;
    int (*ready)(void *, size_t) = todo ? jobs->ready : NULL;
    int wake = ready && jobs->wake_fd >= 0 ? jobs->wake_fd : -1;
    size_t first = 0, left = jobs->n; /* the first job perhaps not started, and how many are not */
    int active = 0;
    if (todo)
        memset(todo, 1, jobs->n);
    for (;;) {
        for (size_t i = first; i < jobs->n && active < par; i++) {
            if (todo && !todo[i])
                continue;
            if (!jobs->wanted(jobs->ud, i)) {
                if (todo)
                    todo[i] = 0;
                left--;
            } else if (!ready || ready(jobs->ud, i)) {
                if (todo)
                    todo[i] = 0;
                left--;
                if (start(jobs, i, &kids[active], cap_as) == 0)
                    active++;
            }
            if (!todo || (i == first && !todo[i]))
                first = i + 1;
        }
        if (active == 0 && left == 0)
            break;
        struct pollfd pf[MAX_CHILDREN + 1];
        int map[MAX_CHILDREN], np = 0;
        /* nothing runs: sleep until the held jobs may start (or, without a pipe, look again) */
        double t = sni_clock_mono(), wait = active ? 0.1 : wake >= 0 ? 1.0 : 0.005;
        for (int k = 0; k < active; k++) {
            if (kids[k].fd >= 0) {
                pf[np].fd = kids[k].fd;
                pf[np].events = POLLIN;
                pf[np].revents = 0;
                map[np++] = k;
            }
            if (!kids[k].killed && kids[k].deadline - t < wait)
                wait = kids[k].deadline - t;
            if (kids[k].fd < 0 && !kids[k].reaped && wait > 0.001)
                wait = 0.001; /* at its end, about to exit */
        }
        int nk = np;
        if (left > 0 && wake >= 0) {
            pf[np].fd = wake;
            pf[np].events = POLLIN;
            pf[np++].revents = 0;
        }
        int ms = wait > 0 ? (int)(wait * 1000) + 1 : 0;
        if (poll(pf, (nfds_t)np, ms) > 0) {
            for (int p = 0; p < nk; p++)
                if (pf[p].revents)
                    drain(&kids[map[p]], max_out);
            if (np > nk && pf[nk].revents)
                wake_drain(wake);
        }
        t = sni_clock_mono();
        for (int k = 0; k < active; k++) {
            kid *c = &kids[k];
            if (!c->reaped) {
                pid_t w = waitpid(c->pid, &c->status, WNOHANG);
                if (w == c->pid)
                    c->reaped = 1;
                else if (w < 0 && errno != EINTR)
                    c->reaped = -1;
            }
            if (!c->reaped && !c->killed && t >= c->deadline) {
                kill(c->pid, SIGKILL);
                c->killed = 1;
            }
        }
        for (int k = 0; k < active;) {
            if (kids[k].reaped && kids[k].fd < 0) {
                finish(jobs, &kids[k], max_out);
                kids[k] = kids[--active];
            } else {
                k++;
            }
        }
    }
}
