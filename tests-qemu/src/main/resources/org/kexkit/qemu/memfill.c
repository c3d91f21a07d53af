/*
 * Fills memory with a realistic mix for the benchmark guests: a quarter of the pages zero (touched,
 * so they are allocated), a fifth random (incompressible), the rest text-like (words from a
 * small vocabulary, compressing about 3:1 as logs and source do).
 *   memfill anon MIB        allocate and fill anonymous memory, print "filled", then sleep
 *   memfill file PATH MIB   write a file of that mix (page cache or tmpfs)
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096

static unsigned long long state = 0x9e3779b97f4a7c15ULL;

static unsigned long long next(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static const char *words[] = {
	"kernel", "page", "struct", "memory", "task", "return", "static", "unsigned", "long", "int",
	"error", "device", "buffer", "cache", "free", "the", "of", "and", "to", "in", "0x", "if",
	"else", "for", "while", "mutex", "lock", "spin", "irq", "cpu", "node", "zone", "slab", "inode",
};

static void fill(unsigned char *p)
{
	unsigned long long r = next() % 100;
	if (r < 25) {
		p[0] = 0; /* zero page, but touched */
		return;
	}
	if (r < 45) {
		for (int i = 0; i < PAGE; i += 8) {
			unsigned long long v = next();
			memcpy(p + i, &v, 8);
		}
		return;
	}
	int at = 0;
	while (at < PAGE) {
		unsigned long long v = next();
		const char *w = words[v % (sizeof(words) / sizeof(words[0]))];
		int n = strlen(w);
		for (int i = 0; i < n && at < PAGE; i++)
			p[at++] = w[i];
		if (at < PAGE)
			p[at++] = (v >> 32) % 9 == 0 ? '\n' : ' ';
	}
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "anon") == 0) {
		size_t bytes = (size_t)atol(argv[2]) << 20;
		unsigned char *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED) {
			perror("mmap");
			return 1;
		}
		for (size_t o = 0; o < bytes; o += PAGE)
			fill(m + o);
		printf("filled %s MiB\n", argv[2]);
		fflush(stdout);
		for (;;)
			pause();
	}
	if (argc == 4 && strcmp(argv[1], "file") == 0) {
		int fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0) {
			perror(argv[2]);
			return 1;
		}
		static unsigned char page[PAGE];
		long pages = atol(argv[3]) * (1 << 20) / PAGE;
		for (long i = 0; i < pages; i++) {
			memset(page, 0, PAGE);
			fill(page);
			if (write(fd, page, PAGE) != PAGE) {
				perror("write");
				return 1;
			}
		}
		return close(fd) == 0 ? 0 : 1;
	}
	fprintf(stderr, "usage: memfill anon MIB | memfill file PATH MIB\n");
	return 2;
}
