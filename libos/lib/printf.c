// SPDX-License-Identifier: MIT
/* Formatted output for libOS programs, buffered into one write to the
 * program's standard output (the console, or a pipe: lib/stdio.c) per line
 * (or per 256 bytes). */
#include "lib.h"
#include "spawn.h"
#include <stdarg.h>

struct out { char buf[256]; unsigned n; };

static void flush(struct out *o)
{
	if (o->n)
		stdout_write(o->buf, o->n);
	o->n = 0;
}

static void put(struct out *o, char c)
{
	o->buf[o->n++] = c;
	if (c == '\n' || o->n == sizeof o->buf)
		flush(o);
}

static void put_num(struct out *o, unsigned long v, unsigned base, int neg, int width, char pad)
{
	char b[24];
	int n = 0;
	do {
		b[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		b[n++] = '-';
	while (n < width && n < (int)sizeof b)
		b[n++] = pad;
	while (n > 0)
		put(o, b[--n]);
}

int printf(const char *fmt, ...)
{
	struct out o;
	o.n = 0;
	va_list ap;
	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		char pad = ' ';
		int width = 0, lng = 0, left = 0;
		if (*fmt == '-') {
			left = 1;
			fmt++;
		}
		if (*fmt == '0')
			pad = '0';
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l') {
			lng = 1;
			fmt++;
		}
		switch (*fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			int n = 0;
			while (s && s[n])
				n++;
			for (int i = n; !left && i < width; i++)
				put(&o, ' ');
			for (int i = 0; i < n; i++)
				put(&o, s[i]);
			for (int i = n; left && i < width; i++)
				put(&o, ' ');
			break;
		}
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case 'd': {
			long v = lng ? va_arg(ap, long) : va_arg(ap, int);
			put_num(&o, v < 0 ? 0ul - (unsigned long)v : (unsigned long)v, 10, v < 0, width, pad);
			break;
		}
		case 'u':
			put_num(&o, lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 10, 0, width, pad);
			break;
		case 'x':
			put_num(&o, lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 16, 0, width, pad);
			break;
		case '%':
			put(&o, '%');
			break;
		default:
			put(&o, '?');
		}
	}
	va_end(ap);
	flush(&o);
	return 0;
}

unsigned long strlen(const char *s)
{
	unsigned long n = 0;
	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		if (a[i] != b[i] || !a[i])
			return (unsigned char)a[i] - (unsigned char)b[i];
	}
	return 0;
}
