/*
 * LD_PRELOAD shim for test kernels built without CONFIG_NET (the tinyconfig KHO kernel): the JDK's
 * sun.nio.ch.FileDispatcherImpl creates an AF_UNIX socketpair once, only to have a descriptor to
 * dup2() over files it closes. Without networking socketpair(2) fails with ENOSYS and every
 * FileChannel in the JVM fails with it. A pipe serves the same purpose: reads from a pipe with
 * no writer end at EOF, as from a socket whose peer is closed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

int socketpair(int domain, int type, int protocol, int sv[2])
{
	long r = syscall(SYS_socketpair, domain, type, protocol, sv);

	if (r == 0 || errno != ENOSYS || domain != AF_UNIX)
		return (int)r;
	return pipe2(sv, (type & SOCK_CLOEXEC) ? O_CLOEXEC : 0);
}
