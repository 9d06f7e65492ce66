/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The panic notifier's entry: record the caller's registers, then go on in
 * C.  crash unwinds the panicking CPU from the registers in its NT_PRSTATUS
 * note with the kernel's ORC tables, which cover vmlinux but not this
 * module; registers taken inside the module leave it guessing from stale
 * stack words.  Taken here, at the call, they are exactly those of the
 * kernel's notifier_call_chain() the moment this notifier returns: return
 * address as RIP, the stack pointer above it, callee-saved registers not
 * yet touched.  From there the unwind runs through panic() to the crash
 * site on kernel text alone.
 */
#include <linux/linkage.h>
#include <asm/ptrace-abi.h>

	.text
/* int dd_panic_entry(struct notifier_block *nb, unsigned long event, void *msg) */
SYM_FUNC_START(dd_panic_entry)
	movq	%r15, dd_caller_regs+R15(%rip)
	movq	%r14, dd_caller_regs+R14(%rip)
	movq	%r13, dd_caller_regs+R13(%rip)
	movq	%r12, dd_caller_regs+R12(%rip)
	movq	%rbp, dd_caller_regs+RBP(%rip)
	movq	%rbx, dd_caller_regs+RBX(%rip)
	movq	(%rsp), %rax
	movq	%rax, dd_caller_regs+RIP(%rip)
	leaq	8(%rsp), %rax
	movq	%rax, dd_caller_regs+RSP(%rip)
	jmp	dd_panic_event
SYM_FUNC_END(dd_panic_entry)
