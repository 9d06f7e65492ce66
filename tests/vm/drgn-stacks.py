#!/usr/bin/python3
"""drgn's view of a vmcore's stacks, for check-crash to judge.

Usage: drgn-stacks.py VMLINUX VMCORE [MODULE.ko...]

The modules given (built here, with their debug info) are loaded where the
vmcore has them, so their frames are named and unwound through; any other
module's frames are named from its symbol table in the dumped memory
(kallsyms), as crash names them, but cannot be unwound through.

Runs under the judges' python3-drgn.  Prints, one per line:
  crashed CPU PID COMM          the crashed thread drgn finds
  frame crashed N NAME          its stack, innermost first
  cpu CPU PID COMM ok N         that online CPU's current task unwound
  frame cpu:CPU N NAME            to N frames (listed as above)
  cpu CPU PID COMM error MSG    or could not be unwound, and why
  error MSG                     drgn could not get that far
A frame drgn has no name for is printed as its program counter.
Exit status 0 when it got through, whatever it found; check-crash judges.
"""

import sys

import drgn
from drgn.helpers.linux.cpumask import for_each_online_cpu
from drgn.helpers.linux.kallsyms import load_module_kallsyms
from drgn.helpers.linux.sched import cpu_curr


def frame_name(prog, frame):
    name = getattr(frame, "name", None)
    if name:
        return name
    try:
        return prog.symbol(frame.pc).name
    except (LookupError, ValueError):
        return hex(frame.pc)


def print_trace(prog, label, trace):
    for i, frame in enumerate(trace):
        print(f"frame {label} {i} {frame_name(prog, frame)}")


def task_words(task):
    comm = task.comm.string_().decode(errors="replace").replace(" ", "_")
    return f"{task.pid.value_()} {comm or '-'}"


def main():
    vmlinux, vmcore = sys.argv[1:3]
    prog = drgn.Program()
    prog.set_core_dump(vmcore)
    try:
        prog.load_debug_info([vmlinux] + sys.argv[3:])
    except drgn.MissingDebugInfoError:
        # Debian's own modules have no debug info here: vmlinux counts.
        pass
    try:
        prog.register_symbol_finder(
            "module_kallsyms", load_module_kallsyms(prog), enable_index=-1
        )
    except Exception as e:
        print(f"# no module symbols from kallsyms: {e}".replace("\n", " "))

    try:
        thread = prog.crashed_thread()
        task = thread.object
        cpu = task.cpu.value_() if hasattr(task, "cpu") else task.thread_info.cpu.value_()
        print(f"crashed {cpu} {task_words(task)}")
        print_trace(prog, "crashed", thread.stack_trace())
    except Exception as e:  # drgn raises several kinds; each is a verdict
        print(f"crashed error {type(e).__name__}: {e}".replace("\n", " "))

    for cpu in for_each_online_cpu(prog):
        task = cpu_curr(prog, cpu)
        try:
            trace = prog.stack_trace(task)
            print(f"cpu {cpu} {task_words(task)} ok {len(trace)}")
            print_trace(prog, f"cpu:{cpu}", trace)
        except Exception as e:
            msg = f"{type(e).__name__}: {e}".replace("\n", " ")
            print(f"cpu {cpu} {task_words(task)} error {msg}")


if __name__ == "__main__":
    try:
        main()
    except Exception as e:
        print(f"error {type(e).__name__}: {e}".replace("\n", " "))
