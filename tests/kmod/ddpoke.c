// SPDX-License-Identifier: GPL-2.0
/*
 * ddpoke: test module that writes controller registers, to leave a
 * controller in a state the failed kernel could have left it in (an IOC
 * in fault, a handshake never finished) just before the crash, so the
 * scenarios reach a hook's last-resort recovery.  Nothing else can: the
 * guest has no /dev/mem access to a claimed BAR, and QEMU's emulation
 * never faults on its own.
 *
 *   insmod ddpoke.ko dev=0000:00:04.0 bar=1 off=0x0,0x44 val=0x40000000,0 \
 *                    times=1,300
 *
 * writes each val to its off (32-bit, in that order; times[i] times, 1
 * when not given: a FIFO register takes one entry per write) of the PCI
 * device's BAR, then stays loaded doing nothing.  With crash=1 it crashes the
 * kernel right after, as sysrq-c does (kernel.sysrq must allow it): the
 * driver gets no chance to see the state and recover first (mptbase looks
 * at its IOC every second).  With nomaster=1 it first turns the
 * function's bus mastering off, as NVMe's reset path (nvme_dev_disable())
 * does, so a crash lands where the controller cannot DMA.
 */
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/sysrq.h>

#define MAX_WRITES	8

static char *dev;
module_param(dev, charp, 0444);
MODULE_PARM_DESC(dev, "PCI device, domain:bus:slot.function");
static unsigned int bar;
module_param(bar, uint, 0444);
MODULE_PARM_DESC(bar, "BAR to write in");
static unsigned int off[MAX_WRITES];
static unsigned int nr_off;
module_param_array(off, uint, &nr_off, 0444);
MODULE_PARM_DESC(off, "register offsets");
static unsigned int val[MAX_WRITES];
static unsigned int nr_val;
module_param_array(val, uint, &nr_val, 0444);
MODULE_PARM_DESC(val, "values, one per offset");
static unsigned int times[MAX_WRITES];
static unsigned int nr_times;
module_param_array(times, uint, &nr_times, 0444);
MODULE_PARM_DESC(times, "how often to write each value (default 1)");
static bool nomaster;
module_param(nomaster, bool, 0444);
MODULE_PARM_DESC(nomaster, "turn the function's bus mastering off first");
static bool crash;
module_param(crash, bool, 0444);
MODULE_PARM_DESC(crash, "crash the kernel (sysrq c) right after the writes");

static int __init ddpoke_init(void)
{
	unsigned int domain, busnr, slot, fn, i, n, max = 0;
	struct pci_dev *pdev;
	void __iomem *regs;

	if (!dev || sscanf(dev, "%x:%x:%x.%x", &domain, &busnr, &slot, &fn) != 4 ||
	    nr_off != nr_val || nr_times > nr_off || bar >= PCI_STD_NUM_BARS)
		return -EINVAL;
	pdev = pci_get_domain_bus_and_slot(domain, busnr, PCI_DEVFN(slot, fn));
	if (!pdev)
		return -ENODEV;
	if (nomaster) {
		pr_info("ddpoke: %s bus mastering off\n", dev);
		pci_clear_master(pdev);
	}
	for (i = 0; i < nr_off; i++)
		max = max(max, off[i] + 4);
	regs = pci_iomap_range(pdev, bar, 0, max);
	if (!regs) {
		pci_dev_put(pdev);
		return -ENOMEM;
	}
	for (i = 0; i < nr_off; i++) {
		n = i < nr_times ? times[i] : 1;
		pr_info("ddpoke: %s BAR %u offset %#x <- %#x (%u times)\n", dev,
			bar, off[i], val[i], n);
		while (n--)
			writel(val[i], regs + off[i]);
	}
	if (crash)
		handle_sysrq('c');
	pci_iounmap(pdev, regs);
	pci_dev_put(pdev);
	return 0;
}

static void __exit ddpoke_exit(void)
{
}

module_init(ddpoke_init);
module_exit(ddpoke_exit);
MODULE_DESCRIPTION("diskdump test module: write controller registers");
MODULE_LICENSE("GPL");
