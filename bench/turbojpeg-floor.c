/*
 * What libjpeg-turbo itself costs, without Java: for each size, a folder's NAME_WxH.jpg frames
 * (as ../shared/frames holds them) through the server's two TurboJPEG paths at quality 60, in C:
 * the pixel path (decode to gray, tjCompress2 from the gray pixels) and the lossless transform
 * (tjTransform, TJXOPT_GRAY). Prints the thread CPU time of each per frame (medians of rounds
 * that alternate the two) and their ratio: the floor under the Java pipeline's transcode ratio.
 *
 * Built and run by bench/turbojpeg-floor.sh. The few TurboJPEG 2.x declarations it needs are
 * written out here, so that the library's -dev package is not needed.
 */
#include <dirent.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef void *tjhandle;
typedef struct { int x, y, w, h; } tjregion;
typedef struct tjtransform {
  tjregion r;
  int op, options;
  void *data;
  int (*customFilter)(short *, tjregion, tjregion, int, int, struct tjtransform *);
} tjtransform;
tjhandle tjInitTransform(void);
tjhandle tjInitDecompress(void);
tjhandle tjInitCompress(void);
int tjTransform(tjhandle, const unsigned char *, unsigned long, int, unsigned char **,
                unsigned long *, tjtransform *, int);
int tjDecompressHeader3(tjhandle, const unsigned char *, unsigned long, int *, int *, int *, int *);
int tjDecompress2(tjhandle, const unsigned char *, unsigned long, unsigned char *, int, int, int,
                  int, int);
int tjCompress2(tjhandle, const unsigned char *, int, int, int, int, unsigned char **,
                unsigned long *, int, int, int);

enum { TJPF_GRAY = 6, TJSAMP_GRAY = 3, TJXOPT_GRAY = 8, TJXOPT_COPYNONE = 64 };
enum { TJFLAG_NOREALLOC = 1024, TJFLAG_STOPONWARNING = 8192 };
enum { MAX_FRAMES = 16, ROUNDS = 11, REPS = 100, OUT_BYTES = 16 << 20 };

static double cpu_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static int read_frames(const char *dir, const char *size, unsigned char **jpeg, unsigned long *len) {
  char suffix[64], path[4096];
  snprintf(suffix, sizeof suffix, "_%s.jpg", size);
  DIR *d = opendir(dir);
  if (!d) return 0;
  int n = 0;
  for (struct dirent *e; n < MAX_FRAMES && (e = readdir(d));) {
    size_t l = strlen(e->d_name), s = strlen(suffix);
    if (l <= s || strcmp(e->d_name + l - s, suffix)) continue;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    FILE *f = fopen(path, "rb");
    if (!f) continue;
    fseek(f, 0, SEEK_END);
    len[n] = ftell(f);
    rewind(f);
    jpeg[n] = malloc(len[n]);
    if (fread(jpeg[n], 1, len[n], f) == len[n]) n++;
    fclose(f);
  }
  closedir(d);
  return n;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "Usage: %s FRAMES_DIR WxH...\n", argv[0]);
    return 2;
  }
  /* libjpeg allocates each frame's coefficient arrays anew. Left to glibc's defaults, a
   * program this small gets them from mmap and gives them back every frame, paying a page fault
   * per page (20 µs each on a VM, 0.3 ms per 320x240 frame); the server's JVM keeps them in its
   * heap (a few hundred faults over 18,000 frames), so this program does too. */
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 128 << 20);
  tjhandle transformer = tjInitTransform(), decoder = tjInitDecompress(), encoder = tjInitCompress();
  unsigned char *out = malloc(OUT_BYTES);
  printf("| frame in and out | pixel path µs (C) | transform µs (C) | transform / pixel path |\n");
  printf("|---|---|---|---|\n");
  for (int s = 2; s < argc; s++) {
    unsigned char *jpeg[MAX_FRAMES];
    unsigned long len[MAX_FRAMES];
    int n = read_frames(argv[1], argv[s], jpeg, len), w, h, sub, cs;
    if (n == 0 || tjDecompressHeader3(decoder, jpeg[0], len[0], &w, &h, &sub, &cs)) {
      printf("| %s | no frames | | |\n", argv[s]);
      continue;
    }
    unsigned char *gray = malloc((size_t)w * h);
    tjtransform gray_transform = {.options = TJXOPT_GRAY | TJXOPT_COPYNONE};
    double pixels[ROUNDS], transform[ROUNDS], ratio[ROUNDS];
    for (int r = -2; r < ROUNDS; r++) { /* two rounds of warm-up */
      double t0 = cpu_us();
      for (int k = 0; k < REPS; k++) {
        unsigned char *o = out;
        unsigned long size = OUT_BYTES;
        int i = k % n;
        if (tjDecompress2(decoder, jpeg[i], len[i], gray, w, 0, h, TJPF_GRAY, TJFLAG_STOPONWARNING)
            || tjCompress2(encoder, gray, w, 0, h, TJPF_GRAY, &o, &size, TJSAMP_GRAY, 60,
                           TJFLAG_NOREALLOC)) {
          fprintf(stderr, "%s: the pixel path failed\n", argv[s]);
          return 1;
        }
      }
      double t1 = cpu_us();
      for (int k = 0; k < REPS; k++) {
        unsigned char *o = out;
        unsigned long size = OUT_BYTES;
        int i = k % n;
        if (tjTransform(transformer, jpeg[i], len[i], 1, &o, &size, &gray_transform,
                        TJFLAG_NOREALLOC | TJFLAG_STOPONWARNING)) {
          fprintf(stderr, "%s: the transform failed\n", argv[s]);
          return 1;
        }
      }
      double t2 = cpu_us();
      if (r >= 0) {
        pixels[r] = (t1 - t0) / REPS;
        transform[r] = (t2 - t1) / REPS;
        ratio[r] = transform[r] / pixels[r];
      }
    }
    qsort(pixels, ROUNDS, sizeof *pixels, by_value);
    qsort(transform, ROUNDS, sizeof *transform, by_value);
    qsort(ratio, ROUNDS, sizeof *ratio, by_value);
    printf("| %s | %.0f | %.0f | %.2f (rounds %.2f-%.2f) |\n", argv[s], pixels[ROUNDS / 2],
           transform[ROUNDS / 2], ratio[ROUNDS / 2], ratio[0], ratio[ROUNDS - 1]);
    free(gray);
  }
  return 0;
}
