// SPDX-License-Identifier: MIT
/* Exit status travels to the parent: the runner expects 7. */
#include "../lib/lib.h"

int main(void)
{
	sys_exit(7);
}
