/* SPDX-License-Identifier: MIT */
/*
 * A user-level scheduler on top of the slice vector (lib/usched.c),
 * included by lib.h.  The kernel gives this env its slices; inside each,
 * the libOS decides which of its children runs, by a directed yield of
 * the rest of the slice.  Three policies: round robin, stride (Waldspurger
 * and Weihl) and lottery, both by tickets.
 */
#ifndef LIBOS_USCHED_H
#define LIBOS_USCHED_H

#define USCHED_MAX 16

enum usched_policy { US_ROUND_ROBIN, US_STRIDE, US_LOTTERY };

struct usched {
	enum usched_policy policy;
	int n;
	long id[USCHED_MAX];               /* env ids */
	unsigned long tickets[USCHED_MAX];
	unsigned long pass[USCHED_MAX];    /* stride: virtual time */
	unsigned long turns[USCHED_MAX];   /* slices given to each */
	int next;                          /* round robin: the next one */
	unsigned long seed;                /* lottery */
};

void usched_init(struct usched *s, enum usched_policy p);
int usched_add(struct usched *s, long id, unsigned long tickets);   /* 0, or -1: full */
void usched_remove(struct usched *s, long id);
/* Pick the next env by the policy and give it the rest of this slice.
 * Returns its index, or -1 (nobody left: every member gone or blocked). */
int usched_turn(struct usched *s);
#endif
