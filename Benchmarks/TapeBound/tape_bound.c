// The floor for a per-scalar gradient tape on this machine, in plain C: what recording 24-byte
// entries (as Slope's TapeEntry<Double>) and sweeping them cost at best, next to the primal.
// It shows why a tape of one entry per scalar operation cannot come within 4x of a vectorized
// primal on the extended Rosenbrock function (n = 10 000, 8 operations per term).
//
//   cc -O2 -o /tmp/tape_bound Benchmarks/TapeBound/tape_bound.c && /tmp/tape_bound
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct { int first, second; double firstPartial, secondPartial; } Entry;
typedef struct { Entry *entries; long count, capacity; } Storage;

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }

// Entries stored with the count in a register: only the stores (the compiler barrier keeps them).
__attribute__((noinline)) static void storeOnly(Entry *e, long n) {
    for (long c = 1; c <= n; c++) { e[c] = (Entry){(int)c - 1, 0, 1.0, 0.0}; __asm__ volatile("" ::: "memory"); }
}

// As Slope records: the count is loaded, checked and stored through memory on every operation,
// because each value reaches the tape through its own pointer.
__attribute__((noinline)) static void record(Storage *s, long n) {
    for (long i = 0; i < n; i++) {
        volatile Storage *v = s;
        long c = v->count;
        if (c == v->capacity) abort();
        v->entries[c] = (Entry){(int)c - 1, 0, 1.0, 0.0};
        v->count = c + 1;
    }
}

__attribute__((noinline)) static void sweep(const Entry *e, double *a, long n) {
    for (long i = n - 1; i > 0; i--) {
        double g = a[i];
        Entry entry = e[i];
        a[entry.first] += g * entry.firstPartial;
        if (entry.second) a[entry.second] += g * entry.secondPartial;
    }
}

__attribute__((noinline)) static double rosenbrock(const double *x, long n) {
    double sum = 0;
    for (long i = 0; i + 1 < n; i++) { double a = 1 - x[i], b = x[i + 1] - x[i] * x[i]; sum += a * a + 100 * b * b; }
    return sum;
}

static Entry *tape; static int count = 1;
static int add(int first, double p, int second, double q) { tape[count] = (Entry){first, second, p, q}; return count++; }

int main(void) {
    enum { n = 10000, repetitions = 300 };
    double *x = malloc(n * sizeof *x);
    for (int i = 0; i < n; i++) x[i] = (i % 7) * 0.3 - 1;
    // The tape Slope records for the Rosenbrock function: n inputs, then 8 entries per term.
    tape = malloc(10 * n * sizeof *tape);
    tape[0] = (Entry){0, 0, 0, 0};
    int sum = 0;
    for (int i = 0; i < n; i++) add(0, 0, 0, 0);
    for (int i = 0; i + 1 < n; i++) {
        int xi = i + 1, next = i + 2;
        int a = add(xi, -1, 0, 0), xx = add(xi, 2 * x[i], 0, 0), b = add(next, 1, xx, -1), aa = add(a, 2, 0, 0);
        int hb = add(b, 100, 0, 0), hbb = add(hb, 0.5, b, 100), t = add(aa, 1, hbb, 1);
        sum = sum ? add(sum, 1, t, 1) : add(t, 1, 0, 0);
    }
    long entries = count;
    Storage storage = {malloc(entries * sizeof(Entry)), 1, entries};
    double *adjoint = malloc(entries * sizeof *adjoint);
    double best[4] = {1e9, 1e9, 1e9, 1e9}, sink = 0;
    for (int r = 0; r < repetitions; r++) {
        double t = now(); sink += rosenbrock(x, n); t = now() - t; if (t < best[0]) best[0] = t;
        t = now(); storeOnly(storage.entries, entries - 1); t = now() - t; if (t < best[1]) best[1] = t;
        storage.count = 1; t = now(); record(&storage, entries - 1); t = now() - t; if (t < best[2]) best[2] = t;
        t = now(); memset(adjoint, 0, entries * sizeof *adjoint); adjoint[sum] = 1; sweep(tape, adjoint, entries);
        t = now() - t; if (t < best[3]) best[3] = t;
    }
    const char *names[4] = {"primal (C, auto-vectorized)", "store entries, count in a register",
                            "record (count through memory)", "zero adjoints + reverse sweep"};
    printf("Rosenbrock n = %d: %ld tape entries of %zu bytes (best of %d)\n", n, entries - 1, sizeof(Entry), repetitions);
    for (int k = 0; k < 4; k++)
        printf("  %-38s %8.1f us  %5.2f ns/entry  %6.1fx primal\n", names[k], best[k] * 1e6,
               best[k] / entries * 1e9, best[k] / best[0]);
    printf("  floor for record + sweep: %.1fx primal (checksum %g)\n", (best[2] + best[3]) / best[0], sink + adjoint[1]);
    return 0;
}
