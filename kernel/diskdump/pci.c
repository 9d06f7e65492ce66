// SPDX-License-Identifier: GPL-2.0
/*
 * The controller's PCI function at takeover: present, powered (D0),
 * decoding its BARs and mastering the bus.  The failed kernel may have
 * left it otherwise: NVMe's reset path clears bus mastering
 * (nvme_dev_disable()), and a function in D3hot reads all ones.  While
 * armed, the core holds a runtime-PM reference so the controller is not
 * suspended under it (arm.c); at panic this checks, and turns memory
 * decode and bus mastering back on where they were turned off.
 *
 * Config space is reached through configuration mechanism #1, the ports
 * 0xcf8/0xcfc, directly: the PCI core's accessors take x86's
 * pci_config_lock, which a CPU stopped at panic may hold, and the
 * stopped CPUs never touch the ports again.  PCI domain 0 only (the
 * ports reach no other); elsewhere nothing is looked at.  Hooks that
 * must restore config space themselves (cciss, after a doorbell reset)
 * use the same accessors.
 */
#define pr_fmt(fmt) "diskdump: " fmt

#include <linux/io.h>
#include <linux/pci.h>
#include <linux/printk.h>

#include "diskdump.h"

#define DD_CONF1_ADDRESS	0xcf8
#define DD_CONF1_DATA		0xcfc

bool dd_pci_cfg_reachable(struct pci_dev *pdev)
{
	return IS_ENABLED(CONFIG_X86) && pci_domain_nr(pdev->bus) == 0;
}
EXPORT_SYMBOL_GPL(dd_pci_cfg_reachable);

static void dd_conf1_select(struct pci_dev *pdev, unsigned int off)
{
	outl(0x80000000u | (u32)pdev->bus->number << 16 |
	     (u32)pdev->devfn << 8 | (off & 0xfc), DD_CONF1_ADDRESS);
}

/* 1, 2 or 4 bytes at off (below 256, aligned); panic time, no lock. */
u32 dd_pci_cfg_read(struct pci_dev *pdev, unsigned int off, unsigned int bytes)
{
	dd_conf1_select(pdev, off);
	switch (bytes) {
	case 1:
		return inb(DD_CONF1_DATA + (off & 3));
	case 2:
		return inw(DD_CONF1_DATA + (off & 2));
	default:
		return inl(DD_CONF1_DATA);
	}
}
EXPORT_SYMBOL_GPL(dd_pci_cfg_read);

void dd_pci_cfg_write(struct pci_dev *pdev, unsigned int off, u32 val,
		      unsigned int bytes)
{
	dd_conf1_select(pdev, off);
	switch (bytes) {
	case 1:
		outb(val & 0xff, DD_CONF1_DATA + (off & 3));
		break;
	case 2:
		outw(val & 0xffff, DD_CONF1_DATA + (off & 2));
		break;
	default:
		outl(val, DD_CONF1_DATA);
	}
}
EXPORT_SYMBOL_GPL(dd_pci_cfg_write);

/*
 * Before each quiesce(): 0, or -ENODEV after a message when the function
 * cannot be reached (gone, or in a low-power state).
 */
int dd_pci_takeover(struct dd_target *t)
{
	struct device *dev = t->disk.dev;
	struct pci_dev *pdev;
	u16 cmd, pmcsr;

	if (!dev || !dev_is_pci(dev))
		return 0;
	pdev = to_pci_dev(dev);
	if (!dd_pci_cfg_reachable(pdev))
		return 0;
	if (dd_pci_cfg_read(pdev, PCI_VENDOR_ID, 2) == 0xffff) {
		pr_emerg("%s: %s is gone from the bus (config space reads all ones)\n",
			 t->disk.description, pci_name(pdev));
		return -ENODEV;
	}
	if (pdev->pm_cap) {
		pmcsr = dd_pci_cfg_read(pdev, pdev->pm_cap + PCI_PM_CTRL, 2);
		if (pmcsr & PCI_PM_CTRL_STATE_MASK) {
			pr_emerg("%s: %s is in power state D%u: its registers cannot be reached\n",
				 t->disk.description, pci_name(pdev),
				 pmcsr & PCI_PM_CTRL_STATE_MASK);
			return -ENODEV;
		}
	}
	cmd = dd_pci_cfg_read(pdev, PCI_COMMAND, 2);
	if ((cmd & (PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER)) !=
	    (PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER)) {
		pr_emerg("%s: %s had memory decode %s and bus mastering %s (its driver was resetting it?): both turned on\n",
			 t->disk.description, pci_name(pdev),
			 cmd & PCI_COMMAND_MEMORY ? "on" : "off",
			 cmd & PCI_COMMAND_MASTER ? "on" : "off");
		dd_pci_cfg_write(pdev, PCI_COMMAND,
				 cmd | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, 2);
	}
	return 0;
}
