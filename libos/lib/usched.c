// SPDX-License-Identifier: MIT
/* A user-level scheduler over the slices this env holds (lib/usched.h). */
#include "lib.h"

#define STRIDE1 (1ul << 20)   /* stride = STRIDE1 / tickets */

void usched_init(struct usched *s, enum usched_policy p)
{
	s->policy = p;
	s->n = 0;
	s->next = 0;
	s->seed = 0x9e3779b97f4a7c15ul ^ (unsigned long)sys_ticks();
}

static unsigned long min_pass(const struct usched *s)
{
	unsigned long m = ~0ul;
	for (int i = 0; i < s->n; i++)
		if (s->pass[i] < m)
			m = s->pass[i];
	return s->n ? m : 0;
}

int usched_add(struct usched *s, long id, unsigned long tickets)
{
	if (s->n == USCHED_MAX || tickets == 0)
		return -1;
	unsigned long start = min_pass(s);   /* a newcomer starts level with the others */
	int i = s->n++;
	s->id[i] = id;
	s->tickets[i] = tickets;
	s->pass[i] = start;
	s->turns[i] = 0;
	return 0;
}

void usched_remove(struct usched *s, long id)
{
	for (int i = 0; i < s->n; i++)
		if (s->id[i] == id) {
			s->n--;
			s->id[i] = s->id[s->n];
			s->tickets[i] = s->tickets[s->n];
			s->pass[i] = s->pass[s->n];
			s->turns[i] = s->turns[s->n];
			return;
		}
}

static unsigned long rnd(struct usched *s)
{
	s->seed ^= s->seed << 13;
	s->seed ^= s->seed >> 7;
	s->seed ^= s->seed << 17;
	return s->seed;
}

static int pick(struct usched *s)
{
	if (s->n == 0)
		return -1;
	switch (s->policy) {
	case US_ROUND_ROBIN:
		s->next = (s->next + 1) % s->n;
		return s->next;
	case US_STRIDE: {
		int best = 0;
		for (int i = 1; i < s->n; i++)
			if (s->pass[i] < s->pass[best])
				best = i;
		return best;
	}
	case US_LOTTERY: {
		unsigned long total = 0;
		for (int i = 0; i < s->n; i++)
			total += s->tickets[i];
		unsigned long w = rnd(s) % total;
		for (int i = 0; i < s->n; i++) {
			if (w < s->tickets[i])
				return i;
			w -= s->tickets[i];
		}
	}
	}
	return 0;
}

int usched_turn(struct usched *s)
{
	for (int tries = 0; tries <= s->n; tries++) {
		int i = pick(s);
		if (i < 0)
			return -1;
		long r = sys_yield(s->id[i]);
		if (r == E_OK) {
			/* we run again at the start of one of our next slices */
			s->turns[i]++;
			s->pass[i] += STRIDE1 / s->tickets[i];
			return i;
		}
		if (r == E_STALE || r == E_INVAL)
			usched_remove(s, s->id[i]);   /* gone */
		else
			s->pass[i] += STRIDE1 / s->tickets[i];   /* blocked: skip it */
	}
	return -1;
}
