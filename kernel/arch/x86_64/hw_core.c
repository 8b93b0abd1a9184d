// SPDX-License-Identifier: MIT
/* Bodies of the hardware hooks the verified core calls (kernel/core/hw.h). */
#include "../../core/hw.h"
#include "hw.h"

void hw_tlb_flush(void)
{
	hw_write_cr3(hw_read_cr3());   /* drops every non-global TLB entry */
}
