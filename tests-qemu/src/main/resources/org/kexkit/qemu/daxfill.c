/*
 * Writes a file of a known pattern through a shared mapping, so that on a filesystem mounted
 * -o dax every page is a pmem page the kernel maps into the file (its struct page then records the
 * file's mapping and index, the reverse map a dump of pmem metadata must keep).
 *   daxfill PATH PAGES SEED
 * Page i starts with "KEXKIT-PMEM-PATTERN SEED i" and is filled with bytes of i and SEED.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: daxfill PATH PAGES SEED\n");
		return 2;
	}
	long pages = atol(argv[2]);
	unsigned long seed = strtoul(argv[3], NULL, 0);
	int fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, pages * PAGE) != 0) {
		perror(argv[1]);
		return 1;
	}
	unsigned char *map = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	for (long i = 0; i < pages; i++) {
		unsigned char *p = map + i * PAGE;
		for (int j = 0; j < PAGE; j++)
			p[j] = (unsigned char)(i * 31 + j * 7 + seed);
		snprintf((char *)p, 64, "KEXKIT-PMEM-PATTERN %lu %ld", seed, i);
	}
	if (msync(map, pages * PAGE, MS_SYNC) != 0) {
		perror("msync");
		return 1;
	}
	munmap(map, pages * PAGE);
	close(fd);
	return 0;
}
