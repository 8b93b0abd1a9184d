/* SPDX-License-Identifier: MIT */
/*
 * Error codes returned by every system call (ABI shared with libOSes).
 * A call returns a non-negative value on success and one of these negated
 * codes on failure.  E__COUNT is the sentinel: every code is in
 * [-E__COUNT + 1, -1].
 */
#ifndef UAPI_ERRNO_H
#define UAPI_ERRNO_H

#define E_OK        0
#define E_INVAL    (-1)   /* malformed argument (bad type, bad slot, ...)   */
#define E_NOSYS    (-2)   /* unknown system-call number                     */
#define E_FAULT    (-3)   /* pointer/length outside the caller's user range,
                             wrapping around, or not mapped as required     */
#define E_BUSY     (-4)   /* resource already in use (owned page, used slot)*/
#define E_RANGE    (-5)   /* physical page number beyond the page table     */
#define E_RESERVED (-6)   /* page is kernel-reserved or not RAM             */
#define E_PERM     (-7)   /* caller does not own / may not use the resource */
#define E_STALE    (-8)   /* env id names a dead env or an older generation */
#define E_NOENT    (-9)   /* no such object (module index, ...)             */
#define E_NOMEM    (-10)  /* bootstrap loader ran out of free pages         */
#define E_AGAIN    (-11)  /* work left (revocation sweep): call again        */
#define E_REFUSED  (-12)  /* the callee accepts no calls (SYS_IPC_ENTRY)     */
#define E_MINIMUM  (-13)  /* would take a victim below its guaranteed minimum
                             (uapi/revoke.h)                              */
#define E__COUNT    14    /* sentinel: number of codes including E_OK       */

#endif
